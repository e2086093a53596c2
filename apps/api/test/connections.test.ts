import { describe, expect, it } from 'vitest';
import { adminOf, createHarness } from './harness.ts';

describe('setup connections', () => {
  it('starts a draft with the chosen provider and shows what to register', async () => {
    const h = await createHarness();
    const admin = await adminOf(h, 'Acme');
    const created = await admin.send('POST', '/connections', { vendor: 'okta', protocol: 'saml' });
    expect(created.status).toBe(201);
    const connection = await created.json();
    expect(connection).toMatchObject({
      vendor: 'okta',
      protocol: 'saml',
      status: 'draft',
      step: 'register',
      editable: true,
      version: 0,
    });
    expect(connection.providerName).toMatch(/^gh-acme-[0-9a-z]{7}$/);
    expect(connection.serviceProvider).toEqual({
      entityId: 'urn:amazon:cognito:sp:us-east-1_TestPool1',
      acsUrl: 'https://auth.example.com/saml2/idpresponse',
      logoutUrl: 'https://auth.example.com/saml2/logout',
      redirectUri: 'https://auth.example.com/oauth2/idpresponse',
      domainUrl: 'https://auth.example.com',
    });
    const listed = await (await admin.get('/connections')).json();
    expect(listed.connections.map((c: { id: string }) => c.id)).toEqual([connection.id]);
  });

  it('keeps provider names within Cognito’s rules and distinct for tests', async () => {
    const h = await createHarness();
    const admin = await adminOf(h, 'A Very Long Organisation Name Incorporated');
    const connection = await (await admin.send('POST', '/connections', { vendor: 'entra', protocol: 'oidc' })).json();
    for (const name of [connection.providerName]) {
      expect(name.length).toBeGreaterThanOrEqual(3);
      expect(name.length).toBeLessThanOrEqual(32);
      expect(name).not.toContain('_');
    }
  });

  it('refuses an unknown vendor with VALIDATION_FAILED and stores nothing', async () => {
    const h = await createHarness();
    const admin = await adminOf(h, 'Acme');
    const response = await admin.send('POST', '/connections', { vendor: 'myspace', protocol: 'saml' });
    expect((await response.json()).error.code).toBe('VALIDATION_FAILED');
    expect((await (await admin.get('/connections')).json()).connections).toEqual([]);
  });

  it('never shows or changes another tenant’s connection', async () => {
    const h = await createHarness();
    const acme = await adminOf(h, 'Acme');
    const globex = await adminOf(h, 'Globex');
    const theirs = await (await acme.send('POST', '/connections', { vendor: 'okta', protocol: 'saml' })).json();

    const read = await globex.get(`/connections/${theirs.id}`);
    expect(read.status).toBe(404);
    expect((await read.json()).error.code).toBe('NOT_FOUND');
    const write = await globex.send('PUT', `/connections/${theirs.id}/provider`, {
      vendor: 'google',
      protocol: 'oidc',
      version: 0,
    });
    expect(write.status).toBe(404);
    const step = await globex.send('PUT', `/connections/${theirs.id}/step`, { step: 'mapping' });
    expect(step.status).toBe(404);
    expect((await (await globex.get('/connections')).json()).connections).toEqual([]);

    // Trying to name the tenant in the request changes nothing: the session decides.
    const smuggled = await globex.send('POST', '/connections', { vendor: 'okta', protocol: 'saml', tenantId: acme.tenant.id });
    expect(smuggled.status).toBe(201);
    const acmeList = (await (await acme.get('/connections')).json()).connections;
    expect(acmeList).toHaveLength(1);
    expect(acmeList[0]).toMatchObject({ id: theirs.id, vendor: 'okta', version: 0 });
  });

  it('turns a save based on a stale version into VERSION_CONFLICT and keeps the first save', async () => {
    const h = await createHarness();
    const admin = await adminOf(h, 'Acme');
    const connection = await (await admin.send('POST', '/connections', { vendor: 'okta', protocol: 'saml' })).json();

    const first = await admin.send('PUT', `/connections/${connection.id}/provider`, {
      vendor: 'entra',
      protocol: 'saml',
      version: 0,
    });
    expect(await first.clone().json()).toMatchObject({ version: 1 });
    expect((await first.json()).version).toBe(1);

    const second = await admin.send('PUT', `/connections/${connection.id}/provider`, {
      vendor: 'google',
      protocol: 'oidc',
      version: 0,
    });
    expect(second.status).toBe(409);
    const body = await second.json();
    expect(body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 1 } });
    expect(await (await admin.get(`/connections/${connection.id}`)).json()).toMatchObject({
      vendor: 'entra',
      protocol: 'saml',
      version: 1,
    });
  });

  it('renames a connection after its new provider unless the admin named it', async () => {
    const h = await createHarness();
    const admin = await adminOf(h, 'Acme');
    const named = await (await admin.send('POST', '/connections', { vendor: 'okta', protocol: 'saml' })).json();
    expect(named.displayName).toBe('Okta (SAML)');
    const switched = await admin.send('PUT', `/connections/${named.id}/provider`, {
      vendor: 'entra',
      protocol: 'oidc',
      version: 0,
    });
    expect(await switched.json()).toMatchObject({ vendor: 'entra', displayName: 'Microsoft Entra ID (OIDC)' });

    // A connection stored when default names were made from the vendor's id is still recognised as named by default.
    const legacy = await (await admin.send('POST', '/connections', { vendor: 'okta', protocol: 'saml' })).json();
    const stored = await h.deps.connections.get(admin.tenant.id, legacy.id);
    if (!stored) throw new Error('missing connection');
    await h.deps.connections.save({ ...stored, displayName: 'okta (SAML)' }, 0);
    const fromLegacy = await admin.send('PUT', `/connections/${legacy.id}/provider`, {
      vendor: 'google',
      protocol: 'saml',
      version: 1,
    });
    expect((await fromLegacy.json()).displayName).toBe('Google Workspace (SAML)');

    const custom = await (
      await admin.send('POST', '/connections', { vendor: 'okta', protocol: 'saml', displayName: 'Head office' })
    ).json();
    const kept = await admin.send('PUT', `/connections/${custom.id}/provider`, { vendor: 'entra', protocol: 'saml', version: 0 });
    expect(await kept.json()).toMatchObject({ vendor: 'entra', displayName: 'Head office' });
  });

  it('lets exactly one of two simultaneous saves win', async () => {
    const h = await createHarness();
    const admin = await adminOf(h, 'Acme');
    const connection = await (await admin.send('POST', '/connections', { vendor: 'okta', protocol: 'saml' })).json();
    const results = await Promise.all(
      (['entra', 'google'] as const).map((vendor) =>
        admin.send('PUT', `/connections/${connection.id}/provider`, { vendor, protocol: 'saml', version: 0 }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('records the step without bumping the version, so a reload resumes there', async () => {
    const h = await createHarness();
    const admin = await adminOf(h, 'Acme');
    const connection = await (await admin.send('POST', '/connections', { vendor: 'okta', protocol: 'saml' })).json();
    expect((await admin.send('PUT', `/connections/${connection.id}/step`, { step: 'mapping' })).status).toBe(200);
    expect(await (await admin.get(`/connections/${connection.id}`)).json()).toMatchObject({ step: 'mapping', version: 0 });
  });

  it('requires the session and its CSRF token', async () => {
    const h = await createHarness();
    const anonymous = await h.request('/v1/setup/connections');
    expect((await anonymous.json()).error.code).toBe('SESSION_REQUIRED');
    const admin = await adminOf(h, 'Acme');
    const noCsrf = await h.request('/v1/setup/connections', { cookie: admin.cookie, json: { vendor: 'okta', protocol: 'saml' } });
    expect(noCsrf.status).toBe(403);
    expect((await noCsrf.json()).error.code).toBe('CSRF_FAILED');
    expect((await (await admin.get('/connections')).json()).connections).toEqual([]);
  });
});
