import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SsoTriggerEvent } from '@gatehouse/core';
import { localCognitoClient } from '@gatehouse/dev-pool';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { createSsoEnforcementTrigger, enforcedDomains } from '../src/sso-enforcement/index.ts';
import { createItemReader, type ItemReader } from '../src/store/item-reader.ts';
import { adminOf, type Harness } from './harness.ts';
import { liveConnection, verifiedDomain } from './lifecycle-flows.ts';
import { operatorHarness, operatorSession } from './operators.ts';
import { adminPasswordSignIn } from './password-sign-in.ts';

/** Cognito's event for a native sign-in or a self sign-up (developer guide, pre authentication / pre sign-up). */
function event(triggerSource: string, email: string, extra: Record<string, string> = {}): SsoTriggerEvent {
  return {
    version: '1',
    triggerSource,
    region: 'us-east-1',
    userPoolId: 'us-east-1_test',
    userName: email,
    callerContext: { clientId: 'app-client', awsSdkVersion: 'aws-sdk-unknown-unknown' },
    request: { userAttributes: { email, 'cognito:user_status': 'CONFIRMED', ...extra }, validationData: null },
    response: {},
  };
}
const signIn = (email: string, extra?: Record<string, string>) => event('PreAuthentication_Authentication', email, extra);

function triggerFor(h: Harness, options: { ttlMs?: number; reader?: ItemReader; now?: () => number } = {}) {
  const enforced = enforcedDomains(options.reader ?? createItemReader(h.deps.config), {
    ttlMs: options.ttlMs ?? 0,
    staleMs: 60_000,
    ...(options.now ? { now: options.now } : {}),
  });
  return createSsoEnforcementTrigger({ enforced, logger: createLogger('silent') });
}

async function setup() {
  const { h, signIn: operatorSignIn } = await operatorHarness();
  const operator = await operatorSession(h, (await operatorSignIn('alice')).cookie ?? '');
  const { admin, connection } = await liveConnection(h);
  await verifiedDomain(h, connection, 'enforced.example.com');
  const put = (body: unknown) =>
    h.request(`/v1/admin/tenants/${admin.tenant.id}/sso-enforcement`, {
      method: 'PUT',
      cookie: operator.cookie,
      csrf: operator.csrf,
      json: body,
    });
  const version = async () => (await h.deps.tenants.getTenant(admin.tenant.id))?.version ?? -1;
  return { h, operator, admin, connection, put, version };
}

describe('SSO enforcement: the setting', () => {
  it('is off until the operator turns it on, then shows where it applies now', async () => {
    const { h, operator, admin, put, version } = await setup();
    const get = async () =>
      (await h.request(`/v1/admin/tenants/${admin.tenant.id}/sso-enforcement`, { cookie: operator.cookie })).json();
    expect(await get()).toMatchObject({
      enforced: false,
      itAdminMayChange: false,
      domains: [{ domain: 'enforced.example.com', enforcedNow: false }],
    });
    const on = await put({ enforced: true, itAdminMayChange: false, version: await version() });
    expect(on.status).toBe(200);
    expect(await on.json()).toMatchObject({ enforced: true, domains: [{ domain: 'enforced.example.com', enforcedNow: true }] });
    const audit = await h.deps.audit.listForTenant(admin.tenant.id, { limit: 1 });
    expect(audit.events[0]).toMatchObject({ action: 'tenant.sso-enforcement-changed', actor: { type: 'operator' } });
  });

  it('refuses a stale version and changes nothing', async () => {
    const { h, admin, put, version } = await setup();
    const stale = (await version()) - 1;
    const refused = await put({ enforced: true, itAdminMayChange: true, version: stale });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe('VERSION_CONFLICT');
    expect((await h.deps.tenants.getTenant(admin.tenant.id))?.ssoEnforcement).toBeUndefined();
  });

  it('lets the IT admin change it only when the operator allows it', async () => {
    const { h, admin, put, version } = await setup();
    const itAdminPut = async (enforced: boolean) => admin.send('PUT', '/sso-enforcement', { enforced, version: await version() });
    const refused = await itAdminPut(true);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('FORBIDDEN');
    expect((await h.deps.tenants.getTenant(admin.tenant.id))?.ssoEnforcement).toBeUndefined();
    await put({ enforced: false, itAdminMayChange: true, version: await version() });
    const allowed = await itAdminPut(true);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ enforced: true, itAdminMayChange: true });
    const audit = await h.deps.audit.listForTenant(admin.tenant.id, { limit: 1 });
    expect(audit.events[0]).toMatchObject({ action: 'tenant.sso-enforcement-changed', actor: { type: 'admin' } });
  });
});

