import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSaasApp } from '../src/app.ts';

const CLIENT_ID = 'demo-saas-app';
let issuer = '';
let stop = () => Promise.resolve();
let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let strangerKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** A pool's issuer on 127.0.0.1 serving its JWKS, as the local Cognito does. */
beforeAll(async () => {
  const pool = await generateKeyPair('RS256', { extractable: true });
  const stranger = await generateKeyPair('RS256', { extractable: true });
  signingKey = pool.privateKey;
  strangerKey = stranger.privateKey;
  const jwks = { keys: [{ ...(await exportJWK(pool.publicKey)), kid: 'pool-key', alg: 'RS256', use: 'sig' }] };
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/us-east-1_Demo/.well-known/jwks.json' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/us-east-1_Demo`;
  stop = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => stop());

function app() {
  return createDemoSaasApp({
    baseUrl: 'http://127.0.0.1:9999',
    gatehouseApiUrl: 'http://127.0.0.1:1/v1',
    cognitoDomainUrl: 'http://127.0.0.1:1/domains/demo',
    userPoolId: 'us-east-1_Demo',
    clientId: CLIENT_ID,
    localIssuer: issuer,
  });
}

/** An access token as Cognito shapes it, with what the test changes. */
async function accessToken(
  claims: Record<string, unknown> = {},
  options: { key?: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']; kid?: string; expiresIn?: number } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ token_use: 'access', client_id: CLIENT_ID, scope: 'openid email', username: 'gh-acme_1', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'pool-key' })
    .setSubject('0b1c2d3e')
    .setIssuer(issuer)
    .setIssuedAt(now - 10)
    .setExpirationTime(now + (options.expiresIn ?? 3600))
    .sign(options.key ?? signingKey);
}

const projects = (tenant: string, authorization?: string) =>
  app().request(`/api/tenants/${tenant}/projects`, authorization ? { headers: { authorization } } : {});

async function codeOf(response: Response) {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe('the demo API: a tenant’s data for that tenant’s tokens only', () => {
  it('serves the projects of the tenant the access token names', async () => {
    const response = await projects('acme', `Bearer ${await accessToken({ tenant_id: 'acme' })}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { tenantId: string; projects: Array<{ id: string }> };
    expect(body.tenantId).toBe('acme');
    expect(body.projects.map((p) => p.id)).toEqual(['acme-p1', 'acme-p2', 'acme-p3']);
  });

  it('refuses another tenant’s projects with 403 TENANT_MISMATCH', async () => {
    const response = await projects('globex', `Bearer ${await accessToken({ tenant_id: 'acme' })}`);
    expect(response.status).toBe(403);
    expect(await codeOf(response)).toBe('TENANT_MISMATCH');
  });

  it('refuses a token without tenant_id (a native user, a suspended tenant) with 403 NO_TENANT', async () => {
    const response = await projects('acme', `Bearer ${await accessToken()}`);
    expect(response.status).toBe(403);
    expect(await codeOf(response)).toBe('NO_TENANT');
  });

  it('refuses a request without a token with 401 TOKEN_MISSING', async () => {
    const response = await projects('acme');
    expect(response.status).toBe(401);
    expect(await codeOf(response)).toBe('TOKEN_MISSING');
  });

  it.each([
    ['signed by a key not in the pool’s JWKS', () => accessToken({ tenant_id: 'acme' }, { key: strangerKey })],
    ['naming a key the pool does not have', () => accessToken({ tenant_id: 'acme' }, { kid: 'other' })],
    ['expired', () => accessToken({ tenant_id: 'acme' }, { expiresIn: -60 })],
    ['an ID token', () => accessToken({ tenant_id: 'acme', token_use: 'id', aud: CLIENT_ID })],
    ['issued to another app client', () => accessToken({ tenant_id: 'acme', client_id: 'another-client' })],
    [
      'unsigned (alg none)',
      async () =>
        `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'pool-key' })).toString('base64url')}.${Buffer.from(
          JSON.stringify({ token_use: 'access', client_id: CLIENT_ID, tenant_id: 'acme', iss: issuer, exp: 9_999_999_999 }),
        ).toString('base64url')}.`,
    ],
    [
      'HS256 signed with the public key material',
      async () => {
        const secret = new TextEncoder().encode(
          JSON.stringify((await generateKeyPair('RS256', { extractable: true })).publicKey),
        );
        return new SignJWT({ token_use: 'access', client_id: CLIENT_ID, tenant_id: 'acme' })
          .setProtectedHeader({ alg: 'HS256', kid: 'pool-key' })
          .setIssuer(issuer)
          .setExpirationTime('1h')
          .sign(secret);
      },
    ],
  ])('refuses an access token %s with 401 TOKEN_INVALID', async (_case, make) => {
    const response = await projects('acme', `Bearer ${await make()}`);
    expect(response.status).toBe(401);
    expect(await codeOf(response)).toBe('TOKEN_INVALID');
  });

  it('sends security headers that keep its pages from being framed or scripted from elsewhere', async () => {
    const response = await app().request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await response.text()).toContain('Work email');
  });

  it('refuses a callback whose state it never issued, without signing anyone in', async () => {
    const response = await app().request('/callback?code=abc&state=forged');
    expect(response.status).toBe(400);
    expect(response.headers.get('set-cookie') ?? '').not.toContain('demo_saas_session=');
  });
});
