import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { MiniBrowser } from '@gatehouse/cognito-local/testing';
import { localCognitoClient, OPERATORS_IDP_NAME } from '@gatehouse/dev-pool';
import { describe, expect, it } from 'vitest';
import { suspendConnection } from '../src/services/connection-lifecycle.ts';
import { deleteTenant } from '../src/services/tenant-deletion.ts';
import { connectionWithSamlIdp, savedDraft } from './flows.ts';
import { adminOf, type Harness } from './harness.ts';
import { appClient, liveConnection, verifiedDomain } from './lifecycle-flows.ts';
import { operatorHarness, operatorSession } from './operators.ts';

const discover = async (h: Harness, email: string) =>
  (await h.request('/v1/discovery', { json: { email }, headers: { origin: 'https://app.saas.example' } })).json();

async function signedIn() {
  const { h, signIn } = await operatorHarness();
  const operator = await operatorSession(h, (await signIn('alice')).cookie ?? '');
  const remove = (tenantId: string, confirm: string) =>
    h.request(`/v1/admin/tenants/${tenantId}`, {
      method: 'DELETE',
      cookie: operator.cookie,
      csrf: operator.csrf,
      json: { confirm },
    });
  return { h, operator, remove };
}

/** A tenant with a live connection (and its test IdP), a second one in draft, a verified domain and a setup session. */
async function fullTenant(h: Harness) {
  const { admin, connection } = await liveConnection(h);
  await verifiedDomain(h, connection, 'acme-gone.example.com');
  // The wizard's test IdP of a draft, on the test-login client.
  const draft = await admin.send('POST', '/connections', { vendor: 'generic', protocol: 'saml' });
  if (draft.status !== 201) throw new Error(`draft failed: ${await draft.text()}`);
  // An unfinished test login: its attempt item lives outside the tenant's partition.
  await h.deps.testLogins.createAttempt({
    stateHash: `state-of-${admin.tenant.id}`,
    sessionHash: 'session',
    tenantId: admin.tenant.id,
    connectionId: connection.id,
    nonce: 'nonce',
    codeVerifier: 'verifier',
    createdAt: h.clock.now.toISOString(),
    expiresAt: new Date(h.clock.now.getTime() + 600_000).toISOString(),
  });
  return { admin, connection };
}