describe('SSO enforcement: the Pre Authentication and Pre Sign-up trigger', () => {
  it('refuses a password sign-in and a self sign-up under an enforced domain, and nothing else', async () => {
    const { h, put, version } = await setup();
    await put({ enforced: true, itAdminMayChange: false, version: await version() });
    const trigger = triggerFor(h);
    await expect(trigger(signIn('pat@enforced.example.com'))).rejects.toThrow(/single sign-on/);
    await expect(trigger(signIn('Pat@ENFORCED.example.com.'))).rejects.toThrow();
    await expect(trigger(event('PreSignUp_SignUp', 'new@enforced.example.com'))).rejects.toThrow(/single sign-on/);
    // A subdomain follows its own verification, never its parent's.
    await expect(trigger(signIn('pat@sub.enforced.example.com'))).resolves.toBeTruthy();
    await expect(trigger(signIn('pat@elsewhere.example.com'))).resolves.toBeTruthy();
    // The SaaS creating a user itself, and a federated user's first sign-in, pass.
    await expect(trigger(event('PreSignUp_AdminCreateUser', 'made@enforced.example.com'))).resolves.toBeTruthy();
    await expect(trigger(event('PreSignUp_ExternalProvider', 'fed@enforced.example.com'))).resolves.toBeTruthy();
    await expect(
      trigger(signIn('fed@enforced.example.com', { 'cognito:user_status': 'EXTERNAL_PROVIDER' })),
    ).resolves.toBeTruthy();
  });

  it('lifts at once when enforcement is turned off, the tenant suspended or the domain withdrawn', async () => {
    const { h, admin, connection, put, version } = await setup();
    const trigger = triggerFor(h, { ttlMs: 60_000 });
    await put({ enforced: true, itAdminMayChange: false, version: await version() });
    await expect(trigger(signIn('pat@enforced.example.com'))).rejects.toThrow();
    await put({ enforced: false, itAdminMayChange: false, version: await version() });
    await expect(trigger(signIn('pat@enforced.example.com'))).resolves.toBeTruthy();

    // On again (the "not enforced" answer is kept a while: a second trigger instance sees it at once).
    await put({ enforced: true, itAdminMayChange: false, version: await version() });
    const fresh = triggerFor(h);
    await expect(fresh(signIn('pat@enforced.example.com'))).rejects.toThrow();
    const tenant = await h.deps.tenants.getTenant(admin.tenant.id);
    await h.deps.tenants.updateTenantStatus(admin.tenant.id, 'suspended', tenant?.version ?? 0);
    await expect(fresh(signIn('pat@enforced.example.com'))).resolves.toBeTruthy();
    const again = await h.deps.tenants.getTenant(admin.tenant.id);
    await h.deps.tenants.updateTenantStatus(admin.tenant.id, 'active', again?.version ?? 0);
    await expect(fresh(signIn('pat@enforced.example.com'))).rejects.toThrow();
    const claim = await h.deps.domains.get(connection.tenantId, 'enforced.example.com');
    if (!claim) throw new Error('no claim');
    await h.deps.domains.remove(claim);
    await expect(fresh(signIn('pat@enforced.example.com'))).resolves.toBeTruthy();
  });

  it('keeps "not enforced" briefly, and through an outage keeps a domain it just saw enforced', async () => {
    const { h, put, version } = await setup();
    const inner = createItemReader(h.deps.config);
    let reads = 0;
    let down = false;
    const reader: ItemReader = {
      get: (key, options) => {
        reads += 1;
        return down ? Promise.reject(new Error('ThrottlingException')) : inner.get(key, options);
      },
      getMany: (keys, options) => (down ? Promise.reject(new Error('ThrottlingException')) : inner.getMany(keys, options)),
    };
    let now = 1_000_000;
    const trigger = triggerFor(h, { ttlMs: 10_000, reader, now: () => now });
    await trigger(signIn('a@other.example.com'));
    await trigger(signIn('b@other.example.com'));
    expect(reads).toBe(1);
    await put({ enforced: true, itAdminMayChange: false, version: await version() });
    await expect(trigger(signIn('pat@enforced.example.com'))).rejects.toThrow();
    down = true;
    now += 20_000;
    // Seen enforced a moment ago: still refused. Never seen: let through (password users keep working).
    await expect(trigger(signIn('pat@enforced.example.com'))).rejects.toThrow();
    await expect(trigger(signIn('c@unseen.example.com'))).resolves.toBeTruthy();
  });
});

