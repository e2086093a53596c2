import { DescribeUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { localCognitoClient } from '@gatehouse/dev-pool';
import { describe, expect, it } from 'vitest';
import { activateRevision } from '../src/services/activation.ts';
import { OIDC_SECRET, recordTest, submittedConnection } from './flows.ts';
import { createHarness, type Harness, useTestDns } from './harness.ts';

const localHarness = () => createHarness({ allowPrivateNetwork: true }, { cognito: true });

async function appClient(h: Harness) {
  const pool = h.pool;
  if (!pool || !h.cognitoEndpoint) throw new Error('needs the local Cognito');
  const result = await localCognitoClient(h.cognitoEndpoint).send(
    new DescribeUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientId: pool.appClientId }),
  );
  const client = result.UserPoolClient;
  if (!client) throw new Error('no app client');
  return client;
}

const approve = (h: Harness, connection: Awaited<ReturnType<typeof submittedConnection>>['connection']) =>
  activateRevision(h.deps, connection, { version: connection.version, approvedBy: 'operator@example.com' });

const testDns = useTestDns();

describe('activation', () => {
  it('creates the live IdP under its fixed name with the verified domains, enables it on the app clients, and promotes the revision', async () => {
    const h = await createHarness({ allowPrivateNetwork: true, dns: testDns.config().dns }, { cognito: true });
    const { admin, connection } = await submittedConnection(h);
    // One verified domain and one that never was: only the verified one may route users.
    for (const domain of ['acme-live.example.com', 'acme-pending.example.com']) {
      const claim = await (await admin.send('POST', '/domains', { domain, connectionId: connection.id })).json();
      if (domain === 'acme-live.example.com') {
        testDns.server.setTxt(claim.record.name, [claim.record.value]);
        expect((await (await admin.send('POST', `/domains/${domain}/verify`)).json()).status).toBe('verified');
      }
    }
    const fresh = await h.deps.connections.get(admin.tenant.id, connection.id);
    if (!fresh) throw new Error('missing');
    const before = await appClient(h);

    const active = await approve(h, fresh);
    expect(active).toMatchObject({ activeRevision: 1, draft: null, draftState: null });

    const live = await h.deps.cognito.describeIdentityProvider(connection.providerName);
    expect(live).toMatchObject({ type: 'SAML', idpIdentifiers: ['acme-live.example.com'] });
    expect(live?.details.MetadataFile).toContain('EntityDescriptor');
    const after = await appClient(h);
    expect(after.SupportedIdentityProviders).toContain(connection.providerName);
    // The test IdP never reaches the production client, and the rest of the client survives the change.
    expect(after.SupportedIdentityProviders).not.toContain(connection.testProviderName);
    expect(after.CallbackURLs).toEqual(before.CallbackURLs);
    expect(after.AllowedOAuthScopes).toEqual(before.AllowedOAuthScopes);
    expect(after.AllowedOAuthFlows).toEqual(before.AllowedOAuthFlows);

    expect((await h.deps.connections.getRevision(admin.tenant.id, connection.id, 1))?.state).toBe('approved');
    const view = await (await admin.get(`/connections/${connection.id}`)).json();
    expect(view).toMatchObject({ status: 'active', editable: false });
  });

  it('copies the OIDC secret server side from the test IdP, never through our storage', async () => {
    const h = await localHarness();
    const { connection } = await submittedConnection(h, 'oidc');
    await approve(h, connection);
    const live = await h.deps.cognito.describeIdentityProvider(connection.providerName);
    expect(live?.details).toMatchObject({ client_id: 'gatehouse', client_secret: OIDC_SECRET });
    expect(await h.tableDump()).not.toContain(OIDC_SECRET);
  });

  for (const operation of ['CreateIdentityProvider', 'DescribeUserPoolClient', 'UpdateUserPoolClient'] as const) {
    for (const exception of ['TooManyRequestsException', 'InternalErrorException', 'ConcurrentModificationException'] as const) {
      it(`ends in the old state when ${operation} keeps failing with ${exception}, and a retry converges`, async () => {
        const h = await localHarness();
        const { admin, connection } = await submittedConnection(h);
        const before = await appClient(h);
        // More failures than the SDK's own attempts, so the saga sees the error.
        h.cognitoFaults?.add({ operation, exception, count: 5 });

        await expect(approve(h, connection)).rejects.toMatchObject({
          code: 'LIFECYCLE_FAILED',
          details: { retryable: true, undone: true },
        });
        expect(h.cognitoFaults?.raised.some((f) => f.operation === operation)).toBe(true);
        // The outage ends: what is left of it must not hide the state the failure left behind.
        h.cognitoFaults?.clear();
        expect(await h.deps.cognito.describeIdentityProvider(connection.providerName)).toBeNull();
        expect((await appClient(h)).SupportedIdentityProviders).toEqual(before.SupportedIdentityProviders);
        const stored = await h.deps.connections.get(admin.tenant.id, connection.id);
        expect(stored).toMatchObject({ draftState: 'submitted', activeRevision: null, version: connection.version });
        expect((await h.deps.connections.getRevision(admin.tenant.id, connection.id, 1))?.state).toBe('submitted');

        const retried = await approve(h, connection);
        expect(retried.activeRevision).toBe(1);
        expect((await appClient(h)).SupportedIdentityProviders).toContain(connection.providerName);
      });
    }
  }

  it('says when Cognito could not be put back (undone: false), and a retry still converges', async () => {
    const h = await localHarness();
    const { connection } = await submittedConnection(h);
    // The IdP is created, enabling it on the app client keeps failing, and so does deleting it again.
    h.cognitoFaults?.add({ operation: 'UpdateUserPoolClient', exception: 'InternalErrorException', count: 5 });
    h.cognitoFaults?.add({ operation: 'DeleteIdentityProvider', exception: 'InternalErrorException', count: 5 });

    await expect(approve(h, connection)).rejects.toMatchObject({
      code: 'LIFECYCLE_FAILED',
      details: { retryable: true, undone: false },
    });
    expect(h.cognitoFaults?.raised.some((f) => f.operation === 'DeleteIdentityProvider')).toBe(true);
    h.cognitoFaults?.clear();
    expect(await h.deps.connections.get(connection.tenantId, connection.id)).toMatchObject({
      draftState: 'submitted',
      activeRevision: null,
      version: connection.version,
    });

    const retried = await approve(h, connection);
    expect(retried.activeRevision).toBe(1);
    expect((await appClient(h)).SupportedIdentityProviders).toContain(connection.providerName);
  });

  it('updates the live IdP in place for a new revision, and puts the old settings back if promotion fails', async () => {
    const h = await localHarness();
    const { admin, connection } = await submittedConnection(h);
    const active = await approve(h, connection);

    // Revision 2 maps one more attribute; the active revision keeps serving meanwhile.
    const started = await (
      await admin.send('POST', `/connections/${connection.id}/revisions`, { version: active.version })
    ).json();
    const mapped = await (
      await admin.send('PUT', `/connections/${connection.id}/mapping`, {
        attributeMapping: { email: 'email', 'custom:department': 'department' },
        version: started.version,
      })
    ).json();
    const tested = await recordTest(h, admin.tenant.id, connection.id, true);
    const submitted = await (
      await admin.send('POST', `/connections/${connection.id}/submit`, { version: tested.version })
    ).json();
    expect(submitted.draftRevision).toBe(2);
    expect((await h.deps.cognito.describeIdentityProvider(connection.providerName))?.attributeMapping).not.toHaveProperty(
      'custom:department',
    );
    void mapped;

    const current = await h.deps.connections.get(admin.tenant.id, connection.id);
    if (!current) throw new Error('missing');
    h.cognitoFaults?.add({ operation: 'UpdateIdentityProvider', exception: 'InternalErrorException', count: 5 });
    await expect(approve(h, current)).rejects.toMatchObject({ code: 'LIFECYCLE_FAILED' });
    expect((await h.deps.cognito.describeIdentityProvider(connection.providerName))?.attributeMapping).not.toHaveProperty(
      'custom:department',
    );

    const promoted = await approve(h, current);
    expect(promoted).toMatchObject({ activeRevision: 2, draftState: null });
    const live = await h.deps.cognito.describeIdentityProvider(connection.providerName);
    expect(live?.name).toBe(connection.providerName);
    expect(live?.attributeMapping).toMatchObject({ 'custom:department': 'department' });
    expect((await h.deps.connections.getRevision(admin.tenant.id, connection.id, 1))?.state).toBe('superseded');
    expect((await h.deps.connections.getRevision(admin.tenant.id, connection.id, 2))?.state).toBe('approved');
  });

  it('refuses to approve what is not waiting for review, or a stale view of it', async () => {
    const h = await localHarness();
    const { connection } = await submittedConnection(h);
    await expect(
      activateRevision(h.deps, connection, { version: connection.version - 1, approvedBy: 'op' }),
    ).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    const active = await approve(h, connection);
    await expect(approve(h, active)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });
});
