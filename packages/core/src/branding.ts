import { z } from 'zod';

/**
 * The operator's branding of the setup wizard: the product name, logo and accent colour an IT admin
 * sees instead of Gatehouse's. One per installation; the operator console keeps Gatehouse's own look.
 */

/** What the wizard shows when the operator has set nothing. */
export const DEFAULT_PRODUCT_NAME = 'Gatehouse';
export const MAX_PRODUCT_NAME_LENGTH = 60;
/** The largest logo accepted, in bytes of the image itself (not of its base64 text). */
export const MAX_LOGO_BYTES = 64 * 1024;
/** WCAG 2.x AA for normal text: the accent is the background of white button text. */
export const MIN_ACCENT_CONTRAST = 4.5;

/** Raster formats only: an SVG can carry script, so it is never accepted, whatever it claims to be. */
export const LOGO_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoMediaType = (typeof LOGO_MEDIA_TYPES)[number];

const HEX_COLOUR = /^#[0-9a-f]{6}$/i;
// Control characters and angle brackets: the name is plain text wherever it appears (page title, header).
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const NOT_PLAIN_TEXT = /[\u0000-\u001f\u007f<>]/;
// Enough base64 for the largest logo plus a data URL's header; what lies inside is checked by checkBranding.
const MAX_LOGO_DATA_URL_LENGTH = Math.ceil(MAX_LOGO_BYTES / 3) * 4 * 2 + 64;

export const productNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_PRODUCT_NAME_LENGTH)
  .refine((name) => !NOT_PLAIN_TEXT.test(name), 'Use plain text: no angle brackets or control characters.');

export const accentColourSchema = z
  .string()
  .regex(HEX_COLOUR, 'Give the colour as #rrggbb, for example #1d4ed8.')
  .transform((colour) => colour.toLowerCase());

/** The operator's change: every field, as the console's form sends it. `logo` null removes the logo. */
export const brandingInputSchema = z.object({
  productName: productNameSchema,
  accentColor: accentColourSchema.nullable(),
  /** The image as a `data:` URL (base64); its bytes decide what it is, not the media type it names. */
  logo: z.string().max(MAX_LOGO_DATA_URL_LENGTH).nullable(),
  version: z.number().int().nonnegative(),
});
export type BrandingInput = z.infer<typeof brandingInputSchema>;

/** The branding as stored and as the console and the wizard read it. */
export const brandingSchema = z.object({
  productName: z.string(),
  accentColor: z.string().nullable(),
  /** A `data:` URL of a PNG, JPEG or WebP image, or null for none. */
  logo: z.string().nullable(),
  /** 0 while the operator has never saved any. */
  version: z.number().int().nonnegative(),
  updatedAt: z.string().nullable(),
});
export type Branding = z.infer<typeof brandingSchema>;

export const DEFAULT_BRANDING: Branding = {
  productName: DEFAULT_PRODUCT_NAME,
  accentColor: null,
  logo: null,
  version: 0,
  updatedAt: null,
};

/** The branding the wizard needs, without the bookkeeping. */
export const setupBrandingSchema = brandingSchema.pick({ productName: true, accentColor: true, logo: true });
export type SetupBranding = z.infer<typeof setupBrandingSchema>;

export type BrandingProblemCode =
  | 'BRANDING_ACCENT_LOW_CONTRAST'
  | 'BRANDING_LOGO_NOT_AN_IMAGE'
  | 'BRANDING_LOGO_TYPE_NOT_ALLOWED'
  | 'BRANDING_LOGO_TOO_LARGE';

/** One reason the branding cannot be saved, with how to put it right. */
export interface BrandingProblem {
  code: BrandingProblemCode;
  field: 'accentColor' | 'logo';
  message: string;
  fix: string;
}

/** The relative luminance of an sRGB colour given as #rrggbb (WCAG 2.x). */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The WCAG contrast ratio of two #rrggbb colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The lightest shade of `hex` (same hue, each channel scaled down together) that white text can sit on
 * at `MIN_ACCENT_CONTRAST`: what a refusal suggests instead.
 */
