import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { MiniBrowser } from '@gatehouse/cognito-local/testing';
import { DEMO_USERS, startOidcIdp, startSamlIdp } from '@gatehouse/test-idps';
import { exportJWK, importJWK, SignJWT } from 'jose';
import { describe, expect, it, onTestFinished } from 'vitest';
import { IdTokenRejected } from '../src/cognito/id-token.ts';
import { adminOf, createHarness, type Harness } from './harness.ts';

const CALLBACK = '/v1/setup/test-login/callback';
/**
 * A sign-in goes through the IdP, the local Cognito and the API; the first SAML one in a worker also
 * compiles the XML schema validator, which on a machine busy with the rest of the suite outlasts 20 s.
 */
const SIGN_IN_TIMEOUT = 60_000;
const SAML_MAPPING = { email: 'email', given_name: 'given_name', family_name: 'family_name' };

type Admin = Awaited<ReturnType<typeof adminOf>>;

/** Saves the connection's details and mapping through the wizard API, which sets up its test IdP. */
async function withTestIdp(
  h: Harness,
  admin: Admin,
  protocol: 'saml' | 'oidc',
  details: Record<string, unknown>,
  mapping: Record<string, string>,
) {
  const view = await (await admin.send('POST', '/connections', { vendor: 'generic', protocol })).json();
  const saved = await admin.send('PUT', `/connections/${view.id}/${protocol}`, { ...details, version: 0 });
  expect(saved.status).toBe(200);
  const mapped = await admin.send('PUT', `/connections/${view.id}/mapping`, { attributeMapping: mapping, version: 1 });
  expect(mapped.status).toBe(200);
  const stored = await h.deps.connections.get(admin.tenant.id, view.id);
  if (!stored) throw new Error('connection not stored');
  return { id: view.id as string, testProviderName: stored.testProviderName };
}

async function samlSetup(options: { nameIdFormat?: 'persistent' | 'email'; mapping?: Record<string, string> } = {}) {
  const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
  const pool = h.pool;
  if (!pool) throw new Error('no pool');
  const idp = await startSamlIdp({
    shape: 'generic',
    ...(options.nameIdFormat ? { nameIdFormat: options.nameIdFormat } : {}),
    serviceProviders: [{ entityId: `urn:amazon:cognito:sp:${pool.userPoolId}`, acsUrl: `${pool.domainUrl}/saml2/idpresponse` }],
  });
  onTestFinished(() => idp.stop());
  const admin = await adminOf(h, 'Acme');
  const connection = await withTestIdp(
    h,
    admin,
    'saml',
    { metadata: { source: 'file', xml: idp.metadataXml() } },
    options.mapping ?? SAML_MAPPING,
  );
  return { h, admin, connection, idp };
}

/** Starts a test login and walks managed login and the IdP as a browser would; stops at the callback. */
async function signInThroughIdp(h: Harness, admin: Admin, connectionId: string, user = 'alice') {
  const started = await admin.send('POST', `/connections/${connectionId}/test-login`);
  expect(started.status).toBe(200);
  const { authorizeUrl } = await started.json();
  const browser = new MiniBrowser(`${h.deps.config.publicUrl.origin}${CALLBACK}`);
  const walked = await browser.signIn(authorizeUrl, user);
  if (!walked.finalUrl) throw new Error(`sign-in stopped with ${walked.status}: ${walked.body?.slice(0, 300)}`);
  const url = new URL(walked.finalUrl);
  return { authorizeUrl: new URL(authorizeUrl), callback: `${url.pathname}${url.search}`, params: url.searchParams };
}

async function finish(h: Harness, admin: Admin, callback: string) {
  const response = await h.request(callback, { cookie: admin.cookie });
  expect(response.status).toBe(303);
  return new URL(response.headers.get('location') ?? '');
}

