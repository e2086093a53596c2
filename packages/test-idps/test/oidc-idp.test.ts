import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { DEMO_USERS, startOidcIdp, type TestOidcIdp } from '../src/index.ts';
import { parseLoginForm, UserAgent } from './user-agent.ts';

const REDIRECT_URI = 'https://rp.example/oauth2/idpresponse';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  jwks_uri: string;
  token_endpoint_auth_methods_supported: string[];
  code_challenge_methods_supported?: string[];
}

async function discover(idp: TestOidcIdp): Promise<Discovery> {
  const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
  expect(response.status).toBe(200);
  return (await response.json()) as Discovery;
}

/** Runs the authorization request and the sign-in page as a browser would; returns the code. */
async function signIn(
  idp: TestOidcIdp,
  discovery: Discovery,
  params: { clientId: string; username: string; scope?: string; codeChallenge?: string; nonce?: string },
): Promise<{ code: string; state: string }> {
  const agent = new UserAgent();
  const state = randomBytes(8).toString('hex');
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: params.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: params.scope ?? 'openid email profile',
    state,
    ...(params.nonce ? { nonce: params.nonce } : {}),
    ...(params.codeChallenge ? { code_challenge: params.codeChallenge, code_challenge_method: 'S256' } : {}),
  }).toString();
  const toLogin = await agent.follow(authorize.toString(), REDIRECT_URI);
  expect(toLogin.response.status).toBe(200);
  const form = parseLoginForm(await toLogin.response.text());
  expect(form.usernames).toContain(params.username);
  const back = await agent.follow(new URL(form.action, idp.url).toString(), REDIRECT_URI, {
    form: { ...form.hidden, username: params.username },
  });
  expect(back.location).toBeDefined();
  const callback = new URL(back.location ?? '');
  expect(callback.searchParams.get('error')).toBeNull();
  expect(callback.searchParams.get('state')).toBe(state);
  return { code: callback.searchParams.get('code') ?? '', state };
}

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('OIDC IdP with both client authentication methods', () => {
  let idp: TestOidcIdp;
  let discovery: Discovery;
  const alice = DEMO_USERS.find((user) => user.username === 'alice');

  beforeAll(async () => {
    idp = await startOidcIdp({
      clients: [{ clientId: 'cognito', clientSecret: 'cognito-secret', redirectUris: [REDIRECT_URI] }],
    });
    discovery = await discover(idp);
  });
  afterAll(() => idp.stop());

  it('publishes discovery whose issuer is its origin without a trailing slash', () => {
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(discovery.issuer).toBe(idp.issuer);
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_post', 'client_secret_basic']),
    );
    expect(discovery.code_challenge_methods_supported).toContain('S256');
  });

  it('publishes a JWKS whose RSA signing key carries a kid', async () => {
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256' });
    expect(jwks.keys[0]?.kid).toMatch(/.+/);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('signs alice in by the code flow with PKCE, nonce and client_secret_post', async () => {
    // oidc-provider warns on the console when the token request's body was parsed before it.
    const warn = vi.spyOn(console, 'warn');
    onTestFinished(() => {
      expect(warn).not.toHaveBeenCalled();
      warn.mockRestore();
    });
    const pkce = pkcePair();
    const nonce = randomBytes(8).toString('hex');
    const { code } = await signIn(idp, discovery, {
      clientId: 'cognito',
      username: 'alice',
      codeChallenge: pkce.challenge,
      nonce,
    });
    const tokenResponse = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: 'cognito',
        client_secret: 'cognito-secret',
        code_verifier: pkce.verifier,
      }),
    });
    expect(tokenResponse.status).toBe(200);
    const tokens = (await tokenResponse.json()) as { id_token: string; access_token: string; token_type: string };
    expect(tokens.token_type).toBe('Bearer');

    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
      issuer: idp.issuer,
      audience: 'cognito',
    });
    expect(protectedHeader.kid).toMatch(/.+/);
    expect(payload).toMatchObject({
      sub: alice?.id,
      nonce,
      email: alice?.email,
      email_verified: true,
      given_name: 'Alice',
      family_name: 'Anders',
      groups: alice?.groups,
      department: 'Engineering',
    });

    const userinfo = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({ sub: alice?.id, email: alice?.email, preferred_username: 'alice' });
  });

  it('refuses a code exchanged with the wrong PKCE verifier', async () => {
    const pkce = pkcePair();
    const { code } = await signIn(idp, discovery, { clientId: 'cognito', username: 'bob', codeChallenge: pkce.challenge });
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: 'cognito',
        client_secret: 'cognito-secret',
        code_verifier: pkcePair().verifier,
      }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('refuses a wrong client secret', async () => {
    const { code } = await signIn(idp, discovery, { clientId: 'cognito', username: 'bob' });
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: 'cognito',
        client_secret: 'not-the-secret',
      }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('knows a client registered after start', async () => {
    idp.registerClient({ clientId: 'late', clientSecret: 'late-secret', redirectUris: [REDIRECT_URI] });
    const { code } = await signIn(idp, discovery, { clientId: 'late', username: 'carol' });
    expect(code).toMatch(/.+/);
  });
});