describe('SSO enforcement: who may set it', () => {
  it('is the operator’s (and an API client’s with the tenants scope); an IT admin of another tenant sees only their own', async () => {
    const { h, admin } = await setup();
    const other = await adminOf(h, 'Other Co');
    const view = await (await other.get('/sso-enforcement')).json();
    expect(view.domains).toEqual([]);
    const anonymous = await h.request(`/v1/admin/tenants/${admin.tenant.id}/sso-enforcement`);
    expect(anonymous.status).toBe(401);
  });
});

describe('SSO enforcement through the local Cognito', () => {
  async function nativeUser(h: Harness, username: string, email: string) {
    const pool = h.pool;
    if (!pool || !h.cognitoEndpoint) throw new Error('no local Cognito');
    const cognito = localCognitoClient(h.cognitoEndpoint);
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    await cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: username, Password: PASSWORD, Permanent: true }),
    );
    return cognito;
  }
  const PASSWORD = 'Correct-Horse-9-battery';

  /** A password sign-in over the API (ADMIN_USER_PASSWORD_AUTH), as a SaaS's backend makes it. */
  async function passwordSignIn(h: Harness, username: string) {
    const pool = h.pool;
    if (!pool || !h.cognitoEndpoint) throw new Error('no local Cognito');
    return adminPasswordSignIn(localCognitoClient(h.cognitoEndpoint), pool, username, PASSWORD);
  }

  it('refuses a password sign-in under an enforced domain with the message, and lets it in once lifted', async () => {
    const { h, put, version } = await setup();
    await nativeUser(h, 'pat', 'pat@enforced.example.com');
    await nativeUser(h, 'sam', 'sam@elsewhere.example.com');
    await put({ enforced: true, itAdminMayChange: false, version: await version() });
    const refused = await passwordSignIn(h, 'pat').catch((error: unknown) => error);
    expect((refused as { name: string }).name).toBe('UserLambdaValidationException');
    expect((refused as Error).message).toContain('single sign-on');
    expect((await passwordSignIn(h, 'sam')).AuthenticationResult?.AccessToken).toBeTruthy();
    await put({ enforced: false, itAdminMayChange: false, version: await version() });
    expect((await passwordSignIn(h, 'pat')).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('lists the password users under the tenant’s domains and disables them, refusing anyone else', async () => {
    const { h, operator, admin } = await setup();
    const cognito = await nativeUser(h, 'pat', 'pat@enforced.example.com');
    await nativeUser(h, 'sam', 'sam@elsewhere.example.com');
    const listed = await (
      await h.request(`/v1/admin/tenants/${admin.tenant.id}/native-users`, { cookie: operator.cookie })
    ).json();
    expect(listed.users).toEqual([{ username: 'pat', email: 'pat@enforced.example.com', status: 'CONFIRMED', enabled: true }]);
    expect(listed.nextCursor).toBeNull();
    const disable = (usernames: string[]) =>
      h.request(`/v1/admin/tenants/${admin.tenant.id}/native-users/disable`, {
        cookie: operator.cookie,
        csrf: operator.csrf,
        json: { usernames },
      });
    // One name outside the tenant's domains: nothing is disabled.
    const refused = await disable(['pat', 'sam']);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe('VALIDATION_FAILED');
    const poolId = h.pool?.userPoolId ?? '';
    expect((await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'pat' }))).Enabled).toBe(true);
    const done = await disable(['pat']);
    expect(await done.json()).toEqual({ disabled: 1 });
    expect((await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'pat' }))).Enabled).toBe(false);
    const audit = await h.deps.audit.listForTenant(admin.tenant.id, { limit: 1 });
    expect(audit.events[0]).toMatchObject({ action: 'tenant.native-users-disabled', after: { usernames: ['pat'] } });
  });
});
