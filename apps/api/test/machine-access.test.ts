import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { apiClientToken, ensureApiClient, localCognitoClient } from '@gatehouse/dev-pool';
import { describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.ts';
import { operatorHarness, operatorSession } from './operators.ts';
import { adminPasswordSignIn } from './password-sign-in.ts';

/** A harness whose pool has the admin API's resource server and an API client with every scope. */
async function withApiClient(options: { cognitoNow?: () => Date } = {}) {
  const h = await createHarness({}, { cognito: true, apiClient: true, ...options });
  if (!h.pool || !h.apiClient || !h.cognitoEndpoint) throw new Error('no API client');
  return { h, pool: h.pool, apiClient: h.apiClient, cognito: localCognitoClient(h.cognitoEndpoint) };
}

/** A call as the SaaS's backend makes it: a bearer token, JSON, no cookie, no CSRF token, no Origin. */
function call(h: Harness, token: string, method: string, path: string, body?: unknown) {
  return h.app.request(`${h.deps.config.publicUrl.origin}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

describe('the admin API for API clients (client credentials)', () => {
  it('creates a tenant and issues its setup link from a token, and audits the client as the actor', async () => {
    const { h, pool, apiClient } = await withApiClient();
    const token = await apiClientToken(pool, apiClient);
    const created = await call(h, token, 'POST', '/v1/admin/tenants', { name: 'Machine Made Co' });
    expect(created.status).toBe(201);
    const tenant = (await created.json()) as { id: string };
    const link = await call(h, token, 'POST', `/v1/admin/tenants/${tenant.id}/setup-links`, { ttlHours: 24 });
    expect(link.status).toBe(201);
    expect(((await link.json()) as { url: string }).url).toMatch(/\/setup\/gsl_/);
    const listed = await call(h, token, 'GET', `/v1/admin/tenants/${tenant.id}`);
    expect(listed.status).toBe(200);
    const audit = (await (await call(h, token, 'GET', `/v1/admin/tenants/${tenant.id}/audit`)).json()) as {
      events: Array<{ action: string; actor: { type: string; id: string } }>;
    };
    expect(audit.events.length).toBeGreaterThan(0);
    for (const event of audit.events) expect(event.actor).toEqual({ type: 'client', id: apiClient.clientId });
  });

  it('refuses a write to a client with only the read scope, and changes nothing', async () => {
    const { h, pool, apiClient } = await withApiClient();
    const token = await apiClientToken(pool, apiClient, ['gatehouse/read']);
    expect((await call(h, token, 'GET', '/v1/admin/tenants')).status).toBe(200);
    const before = await h.tableDump();
    const refused = await call(h, token, 'POST', '/v1/admin/tenants', { name: 'Not Allowed Co' });
    expect(refused.status).toBe(403);
    expect(await codeOf(refused)).toBe('SCOPE_MISSING');
    expect(await h.tableDump()).toBe(before);
    const decision = await call(h, token, 'POST', '/v1/admin/tenants/acme/connections/c1/approve', { version: 0 });
    expect(await codeOf(decision)).toBe('SCOPE_MISSING');
  });

  it('refuses tokens of a client it does not list, of another pool, tampered, expired or not bearer', async () => {
    let offsetMs = 0;
    const { h, pool, apiClient, cognito } = await withApiClient({ cognitoNow: () => new Date(Date.now() + offsetMs) });
    const good = await apiClientToken(pool, apiClient);
    // Another API client of the same pool, not in M2M_CLIENT_IDS.
    const stranger = await ensureApiClient(cognito, pool, { name: 'someone-else' });
    const strangerToken = await apiClientToken(pool, stranger);
    // The same resource server and client in another pool.
    const otherPoolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'another-pool' }))).UserPool?.Id ?? '';
    await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: otherPoolId, Domain: 'another-pool' }));
    const otherPool = { ...pool, userPoolId: otherPoolId, domainUrl: pool.domainUrl.replace(/[^/]+$/, 'another-pool') };
    const otherToken = await apiClientToken(otherPool, await ensureApiClient(cognito, otherPool));
    // Issued two hours ago: expired an hour ago.
    offsetMs = -2 * 3_600_000;
    const expired = await apiClientToken(pool, apiClient);
    offsetMs = 0;
    const [header, payload, signature] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, scope: 'gatehouse/tenants gatehouse/read' })).toString('base64url')}.${signature}`;

    for (const token of [strangerToken, otherToken, expired, tampered, 'not-a-jwt']) {
      const response = await call(h, token, 'GET', '/v1/admin/tenants');
      expect(response.status).toBe(401);
      expect(await codeOf(response)).toBe('TOKEN_INVALID');
    }
    const basic = await h.app.request(`${h.deps.config.publicUrl.origin}/v1/admin/tenants`, {
      headers: { authorization: `Basic ${Buffer.from(`${apiClient.clientId}:${apiClient.clientSecret}`).toString('base64')}` },
    });
    expect(await codeOf(basic)).toBe('TOKEN_INVALID');
    expect((await call(h, good, 'GET', '/v1/admin/tenants')).status).toBe(200);
  });

  it('refuses a user’s tokens: an ID token, and an access token of a user (not of the client itself)', async () => {
    const { h, pool, apiClient, cognito } = await withApiClient();
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: 'pat', MessageAction: 'SUPPRESS' }));
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: pool.userPoolId,
        Username: 'pat',
        Password: 'Correct-Horse-9-battery',
        Permanent: true,
      }),
    );
    const signedIn = await adminPasswordSignIn(cognito, pool, 'pat', 'Correct-Horse-9-battery');
    // Even listed as an API client, a user's access token is not a client-credentials token.
    const listed = await createHarness(
      { m2m: { clientIds: [apiClient.clientId, pool.appClientId], resourceServer: 'gatehouse' }, cognito: h.deps.config.cognito },
      {},
    );
    for (const token of [signedIn.AuthenticationResult?.IdToken ?? '', signedIn.AuthenticationResult?.AccessToken ?? '']) {
      for (const harness of [h, listed]) {
        const response = await call(harness, token, 'GET', '/v1/admin/tenants');
        expect(response.status).toBe(401);
        expect(await codeOf(response)).toBe('TOKEN_INVALID');
      }
    }
  });

  it('never lets a session stand in for a token, nor a token open the console’s own session routes', async () => {
    const { h, signIn } = await operatorHarness();
    const operator = await operatorSession(h, (await signIn('alice')).cookie ?? '');
    // A valid session cookie with a bad token: judged by the token alone.
    const mixed = await h.request('/v1/admin/tenants', {
      cookie: operator.cookie,
      headers: { authorization: 'Bearer forged' },
    });
    expect(mixed.status).toBe(401);
    expect(await codeOf(mixed)).toBe('TOKEN_INVALID');
    // This portal lists no API client at all.
    const none = await h.request('/v1/admin/tenants', { headers: { authorization: 'Bearer anything' } });
    expect(await codeOf(none)).toBe('TOKEN_INVALID');
  });

  it('keeps the console’s session routes to operators', async () => {
    const { h, pool, apiClient } = await withApiClient();
    const token = await apiClientToken(pool, apiClient);
    const session = await call(h, token, 'GET', '/v1/admin/session');
    expect(session.status).toBe(403);
    expect(await codeOf(session)).toBe('SCOPE_MISSING');
  });

  it('declares both ways in the OpenAPI document, with the scope each admin route needs', async () => {
    const { h } = await withApiClient();
    const document = (await (await h.request('/v1/openapi.json')).json()) as {
      components: { securitySchemes: Record<string, { type: string; flows?: { clientCredentials: { scopes: object } } }> };
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    const schemes = document.components.securitySchemes;
    expect(schemes.apiClient?.type).toBe('oauth2');
    expect(Object.keys(schemes.apiClient?.flows?.clientCredentials.scopes ?? {}).sort()).toEqual([
      'gatehouse/connections',
      'gatehouse/read',
      'gatehouse/tenants',
    ]);
    expect(document.paths['/v1/admin/tenants/{id}/connections/{connectionId}/approve']?.post?.security).toEqual([
      { operatorSession: [] },
      { apiClient: ['gatehouse/connections'] },
    ]);
    expect(document.paths['/v1/admin/tenants']?.get?.security).toEqual([
      { operatorSession: [] },
      { apiClient: ['gatehouse/read'] },
    ]);
    expect(document.paths['/v1/admin/session']?.get?.security).toEqual([{ operatorSession: [] }]);
  });
});