describe('deleting a tenant', () => {
  it('removes its IdPs, domains, links, sessions and connections, and keeps its audit trail readable', async () => {
    const { h, operator, remove } = await signedIn();
    const { admin, connection } = await fullTenant(h);
    const { admin: globex, connection: other } = await savedDraft(h, 'saml', 'Globex');
    const otherTestIdp = (await h.deps.connections.get(globex.tenant.id, other.id))?.testProviderName ?? '';
    expect(await h.deps.cognito.describeIdentityProvider(otherTestIdp)).not.toBeNull();
    expect(await h.deps.cognito.describeIdentityProvider(connection.testProviderName)).not.toBeNull();

    // An operator's earlier change: its entry must outlive the tenant.
    const suspended = await h.request(`/v1/admin/tenants/${admin.tenant.id}/connections/${connection.id}/suspend`, {
      cookie: operator.cookie,
      csrf: operator.csrf,
      json: { version: connection.version },
    });
    expect(suspended.status).toBe(200);
    expect((await admin.get('/session')).status).toBe(200);

    const response = await remove(admin.tenant.id, admin.tenant.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      tenantId: admin.tenant.id,
      deletedProviders: expect.arrayContaining([connection.providerName, connection.testProviderName]),
      releasedDomains: ['acme-gone.example.com'],
    });

    // Cognito: nothing of the tenant is left, on the clients or in the pool.
    expect(await h.deps.cognito.describeIdentityProvider(connection.providerName)).toBeNull();
    expect(await h.deps.cognito.describeIdentityProvider(connection.testProviderName)).toBeNull();
    expect((await appClient(h)).SupportedIdentityProviders).not.toContain(connection.providerName);
    // DynamoDB: only the audit trail mentions the tenant; the other tenant is untouched.
    const items = JSON.parse(await h.tableDump()) as Array<{ PK: string; tenantId?: string }>;
    expect(items.filter((item) => item.PK === `TENANT#${admin.tenant.id}`)).toEqual([]);
    expect(
      items.filter((item) => item.tenantId === admin.tenant.id && !item.PK.startsWith('AUDIT#')).map((item) => item.PK),
    ).toEqual([]);
    expect(await h.deps.domains.routeOf('acme-gone.example.com')).toBeNull();
    expect(await discover(h, 'jane@acme-gone.example.com')).toEqual({ providerName: null });
    expect(await h.deps.tenants.getTenant(globex.tenant.id)).not.toBeNull();
    expect(await h.deps.cognito.describeIdentityProvider(otherTestIdp)).not.toBeNull();

    // The IT admin's session ended; the operator sees the tenant gone, and its history still.
    expect((await admin.get('/session')).status).toBe(401);
    expect((await h.request(`/v1/admin/tenants/${admin.tenant.id}`, { cookie: operator.cookie })).status).toBe(404);
    const audit = await (await h.request(`/v1/admin/tenants/${admin.tenant.id}/audit`, { cookie: operator.cookie })).json();
    const actions = audit.events.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 2)).toEqual(['tenant.deleted', 'tenant.deletion-started']);
    expect(actions).toContain('connection.suspended');
    expect(audit.events[0]).toMatchObject({ actor: { type: 'operator' }, tenantId: admin.tenant.id });

    // A second delete finds nothing to delete.
    expect((await (await remove(admin.tenant.id, admin.tenant.id)).json()).error.code).toBe('TENANT_NOT_FOUND');
  });

  it('refuses without the tenant id as confirmation, and changes nothing', async () => {
    const { h, remove } = await signedIn();
    const { admin, connection } = await liveConnection(h);
    const before = await h.tableDump();
    for (const confirm of ['', 'Acme', 'someone-else']) {
      const response = await remove(admin.tenant.id, confirm);
      expect(response.status).toBe(422);
      expect((await response.json()).error.code).toBe('CONFIRMATION_MISMATCH');
    }
    expect(await h.tableDump()).toBe(before);
    expect(await h.deps.cognito.describeIdentityProvider(connection.providerName)).not.toBeNull();
  });

  for (const exception of ['TooManyRequestsException', 'InternalErrorException', 'ConcurrentModificationException'] as const) {
    it(`stays marked deleting when DeleteIdentityProvider keeps failing with ${exception}; deleting again finishes`, async () => {
      const { h, operator, remove } = await signedIn();
      const { admin, connection } = await fullTenant(h);
      h.cognitoFaults?.add({ operation: 'DeleteIdentityProvider', exception, count: 5 });

      const failed = await remove(admin.tenant.id, admin.tenant.id);
      expect(failed.status).toBe(503);
      expect((await failed.json()).error).toMatchObject({ code: 'LIFECYCLE_FAILED', details: { retryable: true } });
      h.cognitoFaults?.clear();
      // Part-way: nothing serves, the tenant is listed as being deleted, and the IdP is off the clients.
      expect(await h.deps.tenants.getTenant(admin.tenant.id)).toMatchObject({ status: 'deleting' });
      const listed = await (await h.request('/v1/admin/tenants?status=deleting', { cookie: operator.cookie })).json();
      expect(listed.tenants.map((t: { id: string }) => t.id)).toEqual([admin.tenant.id]);
      const active = await (await h.request('/v1/admin/tenants?status=active', { cookie: operator.cookie })).json();
      expect(active.tenants.map((t: { id: string }) => t.id)).not.toContain(admin.tenant.id);
      expect(await discover(h, 'jane@acme-gone.example.com')).toEqual({ providerName: null });
      expect((await appClient(h)).SupportedIdentityProviders).not.toContain(connection.providerName);
      // Its connections take no change while it is being deleted.
      const current = await h.deps.connections.get(admin.tenant.id, connection.id);
      if (!current) throw new Error('missing');
      await expect(suspendConnection(h.deps, current, current.version)).rejects.toMatchObject({ code: 'TENANT_NOT_ACTIVE' });

      const retried = await remove(admin.tenant.id, admin.tenant.id);
      expect(retried.status).toBe(200);
      expect(await h.deps.cognito.describeIdentityProvider(connection.providerName)).toBeNull();
      expect(await h.deps.tenants.getTenant(admin.tenant.id)).toBeNull();
      const audit = await (await h.request(`/v1/admin/tenants/${admin.tenant.id}/audit`, { cookie: operator.cookie })).json();
      // The deletion started once and finished once.
      expect(audit.events.filter((e: { action: string }) => e.action.startsWith('tenant.delet')).length).toBe(2);
    });
  }

  for (const operation of ['DescribeUserPoolClient', 'UpdateUserPoolClient'] as const) {
    it(`stays marked deleting when ${operation} keeps failing; deleting again finishes`, async () => {
      const { h, remove } = await signedIn();
      const { admin, connection } = await fullTenant(h);
      h.cognitoFaults?.add({ operation, exception: 'InternalErrorException', count: 5 });
      expect((await (await remove(admin.tenant.id, admin.tenant.id)).json()).error.code).toBe('LIFECYCLE_FAILED');
      h.cognitoFaults?.clear();
      expect(await h.deps.tenants.getTenant(admin.tenant.id)).toMatchObject({ status: 'deleting' });
      expect(await discover(h, 'jane@acme-gone.example.com')).toEqual({ providerName: null });

      expect((await remove(admin.tenant.id, admin.tenant.id)).status).toBe(200);
      expect(await h.deps.cognito.describeIdentityProvider(connection.providerName)).toBeNull();
      expect((await appClient(h)).SupportedIdentityProviders).not.toContain(connection.providerName);
      expect(await h.deps.tenants.getTenant(admin.tenant.id)).toBeNull();
    });
  }

  it('refuses while a change to one of its connections is still running, and leaves the tenant as it was', async () => {
    const { h, remove } = await signedIn();
    const { admin, connection } = await liveConnection(h);
    const running = await h.deps.connections.beginOperation(
      admin.tenant.id,
      { connectionId: connection.id, operation: 'activation', until: h.clock.now.getTime() + 60_000 },
      h.clock.now,
    );
    const refused = await remove(admin.tenant.id, admin.tenant.id);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatchObject({
      code: 'CONNECTION_BUSY',
      details: { operations: [{ connectionId: connection.id, operation: 'activation' }] },
    });
    expect(await h.deps.tenants.getTenant(admin.tenant.id)).toMatchObject({ status: 'active' });
    expect(await h.deps.cognito.describeIdentityProvider(connection.providerName)).not.toBeNull();

    await h.deps.connections.endOperation(admin.tenant.id, running);
    expect((await remove(admin.tenant.id, admin.tenant.id)).status).toBe(200);
  });
});