export function darkerAccent(hex: string): string {
  const rgb = [1, 3, 5].map((offset) => Number.parseInt(hex.slice(offset, offset + 2), 16));
  for (let factor = 1; factor >= 0; factor -= 0.01) {
    const shade = `#${rgb
      .map((c) =>
        Math.floor(c * factor)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')}`;
    if (contrastRatio(shade, '#ffffff') >= MIN_ACCENT_CONTRAST) return shade;
  }
  return '#000000';
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The first `count` bytes of base64 text (or fewer when it is shorter); null when it is not base64. */
function leadingBytes(base64: string, count: number): number[] | null {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of base64.slice(0, Math.ceil(count / 3) * 4)) {
    if (char === '=') break;
    const digit = BASE64.indexOf(char);
    if (digit < 0) return null;
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  return bytes.slice(0, count);
}

const startsWith = (bytes: readonly number[], prefix: readonly number[], at = 0) =>
  prefix.every((byte, index) => bytes[at + index] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** What an image's first bytes say it is: PNG, JPEG or WebP, or null for anything else (SVG included). */
export function sniffLogoType(bytes: readonly number[]): LogoMediaType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/**
 * A logo upload as a data URL with the media type its bytes show, or the problem with it. The media
 * type the upload names is ignored: a file called logo.png that is an SVG is refused as an SVG.
 */
export function checkLogo(dataUrl: string): { logo: string } | { problem: BrandingProblem } {
  const match = /^data:([a-z0-9.+/-]*)(;[a-z0-9=.+-]*)*;base64,([A-Za-z0-9+/]*={0,2})$/i.exec(dataUrl);
  const base64 = match?.[3];
  const bytes = base64 === undefined ? null : leadingBytes(base64, 12);
  if (!base64 || !bytes || bytes.length === 0) {
    return {
      problem: {
        code: 'BRANDING_LOGO_NOT_AN_IMAGE',
        field: 'logo',
        message: 'The logo could not be read as an uploaded image.',
        fix: 'Upload the logo as a PNG, JPEG or WebP file.',
      },
    };
  }
  const type = sniffLogoType(bytes);
  if (!type) {
    return {
      problem: {
        code: 'BRANDING_LOGO_TYPE_NOT_ALLOWED',
        field: 'logo',
        message: 'The logo is not a PNG, JPEG or WebP image. SVG is not accepted because it can carry script.',
        fix: 'Export the logo as a PNG (or JPEG or WebP) and upload that.',
      },
    };
  }
  const size = Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
  if (size > MAX_LOGO_BYTES) {
    return {
      problem: {
        code: 'BRANDING_LOGO_TOO_LARGE',
        field: 'logo',
        message: `The logo is ${Math.ceil(size / 1024)} KB; at most ${MAX_LOGO_BYTES / 1024} KB is accepted.`,
        fix: 'Make the image smaller (a header logo needs about 200 × 64 pixels) or compress it, and upload it again.',
      },
    };
  }
  return { logo: `data:${type};base64,${base64}` };
}

/**
 * Checks branding an operator wants to save: the accent must carry white button text (WCAG AA) and the
 * logo must be a small raster image. Returns every problem at once, and the logo as it is to be stored.
 */
export function checkBranding(input: Pick<BrandingInput, 'accentColor' | 'logo'>): {
  problems: BrandingProblem[];
  logo: string | null;
} {
  const problems: BrandingProblem[] = [];
  if (input.accentColor !== null) {
    const ratio = contrastRatio(input.accentColor, '#ffffff');
    if (ratio < MIN_ACCENT_CONTRAST) {
      const suggestion = darkerAccent(input.accentColor);
      problems.push({
        code: 'BRANDING_ACCENT_LOW_CONTRAST',
        field: 'accentColor',
        message: `White text on ${input.accentColor} has a contrast of ${ratio.toFixed(2)}:1; buttons need at least ${MIN_ACCENT_CONTRAST}:1 to be readable.`,
        fix: `Choose a darker shade, such as ${suggestion}.`,
      });
    }
  }
  let logo: string | null = null;
  if (input.logo !== null) {
    const checked = checkLogo(input.logo);
    if ('problem' in checked) problems.push(checked.problem);
    else logo = checked.logo;
  }
  return { problems, logo };
}