describe('OIDC IdP that accepts only client_secret_post', () => {
  let idp: TestOidcIdp;
  let discovery: Discovery;

  beforeAll(async () => {
    idp = await startOidcIdp({
      tokenEndpointAuthMethods: ['client_secret_post'],
      clients: [{ clientId: 'cognito', clientSecret: 'cognito-secret', redirectUris: [REDIRECT_URI] }],
    });
    discovery = await discover(idp);
  });
  afterAll(() => idp.stop());

  it('advertises only client_secret_post', () => {
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(['client_secret_post']);
  });

  it('refuses a code exchange authenticated with client_secret_basic', async () => {
    const { code } = await signIn(idp, discovery, { clientId: 'cognito', username: 'alice' });
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('cognito:cognito-secret').toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('refuses to register a client that would authenticate with client_secret_basic', () => {
    expect(() =>
      idp.registerClient({
        clientId: 'basic',
        clientSecret: 'secret',
        redirectUris: [REDIRECT_URI],
        tokenEndpointAuthMethod: 'client_secret_basic',
      }),
    ).toThrow();
  });
});

describe('OIDC IdP that does not offer client_secret_post', () => {
  it('advertises and accepts only client_secret_basic', async () => {
    const idp = await startOidcIdp({
      tokenEndpointAuthMethods: ['client_secret_basic'],
      clients: [
        {
          clientId: 'basic-only',
          clientSecret: 'secret',
          redirectUris: [REDIRECT_URI],
          tokenEndpointAuthMethod: 'client_secret_basic',
        },
      ],
    });
    try {
      const discovery = await discover(idp);
      expect(discovery.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic']);
      const { code } = await signIn(idp, discovery, { clientId: 'basic-only', username: 'alice' });
      const post = await fetch(discovery.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          client_id: 'basic-only',
          client_secret: 'secret',
        }),
      });
      expect(post.status).toBe(401);
      expect(((await post.json()) as { error: string }).error).toBe('invalid_client');
      const basic = await fetch(discovery.token_endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from('basic-only:secret').toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }),
      });
      expect(basic.status).toBe(200);
    } finally {
      await idp.stop();
    }
  });
});

describe('OIDC IdP shaped like Auth0, with a broken key set on demand', () => {
  let idp: TestOidcIdp;
  beforeAll(async () => {
    idp = await startOidcIdp({ issuerTrailingSlash: true });
  });
  afterAll(() => idp.stop());

  it('publishes its issuer with a trailing slash, discovery staying at the origin', async () => {
    expect(idp.issuer).toBe(`${idp.url}/`);
    const response = await fetch(`${idp.url}/.well-known/openid-configuration`);
    expect(((await response.json()) as Discovery).issuer).toBe(`${idp.url}/`);
  });

  it('answers its JWKS with 404 or an empty key set, then its keys again', async () => {
    const jwks = `${idp.url}/jwks`;
    idp.setJwksBehaviour('not-found');
    expect((await fetch(jwks)).status).toBe(404);
    idp.setJwksBehaviour('no-keys');
    expect(await (await fetch(jwks)).json()).toEqual({ keys: [] });
    idp.setJwksBehaviour('normal');
    expect(((await (await fetch(jwks)).json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
  });
});
