import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteResourceServerCommand,
  DescribeResourceServerCommand,
  ListResourceServersCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalLambda, PreTokenGenerationClientCredentialsEvent } from '../src/index.ts';
import { createPool, failure, type Harness, startHarness } from './harness.ts';
import { localJwksCache } from './sign-in.ts';

// Facts: API reference, CreateResourceServer, UpdateResourceServer, ResourceServerType and
// ResourceServerScopeType, CreateUserPoolClient (AllowedOAuthFlows, AllowedOAuthScopes); developer guide,
// "Scopes, M2M, and API authorization with resource servers", token endpoint (client credentials), pre token
// generation trigger (V3_0 for M2M). Each test names the rule it checks.

const API = 'https://api.gatehouse.example';
const V3_ARN = 'arn:aws:lambda:eu-west-1:000000000000:function:m2m-pre-token';
const V2_ARN = 'arn:aws:lambda:eu-west-1:000000000000:function:user-pre-token';

let h: Harness;
let poolId: string;
let base: string;
let m2m: { clientId: string; clientSecret: string };
let v3Handler: LocalLambda;
const received: unknown[] = [];

async function createM2mClient(pool: string, scopes: string[]) {
  const { UserPoolClient } = await h.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: pool,
      ClientName: 'admin-api',
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: scopes,
    }),
  );
  return { clientId: UserPoolClient?.ClientId ?? '', clientSecret: UserPoolClient?.ClientSecret ?? '' };
}

beforeAll(async () => {
  h = await startHarness({
    allowLoopbackHttp: true,
    quotas: { resourceServersPerPool: 3 },
    lambdas: {
      [V3_ARN]: (event) => {
        received.push(event);
        return v3Handler(event);
      },
      [V2_ARN]: async (event) => {
        received.push(event);
        return event;
      },
    },
  });
  poolId = await createPool(h.cognito, 'machines');
  base = h.local.domainBaseUrl('machines');
  await h.cognito.send(
    new CreateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: API,
      Name: 'admin-api',
      Scopes: [
        { ScopeName: 'tenants.read', ScopeDescription: 'Read tenants' },
        { ScopeName: 'tenants.write', ScopeDescription: 'Change tenants' },
      ],
    }),
  );
  m2m = await createM2mClient(poolId, [`${API}/tenants.read`, `${API}/tenants.write`]);
});
afterAll(() => h.stop());
beforeEach(() => {
  received.length = 0;
  v3Handler = async (event) => event;
});