describe('test login: the mapping the provider details saved', { timeout: SIGN_IN_TIMEOUT }, () => {
  it('refuses to start while the vendor preset leaves a required pool attribute unmapped', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const pool = h.pool;
    if (!pool) throw new Error('no pool');
    // The local pool requires nothing; this one requires `name`, which the generic SAML preset does not map.
    const schema = h.deps.cognito.poolSchema.bind(h.deps.cognito);
    h.deps.cognito.poolSchema = async () =>
      (await schema()).map((attribute) => (attribute.Name === 'name' ? { ...attribute, Required: true } : attribute));
    const idp = await startSamlIdp({
      serviceProviders: [{ entityId: `urn:amazon:cognito:sp:${pool.userPoolId}`, acsUrl: `${pool.domainUrl}/saml2/idpresponse` }],
    });
    onTestFinished(() => idp.stop());
    const admin = await adminOf(h, 'Acme');
    const view = await (await admin.send('POST', '/connections', { vendor: 'generic', protocol: 'saml' })).json();
    const saved = await admin.send('PUT', `/connections/${view.id}/saml`, {
      metadata: { source: 'file', xml: idp.metadataXml() },
      version: 0,
    });
    expect(saved.status).toBe(200);
    const draft = await saved.json();
    expect(draft.mappingFindings.map((f: { code: string }) => f.code)).toContain('CLAIM_REQUIRED_UNMAPPED');

    const refused = await admin.send('POST', `/connections/${view.id}/test-login`);
    const body = await refused.json();
    expect(body.error.code).toBe('SETTINGS_INVALID');
    expect(body.error.details.findings.map((f: { code: string }) => f.code)).toEqual(['CLAIM_REQUIRED_UNMAPPED']);

    const mapped = await admin.send('PUT', `/connections/${view.id}/mapping`, {
      attributeMapping: { email: 'email', name: 'username' },
      version: draft.version,
    });
    expect(mapped.status).toBe(200);
    expect((await admin.send('POST', `/connections/${view.id}/test-login`)).status).toBe(200);
  });
});

describe('test login: several users', { timeout: SIGN_IN_TIMEOUT }, () => {
  it('asks an OIDC IdP for a fresh sign-in through Cognito, and tells a SAML admin what to do instead', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const pool = h.pool;
    if (!pool) throw new Error('no pool');
    const secret = 'a-very-secret-value-0001';
    const oidc = await startOidcIdp({
      clients: [{ clientId: 'cognito', clientSecret: secret, redirectUris: [`${pool.domainUrl}/oauth2/idpresponse`] }],
    });
    onTestFinished(() => oidc.stop());
    const admin = await adminOf(h, 'Acme');
    const connection = await withTestIdp(
      h,
      admin,
      'oidc',
      { issuer: oidc.issuer, clientId: 'cognito', clientSecret: secret, scopes: 'openid email profile' },
      { username: 'sub', email: 'email', email_verified: 'email_verified' },
    );
    const started = await (await admin.send('POST', `/connections/${connection.id}/test-login`, { freshSignIn: true })).json();
    expect(started.freshSignIn).toBe('prompt');
    expect(new URL(started.authorizeUrl).searchParams.get('prompt')).toBe('login');
    // Cognito passes prompt on: the IdP is asked to sign someone in afresh.
    const atCognito = await fetch(started.authorizeUrl, { redirect: 'manual' });
    expect(new URL(atCognito.headers.get('location') ?? '').searchParams.get('prompt')).toBe('login');
    const plain = await (await admin.send('POST', `/connections/${connection.id}/test-login`)).json();
    expect(new URL(plain.authorizeUrl).searchParams.get('prompt')).toBeNull();

    const { admin: samlAdmin, connection: samlConnection } = await samlSetup();
    const saml = await (
      await samlAdmin.send('POST', `/connections/${samlConnection.id}/test-login`, { freshSignIn: true })
    ).json();
    expect(saml.freshSignIn).toBe('manual');
    expect(saml.hint).toMatch(/private window/);
  });

  it('says when the tested user’s email domain is not a verified domain of the connection', async () => {
    const { h, admin, connection } = await samlSetup();
    const at = h.deps.now().toISOString();
    const claim = {
      tenantId: admin.tenant.id,
      domain: 'globex.example',
      connectionId: connection.id,
      status: 'pending' as const,
      challenge: 'gatehouse-verification=v1.test',
      createdAt: at,
      updatedAt: at,
    };
    await h.deps.domains.add(claim, 50);
    await h.deps.domains.markVerified(claim, at);
    const { callback } = await signInThroughIdp(h, admin, connection.id);
    await finish(h, admin, callback);
    const view = await (await admin.get(`/connections/${connection.id}`)).json();
    const problem = view.lastTest.report.problems.find((p: { code: string }) => p.code === 'EMAIL_DOMAIN_NOT_VERIFIED');
    expect(problem).toMatchObject({ severity: 'warning', attribute: 'email' });
    expect(problem.message).toContain('acme.example');
  });

  it('lets the latest test decide: a second user failing after a pass blocks submission until a test passes', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const pool = h.pool;
    if (!pool) throw new Error('no pool');
    // dora's identity provider profile has no email address.
    const dora = { id: '7c0b1e2d-4f3a-4b5c-9d6e-8f7a6b5c4d3e', username: 'dora', email: '' };
    const idp = await startSamlIdp({
      shape: 'generic',
      users: [...DEMO_USERS, dora],
      serviceProviders: [{ entityId: `urn:amazon:cognito:sp:${pool.userPoolId}`, acsUrl: `${pool.domainUrl}/saml2/idpresponse` }],
    });
    onTestFinished(() => idp.stop());
    const admin = await adminOf(h, 'Acme');
    const connection = await withTestIdp(
      h,
      admin,
      'saml',
      { metadata: { source: 'file', xml: idp.metadataXml() } },
      SAML_MAPPING,
    );
    const submit = async () => {
      const view = await (await admin.get(`/connections/${connection.id}`)).json();
      return admin.send('POST', `/connections/${connection.id}/submit`, { version: view.version });
    };
    await finish(h, admin, (await signInThroughIdp(h, admin, connection.id, 'alice')).callback);
    await finish(h, admin, (await signInThroughIdp(h, admin, connection.id, 'dora')).callback);
    const blocked = await submit();
    expect((await blocked.json()).error.details.blockers).toEqual(['TEST_LOGIN_FAILED']);
    await finish(h, admin, (await signInThroughIdp(h, admin, connection.id, 'bob')).callback);
    expect((await submit()).status).toBe(200);
  });
});

