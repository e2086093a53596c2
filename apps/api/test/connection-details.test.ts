import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { localCognitoClient } from '@gatehouse/dev-pool';
import { startOidcIdp, startSamlIdp } from '@gatehouse/test-idps';
import { describe, expect, it, onTestFinished } from 'vitest';
import { adminOf, createHarness, type Harness } from './harness.ts';

async function localHarness() {
  return createHarness({ allowPrivateNetwork: true }, { cognito: true });
}

async function samlIdp(h: Harness, options: Parameters<typeof startSamlIdp>[0] = {}) {
  const pool = h.pool;
  if (!pool) throw new Error('needs cognito');
  const idp = await startSamlIdp({
    shape: 'okta',
    serviceProviders: [{ entityId: `urn:amazon:cognito:sp:${pool.userPoolId}`, acsUrl: `${pool.domainUrl}/saml2/idpresponse` }],
    ...options,
  });
  onTestFinished(() => idp.stop());
  return idp;
}

async function testClientProviders(h: Harness): Promise<string[]> {
  const pool = h.pool;
  if (!pool || !h.cognitoEndpoint) throw new Error('needs cognito');
  const described = await localCognitoClient(h.cognitoEndpoint).send(
    new DescribeUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientId: pool.testClientId }),
  );
  return described.UserPoolClient?.SupportedIdentityProviders ?? [];
}

async function started(h: Harness, vendor: string, protocol: 'saml' | 'oidc') {
  const admin = await adminOf(h, 'Acme');
  const connection = await (await admin.send('POST', '/connections', { vendor, protocol })).json();
  return { admin, connection };
}