async function token(
  domainBase: string,
  form: Record<string, string>,
  basic?: { id: string; secret: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic.id}:${basic.secret}`).toString('base64')}`;
  const response = await fetch(`${domainBase}/oauth2/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ grant_type: 'client_credentials', ...form }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function verifiedAccess(pool: string, accessToken: unknown) {
  const verifier = JwtRsaVerifier.create(
    { issuer: h.local.issuer(pool), jwksUri: h.local.jwksUri(pool), audience: null },
    { jwksCache: await localJwksCache() },
  );
  return (await verifier.verify(String(accessToken))) as Record<string, unknown>;
}

describe('resource servers (API reference: CreateResourceServer and its siblings)', () => {
  it('creates, describes, lists, updates with reset of omitted scopes, and deletes', async () => {
    const pool = await createPool(h.cognito);
    const created = await h.cognito.send(
      new CreateResourceServerCommand({
        UserPoolId: pool,
        Identifier: 'reports',
        Name: 'Reports',
        Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read reports' }],
      }),
    );
    expect(created.ResourceServer).toEqual({
      UserPoolId: pool,
      Identifier: 'reports',
      Name: 'Reports',
      Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read reports' }],
    });
    const described = await h.cognito.send(new DescribeResourceServerCommand({ UserPoolId: pool, Identifier: 'reports' }));
    expect(described.ResourceServer).toEqual(created.ResourceServer);
    const listed = await h.cognito.send(new ListResourceServersCommand({ UserPoolId: pool, MaxResults: 10 }));
    expect(listed.ResourceServers?.map((s) => s.Identifier)).toEqual(['reports']);
    // "If you don't provide a value for an attribute, it is set to the default value."
    const updated = await h.cognito.send(
      new UpdateResourceServerCommand({ UserPoolId: pool, Identifier: 'reports', Name: 'Reports v2' }),
    );
    expect(updated.ResourceServer).toMatchObject({ Name: 'Reports v2', Scopes: [] });
    await h.cognito.send(new DeleteResourceServerCommand({ UserPoolId: pool, Identifier: 'reports' }));
    const gone = await failure(h.cognito.send(new DescribeResourceServerCommand({ UserPoolId: pool, Identifier: 'reports' })));
    expect(gone.name).toBe('ResourceNotFoundException');
  });

  it('pages the list with MaxResults and NextToken', async () => {
    const pool = await createPool(h.cognito);
    for (const id of ['a', 'b', 'c']) {
      await h.cognito.send(new CreateResourceServerCommand({ UserPoolId: pool, Identifier: id, Name: id }));
    }
    const first = await h.cognito.send(new ListResourceServersCommand({ UserPoolId: pool, MaxResults: 2 }));
    expect(first.ResourceServers).toHaveLength(2);
    const second = await h.cognito.send(
      new ListResourceServersCommand({ UserPoolId: pool, MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.ResourceServers?.map((s) => s.Identifier)).toEqual(['c']);
    expect(second.NextToken).toBeUndefined();
  });

  it.each([
    ['a scope name with a slash (ResourceServerScopeType pattern)', { Scopes: [{ ScopeName: 'a/b', ScopeDescription: 'x' }] }],
    ['a scope without a description (ScopeDescription is required)', { Scopes: [{ ScopeName: 'read', ScopeDescription: '' }] }],
    ['an identifier with a blank (ResourceServerType pattern)', { Identifier: 'my api' }],
    ['a name with a slash (Name pattern)', { Name: 'a/b' }],
    [
      'more than 100 scopes (Scopes: at most 100 items)',
      { Scopes: Array.from({ length: 101 }, (_, i) => ({ ScopeName: `s${i}`, ScopeDescription: 'x' })) },
    ],
    ['the same scope name twice', { Scopes: [1, 2].map(() => ({ ScopeName: 'read', ScopeDescription: 'x' })) }],
  ])('refuses %s with InvalidParameterException', async (_case, change) => {
    const error = await failure(
      h.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'checked', Name: 'checked', ...change })),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it('refuses a second server with the same identifier', async () => {
    const error = await failure(
      h.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: 'again' })),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it('refuses a server beyond the quota of the pool with LimitExceededException (25 by default, 3 here)', async () => {
    const pool = await createPool(h.cognito);
    for (const id of ['a', 'b', 'c']) {
      await h.cognito.send(new CreateResourceServerCommand({ UserPoolId: pool, Identifier: id, Name: id }));
    }
    const error = await failure(
      h.cognito.send(new CreateResourceServerCommand({ UserPoolId: pool, Identifier: 'd', Name: 'd' })),
    );
    expect(error.name).toBe('LimitExceededException');
  });
});

describe('app clients and custom scopes (CreateUserPoolClient, UpdateUserPoolClient)', () => {
  it('refuses a custom scope no resource server defines with ScopeDoesNotExistException', async () => {
    const error = await failure(createM2mClient(poolId, [`${API}/tenants.delete`]));
    expect(error.name).toBe('ScopeDoesNotExistException');
    const other = await failure(createM2mClient(poolId, ['https://elsewhere.example/tenants.read']));
    expect(other.name).toBe('ScopeDoesNotExistException');
  });

  it('accepts a code client with a custom scope next to openid', async () => {
    const { UserPoolClient } = await h.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', `${API}/tenants.read`],
        CallbackURLs: ['https://app.example/callback'],
      }),
    );
    expect(UserPoolClient?.AllowedOAuthScopes).toEqual(['openid', `${API}/tenants.read`]);
  });

  it('refuses client_credentials without a client secret, with code, or with a standard scope (InvalidOAuthFlowException)', async () => {
    const common = {
      UserPoolId: poolId,
      ClientName: 'bad',
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: ['https://app.example/callback'],
    };
    const noSecret = await failure(
      h.cognito.send(
        new CreateUserPoolClientCommand({
          ...common,
          AllowedOAuthFlows: ['client_credentials'],
          AllowedOAuthScopes: [`${API}/tenants.read`],
        }),
      ),
    );
    const withCode = await failure(
      h.cognito.send(
        new CreateUserPoolClientCommand({
          ...common,
          GenerateSecret: true,
          AllowedOAuthFlows: ['client_credentials', 'code'],
          AllowedOAuthScopes: [`${API}/tenants.read`],
        }),
      ),
    );
    const withOpenid = await failure(
      h.cognito.send(
        new CreateUserPoolClientCommand({
          ...common,
          GenerateSecret: true,
          AllowedOAuthFlows: ['client_credentials'],
          AllowedOAuthScopes: ['openid', `${API}/tenants.read`],
        }),
      ),
    );
    expect([noSecret.name, withCode.name, withOpenid.name]).toEqual([
      'InvalidOAuthFlowException',
      'InvalidOAuthFlowException',
      'InvalidOAuthFlowException',
    ]);
  });

  it('refuses to turn a client without a secret into a client_credentials client on update', async () => {
    const { UserPoolClient } = await h.cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'public' }),
    );
    const error = await failure(
      h.cognito.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientId: UserPoolClient?.ClientId ?? '',
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['client_credentials'],
          AllowedOAuthScopes: [`${API}/tenants.read`],
        }),
      ),
    );
    expect(error.name).toBe('InvalidOAuthFlowException');
  });
});

describe('the client credentials grant (token endpoint)', () => {
  it("issues an access token only, with Cognito's machine claims, to a client authenticated by basic auth", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { status, body } = await token(base, {}, { id: m2m.clientId, secret: m2m.clientSecret });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const claims = await verifiedAccess(poolId, body.access_token);
    expect(claims).toMatchObject({
      sub: m2m.clientId,
      client_id: m2m.clientId,
      token_use: 'access',
      // No scope asked: every custom scope the client is allowed.
      scope: `${API}/tenants.read ${API}/tenants.write`,
      iss: h.local.issuer(poolId),
      version: 2,
    });
    expect(claims.auth_time).toBeGreaterThanOrEqual(before);
    expect(claims.exp).toBe(Number(claims.iat) + 3600);
    expect(typeof claims.jti).toBe('string');
    expect(claims.username).toBeUndefined();
  });

  it('accepts client_secret_post and grants the scopes asked for', async () => {
    const { status, body } = await token(base, {
      client_id: m2m.clientId,
      client_secret: m2m.clientSecret,
      scope: `${API}/tenants.read`,
    });
    expect(status).toBe(200);
    expect((await verifiedAccess(poolId, body.access_token)).scope).toBe(`${API}/tenants.read`);
  });

  it('answers invalid_scope for a scope the client is not allowed, and invalid_client for a wrong secret', async () => {
    const basic = { id: m2m.clientId, secret: m2m.clientSecret };
    expect((await token(base, { scope: 'openid' }, basic)).body.error).toBe('invalid_scope');
    expect((await token(base, { scope: `${API}/tenants.delete` }, basic)).body.error).toBe('invalid_scope');
    expect((await token(base, {}, { id: m2m.clientId, secret: 'wrong' })).body.error).toBe('invalid_client');
    expect((await token(base, { client_id: m2m.clientId })).body.error).toBe('invalid_client');
  });

  it('keeps answering unauthorized_client to a client without the client_credentials flow', async () => {
    const { UserPoolClient } = await h.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web-with-secret',
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', `${API}/tenants.read`],
        CallbackURLs: ['https://app.example/callback'],
      }),
    );
    const answer = await token(base, {}, { id: UserPoolClient?.ClientId ?? '', secret: UserPoolClient?.ClientSecret ?? '' });
    expect(answer).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } });
  });

  it('stops granting a scope once its resource server no longer defines it', async () => {
    const pool = await createPool(h.cognito, 'machines-shrinking');
    await h.cognito.send(
      new CreateResourceServerCommand({
        UserPoolId: pool,
        Identifier: 'jobs',
        Name: 'jobs',
        Scopes: [
          { ScopeName: 'run', ScopeDescription: 'Run jobs' },
          { ScopeName: 'stop', ScopeDescription: 'Stop jobs' },
        ],
      }),
    );
    const client = await createM2mClient(pool, ['jobs/run', 'jobs/stop']);
    await h.cognito.send(
      new UpdateResourceServerCommand({
        UserPoolId: pool,
        Identifier: 'jobs',
        Name: 'jobs',
        Scopes: [{ ScopeName: 'run', ScopeDescription: 'Run jobs' }],
      }),
    );
    const domainBase = h.local.domainBaseUrl('machines-shrinking');
    const basic = { id: client.clientId, secret: client.clientSecret };
    const all = await token(domainBase, {}, basic);
    expect((await verifiedAccess(pool, all.body.access_token)).scope).toBe('jobs/run');
    expect((await token(domainBase, { scope: 'jobs/stop' }, basic)).body.error).toBe('invalid_scope');
  });
});

describe('pre token generation for machines (V3_0 only, TokenGeneration_ClientCredentials)', () => {
  async function poolWithTrigger(domain: string, version: 'V2_0' | 'V3_0') {
    const { UserPool } = await h.cognito.send(
      new CreateUserPoolCommand({
        PoolName: domain,
        LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: version === 'V3_0' ? V3_ARN : V2_ARN, LambdaVersion: version } },
      }),
    );
    const pool = UserPool?.Id ?? '';
    await h.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: domain }));
    await h.cognito.send(
      new CreateResourceServerCommand({
        UserPoolId: pool,
        Identifier: 'api',
        Name: 'api',
        Scopes: [
          { ScopeName: 'read', ScopeDescription: 'Read' },
          { ScopeName: 'write', ScopeDescription: 'Write' },
        ],
      }),
    );
    return { pool, client: await createM2mClient(pool, ['api/read', 'api/write']), domainBase: h.local.domainBaseUrl(domain) };
  }

  it('sends the V3 event and applies its access token changes', async () => {
    const { pool, client, domainBase } = await poolWithTrigger('machines-v3', 'V3_0');
    v3Handler = async (event) => ({
      ...(event as object),
      response: {
        claimsAndScopeOverrideDetails: {
          accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme' }, scopesToSuppress: ['api/write'] },
        },
      },
    });
    const { status, body } = await token(domainBase, {}, { id: client.clientId, secret: client.clientSecret });
    expect(status).toBe(200);
    expect(received).toHaveLength(1);
    const event = received[0] as PreTokenGenerationClientCredentialsEvent;
    expect(event).toMatchObject({
      version: '3',
      triggerSource: 'TokenGeneration_ClientCredentials',
      userPoolId: pool,
      callerContext: { clientId: client.clientId },
      request: { scopes: ['api/read', 'api/write'] },
    });
    const claims = await verifiedAccess(pool, body.access_token);
    expect(claims).toMatchObject({ tenant: 'acme', scope: 'api/read', sub: client.clientId });
  });

  it('fails the grant when the V3 trigger throws', async () => {
    const { client, domainBase } = await poolWithTrigger('machines-v3-failing', 'V3_0');
    v3Handler = async () => {
      throw new Error('machine not allowed');
    };
    const answer = await token(domainBase, {}, { id: client.clientId, secret: client.clientSecret });
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(answer.body.access_token).toBeUndefined();
  });

  it('does not invoke a V2_0 trigger for a machine', async () => {
    const { client, domainBase } = await poolWithTrigger('machines-v2', 'V2_0');
    const { status } = await token(domainBase, {}, { id: client.clientId, secret: client.clientSecret });
    expect(status).toBe(200);
    expect(received).toHaveLength(0);
  });
});
