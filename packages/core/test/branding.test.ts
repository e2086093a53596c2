import { describe, expect, it } from 'vitest';
import {
  checkBranding,
  checkLogo,
  contrastRatio,
  darkerAccent,
  MAX_LOGO_BYTES,
  MIN_ACCENT_CONTRAST,
  productNameSchema,
} from '../src/branding.ts';

const base64 = (bytes: number[] | string) =>
  Buffer.from(typeof bytes === 'string' ? bytes : Uint8Array.from(bytes)).toString('base64');
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
const JPEG = [0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1];
const WEBP = [...Buffer.from('RIFF'), 0x24, 0, 0, 0, ...Buffer.from('WEBPVP8 ')];

describe('accent contrast', () => {
  it.each([
    ['#ffffff', 1],
    ['#000000', 21],
    ['#767676', 4.54],
  ])('white on %s is %s:1', (colour, ratio) => {
    expect(contrastRatio(colour, '#ffffff')).toBeCloseTo(ratio, 2);
  });

  it.each(['#ffcc00', '#4ade80', '#60a5fa', '#ff0000', '#ffffff'])(
    'refuses %s and suggests a darker shade white text can sit on',
    (colour) => {
      const [problem] = checkBranding({ accentColor: colour, logo: null }).problems;
      expect(problem?.code).toBe('BRANDING_ACCENT_LOW_CONTRAST');
      const suggested = darkerAccent(colour);
      expect(contrastRatio(suggested, '#ffffff')).toBeGreaterThanOrEqual(MIN_ACCENT_CONTRAST);
      expect(problem?.fix).toContain(suggested);
    },
  );

  it.each(['#1d4ed8', '#000000', '#b91c1c', null])('accepts %s', (colour) => {
    expect(checkBranding({ accentColor: colour, logo: null }).problems).toEqual([]);
  });
});

describe('logo', () => {
  it.each([
    ['PNG', PNG, 'image/png'],
    ['JPEG', JPEG, 'image/jpeg'],
    ['WebP', WEBP, 'image/webp'],
  ])('accepts a %s by its bytes and stores it under its real media type', (_name, bytes, type) => {
    // Named as something else: the bytes decide.
    const checked = checkLogo(`data:application/octet-stream;base64,${base64(bytes)}`);
    expect(checked).toEqual({ logo: `data:${type};base64,${base64(bytes)}` });
  });

  it.each([
    ['an SVG', `data:image/svg+xml;base64,${base64('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')}`],
    ['an SVG named as a PNG', `data:image/png;base64,${base64('<svg xmlns="http://www.w3.org/2000/svg"/>')}`],
    ['a GIF', `data:image/gif;base64,${base64('GIF89a\u0001\u0000\u0001\u0000')}`],
    ['HTML', `data:image/png;base64,${base64('<html><script></script></html>')}`],
  ])('refuses %s', (_name, dataUrl) => {
    const checked = checkLogo(dataUrl);
    expect('problem' in checked && checked.problem.code).toBe('BRANDING_LOGO_TYPE_NOT_ALLOWED');
  });

  it.each([
    ['not a data URL', 'https://example.com/logo.png'],
    ['not base64', 'data:image/png;base64,!!!!'],
    ['empty', 'data:image/png;base64,'],
    ['plain text data', `data:image/png,${'x'.repeat(20)}`],
  ])('refuses %s as not an image', (_name, dataUrl) => {
    const checked = checkLogo(dataUrl);
    expect('problem' in checked && checked.problem.code).toBe('BRANDING_LOGO_NOT_AN_IMAGE');
  });

  it('refuses a logo over the limit and accepts one at it', () => {
    const at = [...PNG, ...new Array(MAX_LOGO_BYTES - PNG.length).fill(0)];
    expect(checkLogo(`data:image/png;base64,${base64(at)}`)).toHaveProperty('logo');
    const over = checkLogo(`data:image/png;base64,${base64([...at, 0])}`);
    expect('problem' in over && over.problem.code).toBe('BRANDING_LOGO_TOO_LARGE');
  });

  it('reports every problem at once', () => {
    const { problems } = checkBranding({ accentColor: '#ffff00', logo: 'data:image/svg+xml;base64,PHN2Zy8+' });
    expect(problems.map((p) => p.code)).toEqual(['BRANDING_ACCENT_LOW_CONTRAST', 'BRANDING_LOGO_TYPE_NOT_ALLOWED']);
  });
});

describe('product name', () => {
  it.each(['Acme Cloud', 'Ünïcødé Søftware', 'x'.repeat(60)])('accepts %s', (name) => {
    expect(productNameSchema.safeParse(name).success).toBe(true);
  });
  it.each(['', '   ', 'x'.repeat(61), '<b>Acme</b>', 'Acme\nCloud'])('refuses %j', (name) => {
    expect(productNameSchema.safeParse(name).success).toBe(false);
  });
});
