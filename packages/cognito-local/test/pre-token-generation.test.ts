import {
  AdminAddUserToGroupCommand,
  CreateGroupCommand,
  CreateIdentityProviderCommand,
  type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';
import { DEMO_USERS, startOidcIdp, startSamlIdp, type TestOidcIdp, type TestSamlIdp } from '@gatehouse/test-idps';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalLambda, type PreTokenGenerationV1Event, type PreTokenGenerationV2Event, preloadSaml } from '../src/index.ts';
import { MiniBrowser } from '../src/testing/index.ts';
import { createOAuthClient, createOidcPool, type Harness, startHarness } from './harness.ts';
import { authorizeUrl, exchangeCode, localJwksCache, pkce } from './sign-in.ts';

// Facts: developer guide, "Pre token generation Lambda trigger" and "Lambda triggers"; the reference notes
// (pre token generation). Each test names the rule it checks.

const REDIRECT = 'http://127.0.0.1:9/app/callback';
const V2_ARN = 'arn:aws:lambda:eu-west-1:000000000000:function:gatehouse-pre-token';
const V1_ARN = 'arn:aws:lambda:eu-west-1:000000000000:function:legacy-pre-token';
const TIMEOUT_MS = 150;
const alice = DEMO_USERS.find((u) => u.username === 'alice');
if (!alice) throw new Error('the test IdPs have no alice');

interface TestPool {
  poolId: string;
  clientId: string;
  base: string;
}

let h: Harness;
let oidc: TestOidcIdp;
let saml: TestSamlIdp;
let v2: TestPool;
let v1: TestPool;
let plain: TestPool;