describe('test login: start', { timeout: SIGN_IN_TIMEOUT }, () => {
  it('returns a managed-login URL with code + PKCE S256, state, nonce and the connection’s test IdP', async () => {
    const { h, admin, connection } = await samlSetup();
    const response = await admin.send('POST', `/connections/${connection.id}/test-login`);
    const { authorizeUrl } = await response.json();
    const url = new URL(authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${h.pool?.domainUrl}/oauth2/authorize`);
    const q = Object.fromEntries(url.searchParams);
    expect(q).toMatchObject({
      response_type: 'code',
      client_id: h.pool?.testClientId,
      redirect_uri: `http://127.0.0.1:8787${CALLBACK}`,
      identity_provider: connection.testProviderName,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(q.state).toMatch(/^[\w-]{43}$/);
    expect(q.nonce).toMatch(/^[\w-]{43}$/);
    expect(q.code_challenge).toMatch(/^[\w-]{43}$/);
    // Only hashes and the verifier are stored, never the state itself.
    expect(await h.tableDump()).not.toContain(q.state);
  });

  it('refuses a connection without a test IdP yet with TEST_LOGIN_NOT_READY', async () => {
    const h = await createHarness({}, { cognito: true });
    const admin = await adminOf(h, 'Acme');
    const view = await (await admin.send('POST', '/connections', { vendor: 'okta', protocol: 'saml' })).json();
    const response = await admin.send('POST', `/connections/${view.id}/test-login`);
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe('TEST_LOGIN_NOT_READY');
  });

  it('requires the session and its CSRF token', async () => {
    const { h, admin, connection } = await samlSetup();
    const anonymous = await h.request(`/v1/setup/connections/${connection.id}/test-login`, { method: 'POST' });
    expect((await anonymous.json()).error.code).toBe('SESSION_REQUIRED');
    const noCsrf = await h.request(`/v1/setup/connections/${connection.id}/test-login`, { method: 'POST', cookie: admin.cookie });
    expect((await noCsrf.json()).error.code).toBe('CSRF_FAILED');
  });
});

describe('test login: end to end', { timeout: SIGN_IN_TIMEOUT }, () => {
  it('passes a SAML test login, reports what Cognito stored and deletes the test user', async () => {
    const { h, admin, connection } = await samlSetup();
    const { callback } = await signInThroughIdp(h, admin, connection.id);
    const done = await finish(h, admin, callback);
    expect(done.pathname).toBe('/setup/test-login/done');
    expect(done.searchParams.get('connection')).toBe(connection.id);
    expect(done.searchParams.get('error')).toBeNull();

    const view = await (await admin.get(`/connections/${connection.id}`)).json();
    expect(view.lastTest).toMatchObject({ passed: true, current: true });
    const logged = await h.deps.audit.listForTenant(admin.tenant.id, { limit: 1 });
    expect(logged.events[0]).toMatchObject({ action: 'connection.test-passed', actor: { type: 'admin' } });
    const report = view.lastTest.report;
    expect(report).toMatchObject({
      outcome: 'signed-in',
      passed: true,
      username: `${connection.testProviderName}_6f1c2a7e-3b9d-4c58-8e21-0a4d7b5c9e13`,
      identity: { providerType: 'SAML', userId: '6f1c2a7e-3b9d-4c58-8e21-0a4d7b5c9e13' },
      usernameStable: true,
      emailVerified: false,
      // The pool's tenant claims trigger put the connection's tenant in the test login's tokens.
      tenantClaim: { expected: admin.tenant.id, received: admin.tenant.id },
    });
    expect(report.attributes).toEqual(
      expect.arrayContaining([
        { attribute: 'email', claim: 'email', value: 'alice@acme.example', status: 'present', required: false },
        { attribute: 'given_name', claim: 'given_name', value: 'Alice', status: 'present', required: false },
        { attribute: 'family_name', claim: 'family_name', value: 'Anders', status: 'present', required: false },
      ]),
    );
    expect(report.problems.map((p: { code: string }) => p.code)).toEqual(['EMAIL_NOT_VERIFIED']);
    expect(await h.deps.cognito.userAttributes(report.username)).toBeNull();

    // A later edit makes the result stale.
    const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
    if (!stored) throw new Error('gone');
    await h.deps.connections.save({ ...stored, changeSeq: stored.changeSeq + 1 }, stored.version);
    expect((await (await admin.get(`/connections/${connection.id}`)).json()).lastTest).toMatchObject({
      passed: true,
      current: false,
    });
  });

  it('passes an OIDC test login with a verified email and sub as the username', async () => {
    const h = await createHarness({ allowPrivateNetwork: true }, { cognito: true });
    const pool = h.pool;
    if (!pool) throw new Error('no pool');
    const secret = 'oidc-client-secret-0123456789abcd';
    const idp = await startOidcIdp({
      clients: [{ clientId: 'cognito', clientSecret: secret, redirectUris: [`${pool.domainUrl}/oauth2/idpresponse`] }],
    });
    onTestFinished(() => idp.stop());
    const admin = await adminOf(h, 'Acme');
    const connection = await withTestIdp(
      h,
      admin,
      'oidc',
      { issuer: idp.issuer, clientId: 'cognito', clientSecret: secret, scopes: 'openid email profile' },
      { username: 'sub', email: 'email', email_verified: 'email_verified', given_name: 'given_name' },
    );
    const { callback } = await signInThroughIdp(h, admin, connection.id, 'bob');
    const start = await finish(h, admin, callback);
    expect(start.searchParams.get('connection')).toBe(connection.id);

    const view = await (await admin.get(`/connections/${connection.id}`)).json();
    expect(view.lastTest.passed).toBe(true);
    expect(view.lastTest.report).toMatchObject({
      outcome: 'signed-in',
      username: `${connection.testProviderName}_b84e0d3f-92a6-4f17-a5c0-7d16e2f8b4a9`,
      identity: { providerType: 'OIDC', userId: 'b84e0d3f-92a6-4f17-a5c0-7d16e2f8b4a9' },
      usernameStable: true,
      emailVerified: true,
      tenantClaim: { expected: admin.tenant.id, received: admin.tenant.id },
      problems: [],
    });
    expect(view.lastTest.report.attributes).toEqual(
      expect.arrayContaining([
        { attribute: 'email', claim: 'email', value: 'bob@acme.example', status: 'present', required: false },
      ]),
    );
    expect(await h.deps.cognito.userAttributes(view.lastTest.report.username)).toBeNull();

    // Neither the client secret nor any token or code reaches a response, a log line or the table.
    const everything = [JSON.stringify(view), h.logs.join('\n'), await h.tableDump()].join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(new URLSearchParams(callback.split('?')[1]).get('code'));
    expect(everything).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it('reports an email claim that is not mapped', async () => {
    const { h, admin, connection } = await samlSetup({ mapping: { given_name: 'given_name' } });
    const { callback } = await signInThroughIdp(h, admin, connection.id);
    await finish(h, admin, callback);
    const view = await (await admin.get(`/connections/${connection.id}`)).json();
    expect(view.lastTest.passed).toBe(false);
    const logged = await h.deps.audit.listForTenant(admin.tenant.id, { limit: 1 });
    expect(logged.events[0]).toMatchObject({ action: 'connection.test-failed', target: { connectionId: connection.id } });
    expect(view.lastTest.report.problems).toContainEqual(
      expect.objectContaining({ code: 'EMAIL_NOT_MAPPED', severity: 'error', attribute: 'email' }),
    );
    expect(await h.deps.cognito.userAttributes(view.lastTest.report.username)).toBeNull();
  });

  it('flags users keyed by their email address', async () => {
    const { h, admin, connection } = await samlSetup({ nameIdFormat: 'email' });
    const { callback } = await signInThroughIdp(h, admin, connection.id);
    await finish(h, admin, callback);
    const view = await (await admin.get(`/connections/${connection.id}`)).json();
    expect(view.lastTest.passed).toBe(false);
    expect(view.lastTest.report).toMatchObject({
      usernameStable: false,
      username: `${connection.testProviderName}_alice@acme.example`,
    });
    expect(view.lastTest.report.problems.map((p: { code: string }) => p.code)).toContain('USERNAME_FROM_EMAIL');
    expect(await h.deps.cognito.userAttributes(`${connection.testProviderName}_alice@acme.example`)).toBeNull();
  });

  it('explains the Cognito error when the IdP sends a response for another audience', async () => {
    const { h, admin, connection, idp } = await samlSetup();
    idp.setBehaviour('wrong-audience');
    const { callback, params } = await signInThroughIdp(h, admin, connection.id);
    expect(params.get('error')).toBe('server_error');
    const done = await finish(h, admin, callback);
    expect(done.searchParams.get('connection')).toBe(connection.id);
    const view = await (await admin.get(`/connections/${connection.id}`)).json();
    expect(view.lastTest).toMatchObject({ passed: false, current: true });
    expect(view.lastTest.report).toMatchObject({
      outcome: 'cognito-error',
      cognitoError: { code: 'SAML_AUDIENCE_MISMATCH', error: 'server_error' },
    });
    expect(view.lastTest.report.cognitoError.fix.length).toBeGreaterThan(20);
  });
});

describe('test login: callback refusals', { timeout: SIGN_IN_TIMEOUT }, () => {
  it('rejects a missing or unknown state and a replayed callback', async () => {
    const { h, admin, connection } = await samlSetup();
    const { callback, params } = await signInThroughIdp(h, admin, connection.id);

    const missing = await finish(h, admin, `${CALLBACK}?code=${params.get('code')}`);
    expect(missing.searchParams.get('error')).toBe('TEST_LOGIN_STATE_INVALID');
    const forged = await finish(h, admin, `${CALLBACK}?code=${params.get('code')}&state=${'x'.repeat(43)}`);
    expect(forged.searchParams.get('error')).toBe('TEST_LOGIN_STATE_INVALID');

    const first = await finish(h, admin, callback);
    expect(first.searchParams.get('connection')).toBe(connection.id);
    const at = (await (await admin.get(`/connections/${connection.id}`)).json()).lastTest.at;

    h.clock.advance(1000);
    const replay = await finish(h, admin, callback);
    expect(replay.searchParams.get('error')).toBe('TEST_LOGIN_STATE_INVALID');
    expect((await (await admin.get(`/connections/${connection.id}`)).json()).lastTest.at).toBe(at);
  });

  it('rejects an attempt that has expired', async () => {
    const { h, admin, connection } = await samlSetup();
    const { callback } = await signInThroughIdp(h, admin, connection.id);
    h.clock.advance(11 * 60_000);
    const done = await finish(h, admin, callback);
    expect(done.searchParams.get('error')).toBe('TEST_LOGIN_STATE_INVALID');
    expect((await (await admin.get(`/connections/${connection.id}`)).json()).lastTest).toBeUndefined();
  });

  it('lets no other session start or finish this connection’s test, and the owner still can', async () => {
    const { h, admin, connection } = await samlSetup();
    const globex = await adminOf(h, 'Globex');
    const start = await globex.send('POST', `/connections/${connection.id}/test-login`);
    expect(start.status).toBe(404);
    expect((await start.json()).error.code).toBe('NOT_FOUND');

    const { callback } = await signInThroughIdp(h, admin, connection.id);
    const stolen = await h.request(callback, { cookie: globex.cookie });
    expect(new URL(stolen.headers.get('location') ?? '').searchParams.get('error')).toBe('TEST_LOGIN_STATE_INVALID');
    const anonymous = await h.request(callback);
    expect(new URL(anonymous.headers.get('location') ?? '').searchParams.get('error')).toBe('SESSION_REQUIRED');
    expect((await (await admin.get(`/connections/${connection.id}`)).json()).lastTest).toBeUndefined();

    const owner = await finish(h, admin, callback);
    expect(owner.searchParams.get('connection')).toBe(connection.id);
  });
});

describe('ID token verification', { timeout: SIGN_IN_TIMEOUT }, () => {
  async function poolKid(h: Harness) {
    const jwks = await (await fetch(`${h.cognitoEndpoint}/${h.pool?.userPoolId}/.well-known/jwks.json`)).json();
    return jwks.keys[0] as { kid: string; n: string; e: string; kty: string };
  }
  const claims = (h: Harness) => ({
    iss: `${h.cognitoEndpoint}/${h.pool?.userPoolId}`,
    aud: h.pool?.testClientId,
    token_use: 'id',
    nonce: 'n-1',
    'cognito:username': 'x_y',
  });

  it('refuses a token signed by a key not in the JWKS, alg none and HS256 keyed with the public key', async () => {
    const h = await createHarness({}, { cognito: true });
    const { kid, ...publicJwk } = await poolKid(h);
    const now = Math.floor(Date.now() / 1000);

    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT(claims(h))
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(privateKey);
    await expect(h.deps.verifyIdToken(forged, 'n-1')).rejects.toBeInstanceOf(IdTokenRejected);

    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const none = `${b64({ alg: 'none', kid })}.${b64({ ...claims(h), iat: now, exp: now + 600 })}.`;
    await expect(h.deps.verifyIdToken(none, 'n-1')).rejects.toBeInstanceOf(IdTokenRejected);

    const publicKey = await importJWK({ ...publicJwk, alg: 'RS256' }, 'RS256', { extractable: true });
    const pem = JSON.stringify(await exportJWK(publicKey));
    const hs256 = await new SignJWT(claims(h))
      .setProtectedHeader({ alg: 'HS256', kid })
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(pem));
    await expect(h.deps.verifyIdToken(hs256, 'n-1')).rejects.toBeInstanceOf(IdTokenRejected);
  });

  it('refuses a genuine token of another app client (wrong audience) or with another nonce, accepts the right one', async () => {
    const { h, connection } = await samlSetup();
    const pool = h.pool;
    if (!pool) throw new Error('no pool');
    /** A real ID token the pool issues to `clientId` after a sign-in through the connection's test IdP. */
    async function genuineToken(clientId: string, redirect: string) {
      const verifier = randomBytes(32).toString('base64url');
      const authorize = new URL(`${pool?.domainUrl}/oauth2/authorize`);
      for (const [k, v] of Object.entries({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirect,
        identity_provider: connection.testProviderName,
        scope: 'openid email profile',
        nonce: 'n-1',
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }))
        authorize.searchParams.set(k, v);
      const walked = await new MiniBrowser(redirect).signIn(authorize.toString(), 'alice');
      const code = new URL(walked.finalUrl ?? '').searchParams.get('code') ?? '';
      const response = await fetch(`${pool?.domainUrl}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: clientId,
          code,
          redirect_uri: redirect,
          code_verifier: verifier,
        }).toString(),
      });
      return String(((await response.json()) as { id_token?: string }).id_token);
    }

    await h.deps.cognito.setProviderOnClient(pool.appClientId, connection.testProviderName, true);
    const otherClient = await genuineToken(pool.appClientId, 'http://127.0.0.1:8787/demo-app/callback');
    await expect(h.deps.verifyIdToken(otherClient, 'n-1')).rejects.toBeInstanceOf(IdTokenRejected);

    const own = await genuineToken(pool.testClientId, `http://127.0.0.1:8787${CALLBACK}`);
    await expect(h.deps.verifyIdToken(own, 'another-nonce')).rejects.toBeInstanceOf(IdTokenRejected);
    const verified = await h.deps.verifyIdToken(own, 'n-1');
    expect(verified).toMatchObject({ aud: pool.testClientId, token_use: 'id', nonce: 'n-1' });
  });
});
