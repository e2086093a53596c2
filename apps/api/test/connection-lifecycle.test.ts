import { describe, expect, it } from 'vitest';
import { activateRevision } from '../src/services/activation.ts';
import { resumeConnection, rollbackConnection, suspendConnection } from '../src/services/connection-lifecycle.ts';
import { dynamoFaults, writesSupersededRevision } from './dynamo-faults.ts';
import { OIDC_SECRET, recordTest, submittedConnection } from './flows.ts';
import { createHarness } from './harness.ts';
import { appClient, liveConnection, secondRevisionSubmitted, stored, twoRevisions, verifiedDomain } from './lifecycle-flows.ts';

const localHarness = () => createHarness({ allowPrivateNetwork: true }, { cognito: true });
const EXCEPTIONS = ['TooManyRequestsException', 'InternalErrorException', 'ConcurrentModificationException'] as const;

describe('suspend and resume', () => {
  it('takes the live IdP off the app client and puts it back, keeping the rest of the client', async () => {
    const h = await localHarness();
    const { admin, connection } = await liveConnection(h);
    const before = await appClient(h);
    expect(before.SupportedIdentityProviders).toContain(connection.providerName);

    const suspended = await suspendConnection(h.deps, connection, connection.version);
    expect(suspended).toMatchObject({ suspended: true, activeRevision: 1, version: connection.version + 1 });
    const off = await appClient(h);
    expect(off.SupportedIdentityProviders).not.toContain(connection.providerName);
    expect(off.CallbackURLs).toEqual(before.CallbackURLs);
    expect(off.AllowedOAuthScopes).toEqual(before.AllowedOAuthScopes);
    // The IdP itself stays, so its users keep their identities.
    expect(await h.deps.cognito.describeIdentityProvider(connection.providerName)).not.toBeNull();
    expect((await (await admin.get(`/connections/${connection.id}`)).json()).status).toBe('suspended');

    const resumed = await resumeConnection(h.deps, suspended, suspended.version);
    expect(resumed).toMatchObject({ suspended: false, version: suspended.version + 1 });
    expect((await appClient(h)).SupportedIdentityProviders).toEqual(before.SupportedIdentityProviders);
    expect((await (await admin.get(`/connections/${connection.id}`)).json()).status).toBe('active');
  });

  for (const action of ['suspend', 'resume'] as const) {
    for (const operation of ['DescribeUserPoolClient', 'UpdateUserPoolClient'] as const) {
      for (const exception of EXCEPTIONS) {
        it(`${action}: ends in the old state when ${operation} keeps failing with ${exception}, and a retry converges`, async () => {
          const h = await localHarness();
          let { connection } = await liveConnection(h);
          if (action === 'resume') connection = await suspendConnection(h.deps, connection, connection.version);
          const clientBefore = (await appClient(h)).SupportedIdentityProviders;
          const run = action === 'suspend' ? suspendConnection : resumeConnection;
          // More failures than the SDK's own attempts (and the gateway's concurrency retries).
          h.cognitoFaults?.add({ operation, exception, count: 5 });

          await expect(run(h.deps, connection, connection.version)).rejects.toMatchObject({ code: 'LIFECYCLE_FAILED' });
          expect(h.cognitoFaults?.raised.some((f) => f.operation === operation)).toBe(true);
          h.cognitoFaults?.clear();
          expect((await appClient(h)).SupportedIdentityProviders).toEqual(clientBefore);
          expect(await stored(h, connection)).toMatchObject({
            suspended: action === 'resume',
            version: connection.version,
          });

          const retried = await run(h.deps, connection, connection.version);
          expect(retried.suspended).toBe(action === 'suspend');
          const providers = (await appClient(h)).SupportedIdentityProviders ?? [];
          expect(providers.includes(connection.providerName)).toBe(action === 'resume');
        });
      }
    }
  }

  it('puts the app client back when the stored connection changed while Cognito was being changed', async () => {
    const h = await localHarness();
    const { connection } = await liveConnection(h);
    // Someone else saves the connection after it was read: the final write of the saga conflicts.
    await h.deps.connections.save({ ...connection, displayName: 'Renamed' }, connection.version);

    await expect(suspendConnection(h.deps, connection, connection.version)).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect((await appClient(h)).SupportedIdentityProviders).toContain(connection.providerName);
    expect((await stored(h, connection)).suspended).toBe(false);
  });

  it('refuses a stale version, the wrong state, and a connection that never went live', async () => {
    const h = await localHarness();
    const { connection } = await liveConnection(h);
    await expect(suspendConnection(h.deps, connection, connection.version - 1)).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    await expect(resumeConnection(h.deps, connection, connection.version)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const suspended = await suspendConnection(h.deps, connection, connection.version);
    await expect(suspendConnection(h.deps, suspended, suspended.version)).rejects.toMatchObject({ code: 'INVALID_STATE' });

    const { connection: pending } = await submittedConnection(h, 'saml', 'Globex');
    await expect(suspendConnection(h.deps, pending, pending.version)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect((await stored(h, pending)).suspended).toBe(false);
  });

  it('refuses while another change to the connection is running', async () => {
    const h = await localHarness();
    const { connection } = await liveConnection(h);
    const running = await h.deps.connections.beginOperation(
      connection.tenantId,
      { connectionId: connection.id, operation: 'activation', until: h.clock.now.getTime() + 60_000 },
      h.clock.now,
    );
    await expect(suspendConnection(h.deps, connection, connection.version)).rejects.toMatchObject({ code: 'CONNECTION_BUSY' });
    expect((await appClient(h)).SupportedIdentityProviders).toContain(connection.providerName);
    await h.deps.connections.endOperation(connection.tenantId, running);
    expect((await suspendConnection(h.deps, connection, connection.version)).suspended).toBe(true);
  });

  it('keeps a suspended connection off the app clients when a new revision is approved', async () => {
    const h = await localHarness();
    const { admin, connection } = await liveConnection(h);
    const suspended = await suspendConnection(h.deps, connection, connection.version);
    const started = await (
      await admin.send('POST', `/connections/${connection.id}/revisions`, { version: suspended.version })
    ).json();
    const tested = await recordTest(h, admin.tenant.id, connection.id, true);
    expect(started.draftRevision).toBe(2);
    await admin.send('POST', `/connections/${connection.id}/submit`, { version: tested.version });
    const current = await stored(h, connection);
    const promoted = await activateRevision(h.deps, current, { version: current.version, approvedBy: 'op' });
    expect(promoted).toMatchObject({ activeRevision: 2, suspended: true });
    expect((await appClient(h)).SupportedIdentityProviders).not.toContain(connection.providerName);
  });
});

describe('undoing an IdP update', () => {
  it('puts a SAML IdP back as Describe showed it when activating a new revision fails after the update', async () => {
    const h = await localHarness();
    const { admin, connection } = await liveConnection(h);
    const started = await (
      await admin.send('POST', `/connections/${connection.id}/revisions`, { version: connection.version })
    ).json();
    await admin.send('PUT', `/connections/${connection.id}/mapping`, {
      attributeMapping: { email: 'email', 'custom:department': 'department' },
      version: started.version,
    });
    const tested = await recordTest(h, admin.tenant.id, connection.id, true);
    await admin.send('POST', `/connections/${connection.id}/submit`, { version: tested.version });
    const current = await stored(h, connection);
    const before = await h.deps.cognito.describeIdentityProvider(connection.providerName);
    // The update of the live IdP succeeds; the app-client step after it keeps failing.
    h.cognitoFaults?.add({ operation: 'DescribeUserPoolClient', exception: 'InternalErrorException', count: 5 });

    await expect(activateRevision(h.deps, current, { version: current.version, approvedBy: 'op' })).rejects.toMatchObject({
      code: 'ACTIVATION_FAILED',
      details: { retryable: true, undone: true },
    });
    h.cognitoFaults?.clear();
    // Describe's SAML-only keys (ActiveEncryptionCertificate, ...) are not sent back, so the undo succeeds.
    expect(await h.deps.cognito.describeIdentityProvider(connection.providerName)).toEqual(before);
    expect(await stored(h, connection)).toMatchObject({ activeRevision: 1, draftState: 'submitted' });
  });
});

describe('roll back', () => {
  it('restores the previous revision in place under the same name, with the verified domains', async () => {
    const h = await localHarness();
    const { connection } = await twoRevisions(h);
    await verifiedDomain(h, connection, 'acme-rollback.example.com');
    expect((await h.deps.cognito.describeIdentityProvider(connection.providerName))?.attributeMapping).toHaveProperty(
      'custom:department',
    );

    const { connection: restored, from, to } = await rollbackConnection(h.deps, connection, connection.version);
    expect({ from, to }).toEqual({ from: 2, to: 1 });
    expect(restored).toMatchObject({ activeRevision: 1, version: connection.version + 1 });
    const live = await h.deps.cognito.describeIdentityProvider(connection.providerName);
    expect(live?.name).toBe(connection.providerName);
    expect(live?.attributeMapping).not.toHaveProperty('custom:department');
    expect(live?.idpIdentifiers).toEqual(['acme-rollback.example.com']);
    expect((await appClient(h)).SupportedIdentityProviders).toContain(connection.providerName);
    expect((await h.deps.connections.getRevision(connection.tenantId, connection.id, 1))?.state).toBe('approved');
    expect((await h.deps.connections.getRevision(connection.tenantId, connection.id, 2))?.state).toBe('rolled-back');

    // Nothing older to go back to now; revision numbers are never reused.
    await expect(rollbackConnection(h.deps, restored, restored.version)).rejects.toMatchObject({
      code: 'NO_PREVIOUS_REVISION',
    });
    expect(restored.draftRevision).toBe(2);
  });

  it('copies the OIDC secret from the live IdP, never through our storage', async () => {
    const h = await localHarness();
    const { connection } = await twoRevisions(h, 'oidc');
    await rollbackConnection(h.deps, connection, connection.version);
    const live = await h.deps.cognito.describeIdentityProvider(connection.providerName);
    expect(live?.details).toMatchObject({ client_id: 'gatehouse', client_secret: OIDC_SECRET });
    expect(live?.attributeMapping).not.toHaveProperty('custom:department');
    expect(await h.tableDump()).not.toContain(OIDC_SECRET);
  });

  it('refuses when there is no earlier approved revision, a stale version, or a connection never approved', async () => {
    const h = await localHarness();
    const { connection } = await liveConnection(h);
    await expect(rollbackConnection(h.deps, connection, connection.version)).rejects.toMatchObject({
      code: 'NO_PREVIOUS_REVISION',
    });
    await expect(rollbackConnection(h.deps, connection, connection.version - 1)).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    const { connection: pending } = await submittedConnection(h, 'saml', 'Globex');
    await expect(rollbackConnection(h.deps, pending, pending.version)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await stored(h, connection)).toMatchObject({ activeRevision: 1, version: connection.version });
  });

  for (const operation of ['DescribeIdentityProvider', 'UpdateIdentityProvider'] as const) {
    for (const exception of EXCEPTIONS) {
      it(`ends in the old state when ${operation} keeps failing with ${exception}, and a retry converges`, async () => {
        const h = await localHarness();
        const { connection } = await twoRevisions(h);
        h.cognitoFaults?.add({ operation, exception, count: 5 });

        await expect(rollbackConnection(h.deps, connection, connection.version)).rejects.toMatchObject({
          code: 'LIFECYCLE_FAILED',
        });
        expect(h.cognitoFaults?.raised.some((f) => f.operation === operation)).toBe(true);
        h.cognitoFaults?.clear();
        expect((await h.deps.cognito.describeIdentityProvider(connection.providerName))?.attributeMapping).toHaveProperty(
          'custom:department',
        );
        expect(await stored(h, connection)).toMatchObject({ activeRevision: 2, version: connection.version });
        expect((await h.deps.connections.getRevision(connection.tenantId, connection.id, 1))?.state).toBe('superseded');
        expect((await h.deps.connections.getRevision(connection.tenantId, connection.id, 2))?.state).toBe('approved');

        const retried = await rollbackConnection(h.deps, connection, connection.version);
        expect(retried.connection.activeRevision).toBe(1);
      });
    }
  }

  it('approves in one transaction with the superseded mark: a failure there changes nothing and roll back still works', async () => {
    const h = await localHarness();
    const { connection } = await secondRevisionSubmitted(h);
    const faulty = dynamoFaults(h, { matches: writesSupersededRevision, count: 1 });

    await expect(
      activateRevision({ ...h.deps, connections: faulty.connections }, connection, {
        version: connection.version,
        approvedBy: 'op@example.com',
      }),
    ).rejects.toMatchObject({ code: 'ACTIVATION_FAILED' });
    expect(faulty.state.raised).toBe(1);
    // Nothing half done: revision 1 still serves, in DynamoDB and in Cognito; revision 2 still waits.
    expect(await stored(h, connection)).toMatchObject({
      activeRevision: 1,
      draftState: 'submitted',
      version: connection.version,
    });
    expect((await h.deps.connections.getRevision(connection.tenantId, connection.id, 1))?.state).toBe('approved');
    expect((await h.deps.connections.getRevision(connection.tenantId, connection.id, 2))?.state).toBe('submitted');
    expect((await h.deps.cognito.describeIdentityProvider(connection.providerName))?.attributeMapping).not.toHaveProperty(
      'custom:department',
    );

    // Approved again, then rolled back: the roll back finds revision 1 by its superseded mark.
    const promoted = await activateRevision(h.deps, connection, { version: connection.version, approvedBy: 'op@example.com' });
    expect(promoted.activeRevision).toBe(2);
    expect((await h.deps.connections.getRevision(connection.tenantId, connection.id, 1))?.state).toBe('superseded');
    const rolledBack = await rollbackConnection(h.deps, promoted, promoted.version);
    expect(rolledBack.connection.activeRevision).toBe(1);
    expect((await h.deps.cognito.describeIdentityProvider(connection.providerName))?.attributeMapping).not.toHaveProperty(
      'custom:department',
    );
  });

  it('puts the live IdP back as it was when the final write fails after Cognito changed', async () => {
    const h = await localHarness();
    const { connection } = await twoRevisions(h);
    const before = await h.deps.cognito.describeIdentityProvider(connection.providerName);
    await h.deps.connections.save({ ...connection, displayName: 'Renamed' }, connection.version);

    await expect(rollbackConnection(h.deps, connection, connection.version)).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    // The SAML IdP is restored from what Describe showed (whose extra keys Update refuses).
    expect(await h.deps.cognito.describeIdentityProvider(connection.providerName)).toEqual(before);
    expect((await h.deps.connections.getRevision(connection.tenantId, connection.id, 2))?.state).toBe('approved');
  });
});