describe('SAML details', () => {
  it('saves an uploaded metadata file, creates the test IdP and enables it on the test-login client only', async () => {
    const h = await localHarness();
    const idp = await samlIdp(h);
    const { admin, connection } = await started(h, 'okta', 'saml');

    const response = await admin.send('PUT', `/connections/${connection.id}/saml`, {
      metadata: { source: 'file', xml: idp.metadataXml(), fileName: 'okta.xml' },
      signRequests: false,
      idpInitiated: false,
      idpSignout: false,
      version: 0,
    });
    expect(response.status).toBe(200);
    const saved = await response.json();
    expect(saved).toMatchObject({
      version: 1,
      step: 'mapping',
      saml: { metadataSource: 'file', fileName: 'okta.xml', entityId: idp.entityId },
    });
    // The vendor preset is applied so the first test login carries the usual attributes.
    expect(saved.attributeMapping.email).toBe('email');

    const testProviderName = (await h.deps.connections.get(admin.tenant.id, connection.id))?.testProviderName ?? '';
    const described = await h.deps.cognito.describeIdentityProvider(testProviderName);
    expect(described).toMatchObject({ type: 'SAML' });
    expect(described?.details.MetadataFile).toContain(idp.entityId);
    expect(described?.attributeMapping.email).toBe('email');
    expect(await testClientProviders(h)).toEqual([testProviderName]);
    // The live provider does not exist until an operator approves.
    expect(await h.deps.cognito.describeIdentityProvider(connection.providerName)).toBeNull();
  });

  it('saves a metadata URL, which Cognito re-reads itself', async () => {
    const h = await localHarness();
    const idp = await samlIdp(h);
    const { admin, connection } = await started(h, 'okta', 'saml');
    const response = await admin.send('PUT', `/connections/${connection.id}/saml`, {
      metadata: { source: 'url', url: idp.metadataUrl },
      version: 0,
    });
    expect(response.status).toBe(200);
    const saved = await response.json();
    // Plain http on 127.0.0.1 is allowed on this local portal, and still reported.
    expect(saved.findings.map((f: { code: string; severity: string }) => [f.code, f.severity])).toContainEqual([
      'METADATA_URL_NOT_HTTPS',
      'warning',
    ]);
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    const described = await h.deps.cognito.describeIdentityProvider(stored?.testProviderName ?? '');
    expect(described?.details.MetadataURL).toBe(idp.metadataUrl);
  });

  it('refuses metadata with an expired signing certificate with every finding, and changes nothing', async () => {
    const h = await localHarness();
    const idp = await samlIdp(h, {
      certificate: { notBefore: new Date(Date.now() - 400 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) },
    });
    const { admin, connection } = await started(h, 'okta', 'saml');
    const response = await admin.send('PUT', `/connections/${connection.id}/saml`, {
      metadata: { source: 'file', xml: idp.metadataXml() },
      version: 0,
    });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe('SETTINGS_INVALID');
    expect(body.error.details.findings.map((f: { code: string }) => f.code)).toContain('METADATA_CERTIFICATE_EXPIRED');
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    expect(stored).toMatchObject({ version: 0, changeSeq: 0 });
    expect(stored?.draft?.saml).toBeUndefined();
    expect(await h.deps.cognito.describeIdentityProvider(stored?.testProviderName ?? '')).toBeNull();
  });

  it('refuses a DOCTYPE before parsing', async () => {
    const h = await localHarness();
    const { admin, connection } = await started(h, 'generic', 'saml');
    const xml =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>';
    const body = await (
      await admin.send('PUT', `/connections/${connection.id}/saml`, { metadata: { source: 'file', xml }, version: 0 })
    ).json();
    expect(body.error.code).toBe('SETTINGS_INVALID');
    expect(body.error.details.findings.map((f: { code: string }) => f.code)).toEqual(['METADATA_DOCTYPE_FORBIDDEN']);
  });

  it('refuses an oversized metadata upload by its length, before reading it as XML', async () => {
    const h = await createHarness();
    const { admin, connection } = await started(h, 'okta', 'saml');
    const path = `/v1/setup/connections/${connection.id}/saml`;
    // Malformed on purpose: any XML work would add METADATA_NOT_XML.
    const body = (characters: number) =>
      JSON.stringify({ metadata: { source: 'file', xml: `<md:EntityDescriptor><a>${'x'.repeat(characters)}` }, version: 0 });
    const send = (payload: BodyInit, headers: Record<string, string> = {}) =>
      h.app.request(`${h.deps.config.publicUrl.origin}${path}`, {
        method: 'PUT',
        headers: {
          cookie: admin.cookie,
          'x-csrf-token': admin.csrf,
          origin: h.deps.config.publicUrl.origin,
          'content-type': 'application/json',
          ...headers,
        },
        body: payload,
        ...(payload instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);

    // A body far over what a 131,072-character file can take in JSON: refused from its declared length.
    const declared = await send(body(900_000), { 'content-length': String(900_000 + 80) });
    expect(declared.status).toBe(413);
    expect((await declared.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    // The same without a declared length: counted as it streams, and refused.
    const bytes = new TextEncoder().encode(body(900_000));
    const streamed = await send(
      new ReadableStream({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.slice(at, at + 64 * 1024));
          controller.close();
        },
      }),
    );
    expect(streamed.status).toBe(413);
    // Within the body limit but over Cognito's MetadataFile limit: one finding, and no XML read.
    const over = await send(body(140_000));
    expect(over.status).toBe(422);
    const refusal = await over.json();
    expect(refusal.error.details.findings.map((f: { code: string }) => f.code)).toEqual(['METADATA_FILE_TOO_LARGE']);
    expect((await h.deps.connections.get(admin.tenant.id, connection.id))?.version).toBe(0);
  });

  it('never fetches a private address when the portal does not allow it', async () => {
    const h = await createHarness({}, { cognito: true });
    const idp = await samlIdp(h);
    const { admin, connection } = await started(h, 'okta', 'saml');
    const response = await admin.send('PUT', `/connections/${connection.id}/saml`, {
      metadata: { source: 'url', url: idp.metadataUrl },
      version: 0,
    });
    expect(response.status).toBe(422);
    const refusal = await response.json();
    expect(refusal.error.code).toBe('SETTINGS_INVALID');
    expect(refusal.error.details.findings.map((f: { code: string; field: string }) => [f.code, f.field])).toEqual([
      // http on another port than 443/80 is refused before any address is looked up.
      ['FETCH_URL_REFUSED', 'metadataUrl'],
    ]);
    expect((await h.deps.connections.get(admin.tenant.id, connection.id))?.version).toBe(0);
  });

  it('keeps another tenant out', async () => {
    const h = await localHarness();
    const idp = await samlIdp(h);
    const { connection } = await started(h, 'okta', 'saml');
    const intruder = await adminOf(h, 'Globex');
    const response = await intruder.send('PUT', `/connections/${connection.id}/saml`, {
      metadata: { source: 'file', xml: idp.metadataXml() },
      version: 0,
    });
    expect(response.status).toBe(404);
  });
});

describe('the IdP the admin chose', () => {
  it('warns at save that Entra’s default Name ID is the UPN, which the metadata cannot show', async () => {
    const h = await localHarness();
    const idp = await samlIdp(h, { shape: 'entra', nameIdFormat: 'email' });
    const { admin, connection } = await started(h, 'entra', 'saml');
    const response = await admin.send('PUT', `/connections/${connection.id}/saml`, {
      metadata: { source: 'url', url: idp.metadataUrl },
      version: 0,
    });
    expect(response.status).toBe(200);
    const found = (await response.json()).findings.find((f: { code: string }) => f.code === 'METADATA_VENDOR_DEFAULT_NAMEID');
    expect(found).toMatchObject({ severity: 'warning' });
    expect(found.fix).toContain('user.objectid');
  });
});

describe('the generic SAML preset', () => {
  it('maps the given and family names the Register step asks the IdP to release', async () => {
    const h = await localHarness();
    const idp = await samlIdp(h, { shape: 'generic' });
    const { admin, connection } = await started(h, 'generic', 'saml');
    const saved = await (
      await admin.send('PUT', `/connections/${connection.id}/saml`, {
        metadata: { source: 'file', xml: idp.metadataXml(), fileName: 'idp.xml' },
        version: 0,
      })
    ).json();
    expect(saved.attributeMapping).toEqual({ email: 'email', given_name: 'given_name', family_name: 'family_name' });
  });
});

describe('real vendors’ metadata as downloaded', () => {
  const fixture = (folder: string) =>
    readFileSync(
      join(import.meta.dirname, '../../../packages/core/test/fixtures/saml/generated', folder, 'metadata.xml'),
      'utf8',
    );

  it.each([
    [
      'JumpCloud with HTTP-POST only',
      'jumpcloud',
      'bad/jumpcloud-post-only',
      'METADATA_NO_REDIRECT_BINDING',
      /Declare Redirect Endpoint/,
    ],
    ['Entra multi-tenant', 'entra', 'bad/entra-multi-tenant', 'METADATA_ENTITY_ID_PLACEHOLDER', /App Federation Metadata Url/],
    ['one entity in a wrapper', 'generic', 'bad/single-entity-aggregate', 'METADATA_SINGLE_ENTITY_WRAPPED', /EntitiesDescriptor/],
    ['metadata in no namespace', 'generic', 'bad/no-namespace', 'METADATA_NAMESPACE_MISSING', /xmlns/],
  ])('refuses %s with the setting to change', async (_case, vendor, folder, code, fix) => {
    const h = await localHarness();
    const { admin, connection } = await started(h, vendor, 'saml');
    const body = await (
      await admin.send('PUT', `/connections/${connection.id}/saml`, {
        metadata: { source: 'file', xml: fixture(folder), fileName: 'metadata.xml' },
        version: 0,
      })
    ).json();
    expect(body.error.code).toBe('SETTINGS_INVALID');
    const found = body.error.details.findings.find((f: { code: string }) => f.code === code);
    expect(found?.fix).toMatch(fix);
  });

  it('judges only the HTTP-Redirect endpoint for https, once', async () => {
    const h = await localHarness();
    const { admin, connection } = await started(h, 'generic', 'saml');
    const save = async (folder: string) =>
      (
        await admin.send('PUT', `/connections/${connection.id}/saml`, {
          metadata: { source: 'file', xml: fixture(folder), fileName: 'metadata.xml' },
          version: 0,
        })
      ).json();
    // The local stack relaxes http findings to warnings (allowPrivateNetwork), so the save may pass.
    const every = await save('bad/http-on-every-binding');
    const findings = every.findings ?? every.error.details.findings;
    expect(findings.filter((f: { code: string }) => f.code === 'METADATA_SSO_NOT_HTTPS')).toHaveLength(1);
    const unused = await (
      await admin.send('PUT', `/connections/${connection.id}/saml`, {
        metadata: { source: 'file', xml: fixture('bad/http-soap-and-artifact-only'), fileName: 'metadata.xml' },
        version: every.version ?? 0,
      })
    ).json();
    expect(unused.findings.map((f: { code: string }) => f.code)).not.toContain('METADATA_SSO_NOT_HTTPS');
  });
});

describe('SAML request signing', () => {
  it('keeps the signed-requests warning only while request signing is off', async () => {
    const h = await localHarness();
    const idp = await samlIdp(h, { wantAuthnRequestsSigned: true });
    const { admin, connection } = await started(h, 'okta', 'saml');
    const save = async (signRequests: boolean, version: number) =>
      (
        await admin.send('PUT', `/connections/${connection.id}/saml`, {
          metadata: { source: 'url', url: idp.metadataUrl },
          signRequests,
          idpInitiated: false,
          idpSignout: false,
          version,
        })
      ).json();
    const off = await save(false, 0);
    expect(off.findings.map((f: { code: string }) => f.code)).toContain('METADATA_SIGNED_REQUESTS_REQUIRED');
    const on = await save(true, off.version);
    const codes = on.findings.map((f: { code: string }) => f.code);
    expect(codes).not.toContain('METADATA_SIGNED_REQUESTS_REQUIRED');
    expect(codes).toContain('METADATA_SIGNED_REQUESTS_ON');
  });
});

describe('OIDC details', () => {
  async function oidcIdp(
    h: Harness,
    methods?: Array<'client_secret_post' | 'client_secret_basic'>,
    options: { issuerTrailingSlash?: boolean } = {},
  ) {
    const pool = h.pool;
    if (!pool) throw new Error('needs cognito');
    const idp = await startOidcIdp({
      ...options,
      clients: [
        {
          clientId: 'gatehouse',
          clientSecret: 'a-very-secret-value-0001',
          redirectUris: [`${pool.domainUrl}/oauth2/idpresponse`],
          tokenEndpointAuthMethod: methods?.[0] ?? 'client_secret_post',
        },
      ],
      ...(methods ? { tokenEndpointAuthMethods: methods } : {}),
    });
    onTestFinished(() => idp.stop());
    return idp;
  }

  it('sends the secret to Cognito alone: never back, never stored, never logged', async () => {
    const h = await localHarness();
    const idp = await oidcIdp(h);
    const { admin, connection } = await started(h, 'generic', 'oidc');
    const secret = 'a-very-secret-value-0001';
    const response = await admin.send('PUT', `/connections/${connection.id}/oidc`, {
      issuer: idp.issuer,
      clientId: 'gatehouse',
      clientSecret: secret,
      scopes: 'openid email profile',
      version: 0,
    });
    expect(await response.clone().json()).toMatchObject({ version: 1 });
    const text = await response.clone().text();
    expect(text).not.toContain(secret);
    expect((await response.json()).oidc.secret).toMatchObject({ set: true, lastFour: '0001' });
    expect(await h.tableDump()).not.toContain(secret);
    expect(h.logs.join('\n')).not.toContain(secret);
    const view = await (await admin.get(`/connections/${connection.id}`)).text();
    expect(view).not.toContain(secret);

    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    const provider = await h.deps.cognito.describeIdentityProvider(stored?.testProviderName ?? '');
    expect(provider?.details).toMatchObject({ client_id: 'gatehouse', client_secret: secret, oidc_issuer: idp.issuer });
  });

  it('keeps the secret already in Cognito when a later save leaves it out, and asks for one first', async () => {
    const h = await localHarness();
    const idp = await oidcIdp(h);
    const { admin, connection } = await started(h, 'generic', 'oidc');
    const base = { issuer: idp.issuer, clientId: 'gatehouse', scopes: 'openid email' };
    const missing = await admin.send('PUT', `/connections/${connection.id}/oidc`, { ...base, version: 0 });
    expect((await missing.json()).error.code).toBe('SECRET_REQUIRED');

    await admin.send('PUT', `/connections/${connection.id}/oidc`, {
      ...base,
      clientSecret: 'a-very-secret-value-0001',
      version: 0,
    });
    const again = await admin.send('PUT', `/connections/${connection.id}/oidc`, {
      ...base,
      scopes: 'openid email profile',
      version: 1,
    });
    expect(again.status).toBe(200);
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    const provider = await h.deps.cognito.describeIdentityProvider(stored?.testProviderName ?? '');
    expect(provider?.details).toMatchObject({
      client_secret: 'a-very-secret-value-0001',
      authorize_scopes: 'openid email profile',
    });
  });

  it.each([
    ['typed with the slash', true],
    ['typed without it', false],
  ])('saves an IdP that publishes its issuer with a trailing slash, %s, the way Cognito wants it', async (_case, slash) => {
    const h = await localHarness();
    const idp = await oidcIdp(h, undefined, { issuerTrailingSlash: true });
    const { admin, connection } = await started(h, 'auth0', 'oidc');
    const response = await admin.send('PUT', `/connections/${connection.id}/oidc`, {
      issuer: slash ? idp.issuer : idp.url,
      clientId: 'gatehouse',
      clientSecret: 'a-very-secret-value-0001',
      version: 0,
    });
    expect(response.status).toBe(200);
    const saved = await response.json();
    expect(saved.oidc.issuer).toBe(idp.url);
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    expect(stored?.draft?.findings.map((f) => [f.code, f.severity])).toContainEqual(['OIDC_ISSUER_PUBLISHED_WITH_SLASH', 'info']);
    const provider = await h.deps.cognito.describeIdentityProvider(stored?.testProviderName ?? '');
    expect(provider?.details.oidc_issuer).toBe(idp.url);
  });

  it.each([
    ['answers 404', 'not-found', 'OIDC_JWKS_UNREACHABLE'],
    ['serves no keys', 'no-keys', 'OIDC_JWKS_INVALID'],
  ] as const)('refuses an IdP whose jwks_uri %s, and creates no test IdP', async (_case, behaviour, code) => {
    const h = await localHarness();
    const idp = await oidcIdp(h);
    idp.setJwksBehaviour(behaviour);
    const { admin, connection } = await started(h, 'generic', 'oidc');
    const body = await (
      await admin.send('PUT', `/connections/${connection.id}/oidc`, {
        issuer: idp.issuer,
        clientId: 'gatehouse',
        clientSecret: 'a-very-secret-value-0001',
        version: 0,
      })
    ).json();
    expect(body.error.code).toBe('SETTINGS_INVALID');
    expect(body.error.details.findings.map((f: { code: string }) => f.code)).toContain(code);
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    expect(await h.deps.cognito.describeIdentityProvider(stored?.testProviderName ?? '')).toBeNull();
  });

  it('says when the scopes leave out a claim the mapping uses (openid alone while email is mapped)', async () => {
    const h = await localHarness();
    const idp = await oidcIdp(h);
    const { admin, connection } = await started(h, 'generic', 'oidc');
    const saved = await (
      await admin.send('PUT', `/connections/${connection.id}/oidc`, {
        issuer: idp.issuer,
        clientId: 'gatehouse',
        clientSecret: 'a-very-secret-value-0001',
        scopes: 'openid',
        version: 0,
      })
    ).json();
    const missing = saved.mappingFindings.filter((f: { code: string }) => f.code === 'CLAIM_SCOPE_MISSING');
    expect(missing.map((f: { field: string }) => f.field)).toContain('attributeMapping.email');
    const mapped = await (
      await admin.send('PUT', `/connections/${connection.id}/mapping`, {
        attributeMapping: { username: 'sub', email: 'email', email_verified: 'email_verified' },
        version: saved.version,
      })
    ).json();
    expect(mapped.mappingFindings.map((f: { code: string }) => f.code)).toContain('CLAIM_SCOPE_MISSING');
  });

  it('refuses an issuer with a trailing slash the IdP does not publish', async () => {
    const h = await localHarness();
    const idp = await oidcIdp(h);
    const { admin, connection } = await started(h, 'generic', 'oidc');
    const body = await (
      await admin.send('PUT', `/connections/${connection.id}/oidc`, {
        issuer: `${idp.issuer}/`,
        clientId: 'gatehouse',
        clientSecret: 'a-very-secret-value-0001',
        version: 0,
      })
    ).json();
    expect(body.error.code).toBe('SETTINGS_INVALID');
    expect(body.error.details.findings.map((f: { code: string }) => f.code)).toContain('OIDC_ISSUER_TRAILING_SLASH');
  });

  it('refuses an IdP that does not offer client_secret_post', async () => {
    const h = await localHarness();
    const idp = await oidcIdp(h, ['client_secret_basic']);
    const { admin, connection } = await started(h, 'generic', 'oidc');
    const body = await (
      await admin.send('PUT', `/connections/${connection.id}/oidc`, {
        issuer: idp.issuer,
        clientId: 'gatehouse',
        clientSecret: 'a-very-secret-value-0001',
        version: 0,
      })
    ).json();
    expect(body.error.code).toBe('SETTINGS_INVALID');
    expect(body.error.details.findings.map((f: { code: string }) => f.code)).toContain('OIDC_CLIENT_SECRET_POST_MISSING');
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    expect(await h.deps.cognito.describeIdentityProvider(stored?.testProviderName ?? '')).toBeNull();
  });
});

describe('attribute mapping', () => {
  it('refuses an immutable custom attribute and applies a sound mapping to the test IdP', async () => {
    const h = await localHarness();
    const idp = await samlIdp(h);
    const { admin, connection } = await started(h, 'okta', 'saml');
    await admin.send('PUT', `/connections/${connection.id}/saml`, {
      metadata: { source: 'file', xml: idp.metadataXml() },
      version: 0,
    });

    const bad = await admin.send('PUT', `/connections/${connection.id}/mapping`, {
      attributeMapping: { email: 'email', 'custom:employee_id': 'employeeNumber' },
      version: 1,
    });
    const badBody = await bad.json();
    expect(badBody.error.code).toBe('SETTINGS_INVALID');
    expect(badBody.error.details.findings.map((f: { code: string }) => f.code)).toContain('CLAIM_TARGET_IMMUTABLE');

    // The tenant is Gatehouse's to say: a mapping that would let the IdP write one is refused, and nothing
    // of it reaches the test IdP.
    const forged = await admin.send('PUT', `/connections/${connection.id}/mapping`, {
      attributeMapping: { email: 'email', 'custom:tenant_id': 'organization' },
      version: 1,
    });
    expect(forged.status).toBe(422);
    const forgedBody = await forged.json();
    expect(forgedBody.error.code).toBe('SETTINGS_INVALID');
    expect(forgedBody.error.details.findings.map((f: { code: string }) => f.code)).toContain('CLAIM_TARGET_TENANT');

    const good = await admin.send('PUT', `/connections/${connection.id}/mapping`, {
      attributeMapping: { email: 'email', given_name: 'firstName', family_name: 'lastName', 'custom:department': 'department' },
      version: 1,
    });
    expect(good.status).toBe(200);
    expect((await good.json()).step).toBe('domains');
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    const provider = await h.deps.cognito.describeIdentityProvider(stored?.testProviderName ?? '');
    expect(provider?.attributeMapping).toMatchObject({ email: 'email', 'custom:department': 'department' });
  });
});
