import { contrastRatio, MAX_LOGO_BYTES } from '@gatehouse/core';
import { describe, expect, it } from 'vitest';
import { adminOf, createHarness, type Loose } from './harness.ts';
import { operatorHarness, operatorSession, user } from './operators.ts';

const dataUrl = (type: string, bytes: Uint8Array | string) => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
const PNG_HEADER = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (size = 64) => Uint8Array.from([...PNG_HEADER, ...new Array(size - PNG_HEADER.length).fill(7)]);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>';

async function setup() {
  const { h, signIn } = await operatorHarness();
  const operator = await operatorSession(h, (await signIn('alice')).cookie ?? '');
  const get = async () => (await h.request('/v1/admin/branding', { cookie: operator.cookie })).json();
  const put = (body: unknown) =>
    h.request('/v1/admin/branding', { method: 'PUT', cookie: operator.cookie, csrf: operator.csrf, json: body });
  const auditCount = async () =>
    (await h.deps.audit.listAll({ limit: 200 })).events.filter((e) => e.action === 'branding.changed').length;
  return { h, operator, get, put, auditCount };
}

describe('branding of the setup wizard', () => {
  it('is Gatehouse until the operator sets it, then the IT admin’s wizard shows the operator’s, and the change is audited', async () => {
    const { h, get, put } = await setup();
    const admin = await adminOf(h, 'Acme');
    expect(await get()).toEqual({ productName: 'Gatehouse', accentColor: null, logo: null, version: 0, updatedAt: null });
    expect(await (await admin.get('/branding')).json()).toEqual({ productName: 'Gatehouse', accentColor: null, logo: null });

    const logo = dataUrl('image/png', png());
    const saved = await put({ productName: '  Acme Cloud ', accentColor: '#1D4ED8', logo, version: 0 });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ productName: 'Acme Cloud', accentColor: '#1d4ed8', logo, version: 1 });
    expect(await (await admin.get('/branding')).json()).toEqual({ productName: 'Acme Cloud', accentColor: '#1d4ed8', logo });

    const [entry] = (await h.deps.audit.listAll({ limit: 1 })).events;
    expect(entry).toMatchObject({
      action: 'branding.changed',
      tenantId: null,
      actor: { type: 'operator', id: user('alice').email },
      before: { productName: 'Gatehouse', logo: null },
      after: { productName: 'Acme Cloud', accentColor: '#1d4ed8' },
    });
    // The log says a logo was set, without a copy of the image in every entry.
    expect(JSON.stringify(entry)).not.toContain(logo.slice(30));

    const removed = await put({ productName: 'Acme Cloud', accentColor: null, logo: null, version: 1 });
    expect(await removed.json()).toMatchObject({ accentColor: null, logo: null, version: 2 });
    expect(await (await admin.get('/branding')).json()).toMatchObject({ logo: null, accentColor: null });
  });

  it('stores a logo under the type its bytes show, whatever the upload says', async () => {
    const { put } = await setup();
    const bytes = png();
    const saved = await put({ productName: 'Acme', accentColor: null, logo: dataUrl('image/webp', bytes), version: 0 });
    expect((await saved.json()).logo).toBe(dataUrl('image/png', bytes));
  });

  it.each([
    ['an accent white text cannot be read on', { accentColor: '#ffcc00' }, 422, 'BRANDING_ACCENT_LOW_CONTRAST'],
    ['an SVG logo', { logo: dataUrl('image/svg+xml', SVG) }, 422, 'BRANDING_LOGO_TYPE_NOT_ALLOWED'],
    ['an SVG named as a PNG', { logo: dataUrl('image/png', SVG) }, 422, 'BRANDING_LOGO_TYPE_NOT_ALLOWED'],
    ['a logo over 64 KB', { logo: dataUrl('image/png', png(MAX_LOGO_BYTES + 1)) }, 413, 'BRANDING_LOGO_TOO_LARGE'],
    ['a logo that is no data URL', { logo: 'https://cdn.example.com/logo.png' }, 422, 'BRANDING_LOGO_NOT_AN_IMAGE'],
    ['an empty product name', { productName: '  ' }, 400, 'VALIDATION_FAILED'],
    ['a product name over 60 characters', { productName: 'x'.repeat(61) }, 400, 'VALIDATION_FAILED'],
    ['markup in the product name', { productName: '<img src=x onerror=alert(1)>' }, 400, 'VALIDATION_FAILED'],
    ['a colour not in #rrggbb', { accentColor: 'blue' }, 400, 'VALIDATION_FAILED'],
    ['a stale version', { version: 0 }, 409, 'VERSION_CONFLICT'],
  ] as const)('refuses %s and changes nothing', async (_name, change, status, code) => {
    const { get, put, auditCount } = await setup();
    const valid = { productName: 'Acme', accentColor: '#1d4ed8', logo: dataUrl('image/png', png()), version: 0 };
    expect((await put(valid)).status).toBe(200);
    const before = await get();
    const audited = await auditCount();

    const refused = await put({ ...valid, version: 1, ...change });
    expect(refused.status).toBe(status);
    const body: Loose = await refused.json();
    expect(body.error.code).toBe(code);
    if (code.startsWith('BRANDING_')) {
      expect(body.error.details.problems[0]).toMatchObject({ code, fix: expect.any(String) });
    }
    expect(await get()).toEqual(before);
    expect(await auditCount()).toBe(audited);
  });

  it('suggests a darker shade that passes', async () => {
    const { put } = await setup();
    const refused: Loose = await (await put({ productName: 'Acme', accentColor: '#60a5fa', logo: null, version: 0 })).json();
    const suggested = /#[0-9a-f]{6}/.exec(refused.error.details.problems[0].fix)?.[0] ?? '';
    expect(contrastRatio(suggested, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect((await put({ productName: 'Acme', accentColor: suggested, logo: null, version: 0 })).status).toBe(200);
  });

  it('is set only by a signed-in operator, and read in setup only with a setup session', async () => {
    const h = await createHarness();
    const anonymous = await h.request('/v1/admin/branding');
    expect((await anonymous.json()).error.code).toBe('SESSION_REQUIRED');
    const anonymousPut = await h.request('/v1/admin/branding', {
      method: 'PUT',
      json: { productName: 'Evil', accentColor: null, logo: null, version: 0 },
    });
    expect(anonymousPut.status).toBe(401);
    expect((await h.request('/v1/setup/branding')).status).toBe(401);

    // An IT admin's setup session is no operator session.
    const admin = await adminOf(h, 'Acme');
    const asAdmin = await h.request('/v1/admin/branding', {
      method: 'PUT',
      cookie: admin.cookie,
      csrf: admin.csrf,
      json: { productName: 'Evil', accentColor: null, logo: null, version: 0 },
    });
    expect(asAdmin.status).toBe(401);
    expect(await (await admin.get('/branding')).json()).toMatchObject({ productName: 'Gatehouse' });
  });
});