describe('deleting a tenant: offboarding its users', { timeout: 60_000 }, () => {
  /** A tenant whose test IdP has signed in alice and bob: two federated users in the pool. */
  async function tenantWithUsers() {
    const { h, operator, remove } = await signedIn();
    const pool = h.pool;
    if (!pool || !h.cognitoEndpoint) throw new Error('no local Cognito');
    const admin = await adminOf(h, 'Leaver Co');
    const { id } = await connectionWithSamlIdp(h, admin, { email: 'email' });
    const connection = await h.deps.connections.get(admin.tenant.id, id);
    if (!connection) throw new Error('no connection');
    for (const name of ['alice', 'bob']) {
      // Stops at the portal's callback: the test login never finishes, so its user stays in the pool.
      const { authorizeUrl } = await (await admin.send('POST', `/connections/${id}/test-login`)).json();
      const walked = await new MiniBrowser(`${h.deps.config.publicUrl.origin}/v1/setup/test-login/callback`).signIn(
        authorizeUrl,
        name,
      );
      expect(walked.finalUrl).toContain('code=');
    }
    const cognito = localCognitoClient(h.cognitoEndpoint);
    const usersOf = async (prefix: string) =>
      (await cognito.send(new ListUsersCommand({ UserPoolId: pool.userPoolId, Filter: `username ^= "${prefix}_"` }))).Users ?? [];
    expect(await usersOf(connection.testProviderName)).toHaveLength(2);
    return { h, operator, remove, admin, connection, usersOf };
  }

  it('deletes the Cognito users its IdPs created and says how many, leaving everyone else', async () => {
    const { h, remove, admin, connection, usersOf } = await tenantWithUsers();
    const response = await remove(admin.tenant.id, admin.tenant.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ deletedUsers: 2, complete: true });
    expect(await usersOf(connection.testProviderName)).toEqual([]);
    // The operator (a user of another IdP) is still there.
    expect(await usersOf(OPERATORS_IDP_NAME)).toHaveLength(1);
    expect(await h.deps.tenants.getTenant(admin.tenant.id)).toBeNull();
  });

  it('goes on where it stopped when one request runs out of time, serving nothing meanwhile, and audits each part', async () => {
    const { h, operator, admin, connection, usersOf } = await tenantWithUsers();
    const actor = { type: 'operator' as const, id: 'op@example.com' };
    const first = await deleteTenant(h.deps, actor, admin.tenant.id, admin.tenant.id, { userDeletionBudgetMs: 0 });
    expect(first).toMatchObject({ deletedUsers: 1, complete: false });
    expect(await usersOf(connection.testProviderName)).toHaveLength(1);
    expect(await h.deps.tenants.getTenant(admin.tenant.id)).toMatchObject({ status: 'deleting' });
    let total = first.deletedUsers;
    for (let round = 0; round < 5; round++) {
      const next = await deleteTenant(h.deps, actor, admin.tenant.id, admin.tenant.id, { userDeletionBudgetMs: 0 });
      total += next.deletedUsers;
      if (next.complete) break;
    }
    expect(total).toBe(2);
    expect(await h.deps.tenants.getTenant(admin.tenant.id)).toBeNull();
    const audit = await (await h.request(`/v1/admin/tenants/${admin.tenant.id}/audit`, { cookie: operator.cookie })).json();
    const removed = audit.events.filter((e: { action: string }) => e.action === 'tenant.users-deleted');
    expect(
      removed.map((e: { after: { deletedUsers: number } }) => e.after.deletedUsers).reduce((a: number, b: number) => a + b, 0),
    ).toBe(2);
  });

  it('stays marked deleting when ListUsers fails, and deleting again finishes', async () => {
    const { h, remove, admin, connection, usersOf } = await tenantWithUsers();
    h.cognitoFaults?.add({ operation: 'ListUsers', exception: 'InternalErrorException', count: 5 });
    const failed = await remove(admin.tenant.id, admin.tenant.id);
    expect((await failed.json()).error).toMatchObject({ code: 'LIFECYCLE_FAILED', details: { retryable: true } });
    h.cognitoFaults?.clear();
    expect(await h.deps.tenants.getTenant(admin.tenant.id)).toMatchObject({ status: 'deleting' });
    expect(await (await remove(admin.tenant.id, admin.tenant.id)).json()).toMatchObject({ deletedUsers: 2, complete: true });
    expect(await usersOf(connection.testProviderName)).toEqual([]);
  });
});