/** What the registered V2 trigger does; each test sets it. */
let v2Handler: LocalLambda;
let v1Handler: LocalLambda;
const received: unknown[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createTestPool(domain: string, lambdaConfig?: LambdaConfigType): Promise<TestPool> {
  const { poolId, base } = await createOidcPool(h, oidc, domain, {
    ...(lambdaConfig ? { lambdaConfig } : {}),
    attributeMapping: { email: 'email', email_verified: 'email_verified', given_name: 'given_name' },
  });
  const { clientId } = await createOAuthClient(h.cognito, poolId, ['Oidc'], REDIRECT);
  return { poolId, clientId, base };
}

beforeAll(async () => {
  h = await startHarness({
    allowLoopbackHttp: true,
    triggerTimeoutMs: TIMEOUT_MS,
    // One handler comes in with the options, the other is registered once the pool exists.
    lambdas: {
      [V1_ARN]: (event) => {
        received.push(event);
        return v1Handler(event);
      },
    },
  });
  [oidc, saml] = await Promise.all([startOidcIdp(), startSamlIdp({ shape: 'entra' }), preloadSaml()]);
  v2 = await createTestPool('triggers-v2', { PreTokenGenerationConfig: { LambdaArn: V2_ARN, LambdaVersion: 'V2_0' } });
  v1 = await createTestPool('triggers-v1', { PreTokenGeneration: V1_ARN });
  plain = await createTestPool('triggers-none');
});
afterAll(async () => {
  await Promise.all([h?.stop(), oidc?.stop(), saml?.stop()]);
});
beforeEach(() => {
  received.length = 0;
  v2Handler = async (event) => event;
  v1Handler = async (event) => event;
  h.local.registerLambda(V2_ARN, (event) => {
    received.push(event);
    return v2Handler(event);
  });
});

/** Signs alice in through the test OIDC IdP; what the app's redirect_uri received. */
async function signIn(pool: TestPool, options: { scope?: string; username?: string } = {}) {
  const { verifier, challenge } = pkce();
  const result = await new MiniBrowser(REDIRECT).signIn(
    authorizeUrl(pool.base, {
      clientId: pool.clientId,
      redirectUri: REDIRECT,
      provider: 'Oidc',
      state: 'st',
      challenge,
      nonce: 'n',
      ...(options.scope ? { scope: options.scope } : {}),
    }),
    options.username ?? 'alice',
  );
  const url = new URL(result.finalUrl ?? 'http://invalid/');
  return {
    verifier,
    code: url.searchParams.get('code'),
    error: url.searchParams.get('error'),
    errorDescription: url.searchParams.get('error_description'),
    state: url.searchParams.get('state'),
  };
}

/** Verifies tokens against the pool's JWKS and returns their claims. */
async function verified(pool: TestPool, body: Record<string, unknown>) {
  const jwksCache = await localJwksCache();
  const options = { issuer: h.local.issuer(pool.poolId), jwksUri: h.local.jwksUri(pool.poolId) };
  const access = await JwtRsaVerifier.create({ ...options, audience: null }, { jwksCache }).verify(String(body.access_token));
  const id =
    body.id_token === undefined
      ? undefined
      : await JwtRsaVerifier.create({ ...options, audience: pool.clientId }, { jwksCache }).verify(String(body.id_token));
  return { id: id as Record<string, unknown> | undefined, access: access as Record<string, unknown> };
}

/** A sign-in that must succeed: the tokens, their claims and the refresh token. */
async function tokensFor(pool: TestPool, options: { scope?: string; username?: string } = {}) {
  const { code, verifier, error, errorDescription } = await signIn(pool, options);
  expect({ error, errorDescription }).toEqual({ error: null, errorDescription: null });
  const tokens = await exchangeCode(pool.base, { clientId: pool.clientId, code: code ?? '', redirectUri: REDIRECT, verifier });
  expect(tokens.status).toBe(200);
  return { ...(await verified(pool, tokens.body)), refreshToken: String(tokens.body.refresh_token) };
}

async function refresh(pool: TestPool, refreshToken: string) {
  const response = await fetch(`${pool.base}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: pool.clientId, refresh_token: refreshToken }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A V2 handler that sets the response's overrides. */
const overriding =
  (details: unknown): LocalLambda =>
  async (event) => {
    const e = event as PreTokenGenerationV2Event;
    return { ...e, response: { claimsAndScopeOverrideDetails: details } };
  };

describe('the V2_0 event (trigger sources; event versions; Lambda triggers: common parameters)', () => {
  it('is sent for a federated sign-in as TokenGeneration_HostedAuth, with the stored attributes', async () => {
    const { id } = await tokensFor(v2);
    expect(received).toHaveLength(1);
    const event = received[0] as PreTokenGenerationV2Event;
    expect(event).toMatchObject({
      version: '2',
      triggerSource: 'TokenGeneration_HostedAuth',
      region: 'eu-west-1',
      userPoolId: v2.poolId,
      userName: `Oidc_${alice.id}`,
      callerContext: { clientId: v2.clientId },
      response: { claimsAndScopeOverrideDetails: null },
    });
    expect(typeof event.callerContext.awsSdkVersion).toBe('string');
    expect(event.request.scopes).toEqual(['openid', 'email', 'profile']);
    expect(event.request.userAttributes).toMatchObject({
      sub: id?.sub,
      email: alice.email,
      email_verified: 'true',
      'cognito:user_status': 'EXTERNAL_PROVIDER',
    });
    // Stored form: primary a boolean and dateCreated a number; the ID token has both as strings.
    const identities = JSON.parse(event.request.userAttributes.identities ?? '[]') as Array<Record<string, unknown>>;
    expect(identities).toEqual([
      expect.objectContaining({ userId: alice.id, providerName: 'Oidc', providerType: 'OIDC', primary: true }),
    ]);
    expect(typeof identities[0]?.dateCreated).toBe('number');
    expect(id?.identities).toEqual([
      expect.objectContaining({ primary: 'true', dateCreated: String(identities[0]?.dateCreated) }),
    ]);
    expect(event.request.groupConfiguration).toEqual({
      groupsToOverride: [`${v2.poolId}_Oidc`],
      iamRolesToOverride: [],
      preferredRole: null,
    });
  });

  it('reports the granted scopes, not the client allowed ones', async () => {
    await tokensFor(v2, { scope: 'openid email' });
    expect((received[0] as PreTokenGenerationV2Event).request.scopes).toEqual(['openid', 'email']);
  });

  it('reports the roles of the user groups and the preferred role of the lowest precedence', async () => {
    // bob, so that alice's tokens elsewhere keep only the group of her IdP.
    const bob = DEMO_USERS.find((u) => u.username === 'bob');
    await tokensFor(v2, { username: 'bob' });
    for (const [name, precedence] of [
      ['admins', 1],
      ['staff', 5],
    ] as const) {
      const RoleArn = `arn:aws:iam::000000000000:role/${name}`;
      await h.cognito.send(new CreateGroupCommand({ UserPoolId: v2.poolId, GroupName: name, RoleArn, Precedence: precedence }));
      await h.cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: v2.poolId, Username: `Oidc_${bob?.id}`, GroupName: name }),
      );
    }
    received.length = 0;
    const { id, access } = await tokensFor(v2, { username: 'bob' });
    const roles = ['arn:aws:iam::000000000000:role/admins', 'arn:aws:iam::000000000000:role/staff'];
    expect((received[0] as PreTokenGenerationV2Event).request.groupConfiguration).toEqual({
      groupsToOverride: [`${v2.poolId}_Oidc`, 'admins', 'staff'],
      iamRolesToOverride: roles,
      preferredRole: roles[0],
    });
    // What the event reports is what the tokens carry when the trigger changes nothing.
    expect(id?.['cognito:roles']).toEqual(roles);
    expect(id?.['cognito:preferred_role']).toBe(roles[0]);
    expect(access['cognito:groups']).toEqual([`${v2.poolId}_Oidc`, 'admins', 'staff']);
    expect(access).not.toHaveProperty('cognito:roles');
  });

  it('is sent for a SAML sign-in too', async () => {
    const pool = v2.poolId;
    saml.registerServiceProvider({ entityId: `urn:amazon:cognito:sp:${pool}`, acsUrl: `${v2.base}/saml2/idpresponse` });
    await h.cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: pool,
        ProviderName: 'EntraSaml',
        ProviderType: 'SAML',
        ProviderDetails: { MetadataURL: saml.metadataUrl },
        AttributeMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' },
      }),
    );
    const client = await createOAuthClient(h.cognito, pool, ['EntraSaml'], REDIRECT);
    v2Handler = async () => {
      throw new Error('SAML users are not welcome');
    };
    const result = await new MiniBrowser(REDIRECT).signIn(
      authorizeUrl(v2.base, { clientId: client.clientId, redirectUri: REDIRECT, provider: 'EntraSaml', state: 'saml' }),
      'alice',
    );
    const url = new URL(result.finalUrl ?? 'http://invalid/');
    expect(url.searchParams.get('error')).toBe('invalid_request');
    expect(url.searchParams.get('code')).toBeNull();
    expect(received).toEqual([
      expect.objectContaining({ triggerSource: 'TokenGeneration_HostedAuth', userName: `EntraSaml_${alice.id}` }),
    ]);
  });
});

describe('the V2_0 response changes both tokens (claimsAndScopeOverrideDetails)', () => {
  it('adds a claim to both tokens, with the datatypes V2 allows', async () => {
    v2Handler = overriding({
      idTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme', seats: 12, admin: true, tags: ['a', 1, false] } },
      accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme', entitlements: { portal: ['read', 'write'] } } },
    });
    const { id, access } = await tokensFor(v2);
    expect(id).toMatchObject({ tenant: 'acme', seats: 12, admin: true, tags: ['a', 1, false] });
    expect(access).toMatchObject({ tenant: 'acme', entitlements: { portal: ['read', 'write'] } });
  });

  it('overrides an attribute claim and suppresses another, suppression winning over an override', async () => {
    v2Handler = overriding({
      idTokenGeneration: {
        claimsToAddOrOverride: { given_name: 'Override', email: 'kept-out@example.com' },
        claimsToSuppress: ['email', 'email_verified'],
      },
      accessTokenGeneration: { claimsToAddOrOverride: { scratch: 'x' }, claimsToSuppress: ['scratch'] },
    });
    const { id, access } = await tokensFor(v2);
    expect(id?.given_name).toBe('Override');
    expect(id).not.toHaveProperty('email');
    expect(id).not.toHaveProperty('email_verified');
    expect(access).not.toHaveProperty('scratch');
  });

  it('adds and suppresses scopes of the access token', async () => {
    v2Handler = overriding({ accessTokenGeneration: { scopesToAdd: ['gatehouse/admin'], scopesToSuppress: ['profile'] } });
    const { access, id } = await tokensFor(v2);
    expect(String(access.scope).split(' ').sort()).toEqual(['email', 'gatehouse/admin', 'openid']);
    expect(id).not.toHaveProperty('scope');
  });

  it('replaces cognito:groups in both tokens, and sets roles and the preferred role in the ID token', async () => {
    v2Handler = overriding({
      groupOverrideDetails: {
        groupsToOverride: ['tenant-acme'],
        iamRolesToOverride: ['arn:aws:iam::000000000000:role/acme'],
        preferredRole: 'arn:aws:iam::000000000000:role/acme',
      },
    });
    const { id, access } = await tokensFor(v2);
    expect(id?.['cognito:groups']).toEqual(['tenant-acme']);
    expect(access['cognito:groups']).toEqual(['tenant-acme']);
    expect(id?.['cognito:roles']).toEqual(['arn:aws:iam::000000000000:role/acme']);
    expect(id?.['cognito:preferred_role']).toBe('arn:aws:iam::000000000000:role/acme');
  });

  it('adds aud to the access token when it names the app client', async () => {
    v2Handler = async (event) => {
      const clientId = (event as PreTokenGenerationV2Event).callerContext.clientId;
      return overriding({
        idTokenGeneration: { claimsToAddOrOverride: { aud: clientId } },
        accessTokenGeneration: { claimsToAddOrOverride: { aud: clientId } },
      })(event);
    };
    const { id, access } = await tokensFor(v2);
    expect(access.aud).toBe(v2.clientId);
    expect(id?.aud).toBe(v2.clientId);
  });

  it('suppresses roles and the preferred role with cognito:groups', async () => {
    v2Handler = overriding({
      groupOverrideDetails: {
        groupsToOverride: ['g'],
        iamRolesToOverride: ['arn:aws:iam::000000000000:role/g'],
        preferredRole: 'arn:aws:iam::000000000000:role/g',
      },
      idTokenGeneration: { claimsToSuppress: ['cognito:groups'] },
    });
    const { id, access } = await tokensFor(v2);
    expect(id).not.toHaveProperty('cognito:groups');
    expect(id).not.toHaveProperty('cognito:roles');
    expect(id).not.toHaveProperty('cognito:preferred_role');
    expect(access['cognito:groups']).toEqual(['g']);
  });

  it('suppresses the groups when groupOverrideDetails is null', async () => {
    v2Handler = overriding({ groupOverrideDetails: null });
    const { id, access } = await tokensFor(v2);
    expect(id).not.toHaveProperty('cognito:groups');
    expect(access).not.toHaveProperty('cognito:groups');
  });

  it('leaves the tokens as they are without a trigger when the response has no overrides', async () => {
    const without = await tokensFor(plain);
    for (const details of [null, undefined, {}]) {
      v2Handler = async (event) => ({
        ...(event as object),
        response: details === undefined ? {} : { claimsAndScopeOverrideDetails: details },
      });
      const { id, access } = await tokensFor(v2);
      expect(Object.keys(id ?? {}).sort()).toEqual(Object.keys(without.id ?? {}).sort());
      expect(Object.keys(access).sort()).toEqual(Object.keys(without.access).sort());
      expect(access.scope).toBe(without.access.scope);
      expect(id?.given_name).toBe(without.id?.given_name);
    }
  });
});

describe('a trigger that fails stops the sign-in (Lambda triggers: errors reach the callback URL)', () => {
  async function expectRefused() {
    const outcome = await signIn(v2);
    expect(outcome.code).toBeNull();
    expect(outcome.error).toBe('invalid_request');
    expect(outcome.errorDescription).toBeTruthy();
    expect(outcome.state).toBe('st');
  }

  it('when the function throws', async () => {
    v2Handler = async () => {
      throw new Error('Not on the roster');
    };
    await expectRefused();
  });

  it('when the function answers later than the timeout, after three attempts', async () => {
    v2Handler = async (event) => {
      await sleep(TIMEOUT_MS * 3);
      return event;
    };
    await expectRefused();
    expect(received).toHaveLength(3);
  });

  it('when no function is registered for the ARN (Lambda: ResourceNotFoundException)', async () => {
    h.local.unregisterLambda(V2_ARN);
    await expectRefused();
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'ok'],
    ['an event without a response', { version: '2' }],
    [
      'claimsToSuppress that is not a list',
      { response: { claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToSuppress: 'email' } } } },
    ],
    [
      'scopesToAdd that is not a list',
      { response: { claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToAdd: 'x' } } } },
    ],
    [
      'a claim value that is null',
      { response: { claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: { a: null } } } } },
    ],
    [
      'an array of objects',
      { response: { claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: { a: [{}] } } } } },
    ],
    [
      'an object for email_verified in the ID token',
      {
        response: {
          claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: { email_verified: { v: true } } } },
        },
      },
    ],
  ])('when the function returns %s', async (_case, result) => {
    v2Handler = async () => result;
    await expectRefused();
  });
});

describe('claims a trigger cannot change (claims and scopes reference; failing the sign-in is a guess)', () => {
  it.each([
    ['add sub to the ID token', { idTokenGeneration: { claimsToAddOrOverride: { sub: 'someone-else' } } }],
    ['override cognito:username', { idTokenGeneration: { claimsToAddOrOverride: { 'cognito:username': 'root' } } }],
    ['suppress identities', { idTokenGeneration: { claimsToSuppress: ['identities'] } }],
    ['override aud', { idTokenGeneration: { claimsToAddOrOverride: { aud: 'other-client' } } }],
    ['suppress exp from the access token', { accessTokenGeneration: { claimsToSuppress: ['exp'] } }],
    ['override client_id in the access token', { accessTokenGeneration: { claimsToAddOrOverride: { client_id: 'other' } } }],
    ['override scope as a claim', { accessTokenGeneration: { claimsToAddOrOverride: { scope: 'admin' } } }],
    ['suppress username from the access token', { accessTokenGeneration: { claimsToSuppress: ['username'] } }],
    ['add cognito:groups as a claim', { accessTokenGeneration: { claimsToAddOrOverride: { 'cognito:groups': ['admins'] } } }],
    ['add another cognito: claim', { idTokenGeneration: { claimsToAddOrOverride: { 'cognito:tenant': 'acme' } } }],
    ['add a dev: attribute', { idTokenGeneration: { claimsToAddOrOverride: { 'dev:custom:secret': 'x' } } }],
    ['set aud to another client', { accessTokenGeneration: { claimsToAddOrOverride: { aud: 'other-client' } } }],
    ['suppress event_id', { accessTokenGeneration: { claimsToSuppress: ['event_id'] } }],
    ['add a scope with a blank', { accessTokenGeneration: { scopesToAdd: ['read write'] } }],
  ])('refuses a response that tries to %s', async (_case, details) => {
    v2Handler = overriding(details);
    const outcome = await signIn(v2);
    expect(outcome.code).toBeNull();
    expect(outcome.error).toBe('invalid_request');
  });
});

describe('the refresh_token grant (TokenGeneration_RefreshTokens)', () => {
  it('invokes the trigger again and applies its new answer', async () => {
    let calls = 0;
    v2Handler = async (event) => {
      calls += 1;
      return {
        ...(event as object),
        response: {
          claimsAndScopeOverrideDetails: {
            idTokenGeneration: { claimsToAddOrOverride: { issue: calls } },
            accessTokenGeneration: { claimsToAddOrOverride: { issue: calls } },
          },
        },
      };
    };
    const first = await tokensFor(v2);
    expect(first.id?.issue).toBe(1);
    const refreshed = await refresh(v2, first.refreshToken);
    expect(refreshed.status).toBe(200);
    const { id, access } = await verified(v2, refreshed.body);
    expect(id?.issue).toBe(2);
    expect(access.issue).toBe(2);
    const event = received[1] as PreTokenGenerationV2Event;
    expect(event).toMatchObject({
      version: '2',
      triggerSource: 'TokenGeneration_RefreshTokens',
      userName: `Oidc_${alice.id}`,
      callerContext: { clientId: v2.clientId },
      request: { scopes: ['openid', 'email', 'profile'] },
    });
  });

  it('answers an OAuth error and no tokens when the trigger fails', async () => {
    const { refreshToken } = await tokensFor(v2);
    v2Handler = async () => {
      throw new Error('Account suspended');
    };
    const refreshed = await refresh(v2, refreshToken);
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_request');
    expect(refreshed.body).not.toHaveProperty('access_token');
    expect(refreshed.body).not.toHaveProperty('id_token');
  });
});

describe('V1_0 (the legacy PreTokenGeneration member): the ID token only', () => {
  it('sends the version 1 event, without scopes', async () => {
    await tokensFor(v1);
    const event = received[0] as PreTokenGenerationV1Event;
    expect(event).toMatchObject({
      version: '1',
      triggerSource: 'TokenGeneration_HostedAuth',
      userPoolId: v1.poolId,
      response: { claimsOverrideDetails: null },
    });
    expect(event.request).not.toHaveProperty('scopes');
  });

  it('applies claimsOverrideDetails to the ID token only, and the group override to both tokens', async () => {
    v1Handler = async (event) => ({
      ...(event as object),
      response: {
        claimsOverrideDetails: {
          claimsToAddOrOverride: { tenant: 'acme' },
          claimsToSuppress: ['given_name'],
          groupOverrideDetails: { groupsToOverride: ['legacy'] },
        },
      },
    });
    const { id, access } = await tokensFor(v1);
    expect(id?.tenant).toBe('acme');
    expect(id).not.toHaveProperty('given_name');
    expect(access).not.toHaveProperty('tenant');
    expect(id?.['cognito:groups']).toEqual(['legacy']);
    expect(access['cognito:groups']).toEqual(['legacy']);
  });

  it('refuses a claim value that is not a string', async () => {
    v1Handler = async (event) => ({
      ...(event as object),
      response: { claimsOverrideDetails: { claimsToAddOrOverride: { seats: 12 } } },
    });
    const outcome = await signIn(v1);
    expect(outcome.code).toBeNull();
    expect(outcome.error).toBe('invalid_request');
  });
});

describe('no trigger configured', () => {
  it('issues the tokens without invoking anything', async () => {
    const { id, access } = await tokensFor(plain);
    expect(received).toEqual([]);
    expect(id?.['cognito:groups']).toEqual([`${plain.poolId}_Oidc`]);
    expect(access.scope).toBe('openid email profile');
  });
});
