import { GatehouseError } from '@gatehouse/core';
import { buildCreateIdentityProviderInput, restoreIdentityProviderInput } from '@gatehouse/core/cognito';
import type { AppDeps } from '../deps.ts';
import type { StoredConnection } from '../store/connection-store.ts';
import { providerSettings } from './activation.ts';
import { withConnectionOperation } from './connection-operations.ts';
import { changedRevisions, lifecycleRevision, requireTransition, requireVersion } from './connections.ts';
import { lifecycleEvent } from './events.ts';
import { saga, setOnAppClients } from './saga.ts';

type LifecycleDeps = Pick<AppDeps, 'connections' | 'tenants' | 'cognito' | 'config' | 'now' | 'logger' | 'domains'>;

/**
 * Suspends a live connection: its IdP is taken off every production app client (users can no longer
 * pick it) and discovery stops routing to it. The IdP itself stays, with its users' identities, so
 * resuming is instant.
 */
export async function suspendConnection(deps: LifecycleDeps, connection: StoredConnection, version: number) {
  requireVersion(connection, version);
  const change = requireTransition(connection, { type: 'suspend' }, deps.now());
  return withConnectionOperation(deps, connection, 'suspend', () =>
    saga(deps, connection, 'suspension', async (undo) => {
      await setOnAppClients(deps, undo, connection.providerName, false);
      const at = deps.now();
      return deps.connections.save({ ...connection, ...change.set, updatedAt: at.toISOString() }, version, [
        lifecycleEvent(
          'gatehouse.connection.suspended',
          { tenantId: connection.tenantId, connectionId: connection.id, providerName: connection.providerName },
          at,
        ),
      ]);
    }),
  );
}

/** Resumes a suspended connection: its live IdP goes back on every production app client. */
export async function resumeConnection(deps: LifecycleDeps, connection: StoredConnection, version: number) {
  requireVersion(connection, version);
  const change = requireTransition(connection, { type: 'resume' }, deps.now());
  return withConnectionOperation(deps, connection, 'resume', () =>
    saga(deps, connection, 'resumption', async (undo) => {
      if (!(await deps.cognito.describeIdentityProvider(connection.providerName))) {
        throw new GatehouseError(
          'INVALID_STATE',
          `The identity provider ${connection.providerName} is no longer in Amazon Cognito, so this connection cannot be resumed.`,
        );
      }
      await setOnAppClients(deps, undo, connection.providerName, true);
      const at = deps.now();
      return deps.connections.save({ ...connection, ...change.set, updatedAt: at.toISOString() }, version, [
        lifecycleEvent(
          'gatehouse.connection.resumed',
          { tenantId: connection.tenantId, connectionId: connection.id, providerName: connection.providerName },
          at,
        ),
      ]);
    }),
  );
}

/**
 * Restores the previous approved revision: the live IdP is updated in place under the same ProviderName
 * (users keep their identities) to that revision's settings, with the verified domains as identifiers.
 * The restored revision becomes the active one again; the one that served until now is `rolled-back`.
 */
export async function rollbackConnection(
  deps: LifecycleDeps,
  connection: StoredConnection,
  version: number,
): Promise<{ connection: StoredConnection; from: number; to: number }> {
  requireVersion(connection, version);
  // A connection never approved is refused without reading its revisions.
  const revisions =
    connection.activeRevision === null ? [] : await deps.connections.listRevisions(connection.tenantId, connection.id);
  const change = requireTransition(connection, { type: 'roll-back', revisions: revisions.map(lifecycleRevision) }, deps.now());
  const previous = revisions.find((r) => r.revision === change.live?.revision);
  const current = revisions.find((r) => r.revision === change.live?.replaces);
  if (!previous || !current) throw new Error('A roll back was allowed without the revisions it swaps.');
  const previousOidc = previous.settings.oidc;
  return withConnectionOperation(deps, connection, 'rollback', async () => {
    const saved = await saga(deps, connection, 'roll back', async (undo) => {
      const live = await deps.cognito.describeIdentityProvider(connection.providerName);
      if (!live) {
        throw new GatehouseError(
          'INVALID_STATE',
          `The identity provider ${connection.providerName} is no longer in Amazon Cognito, so this connection cannot be rolled back.`,
        );
      }
      const input = buildCreateIdentityProviderInput({
        userPoolId: deps.config.cognito.userPoolId,
        providerName: connection.providerName,
        settings: providerSettings(previous.settings, previousOidc ? live.details.client_secret : undefined),
        attributeMapping: previous.settings.attributeMapping,
        idpIdentifiers: await deps.domains.listVerifiedDomains(connection.tenantId, connection.id),
      });
      undo.push(() => deps.cognito.putIdentityProvider(restoreIdentityProviderInput(deps.config.cognito.userPoolId, live)));
      await deps.cognito.putIdentityProvider(input);
      return deps.connections.saveWithRevisions(
        { ...connection, ...change.set, updatedAt: deps.now().toISOString() },
        version,
        changedRevisions(change, revisions),
        [
          lifecycleEvent(
            'gatehouse.connection.rolled-back',
            {
              tenantId: connection.tenantId,
              connectionId: connection.id,
              fromRevision: current.revision,
              toRevision: previous.revision,
            },
            deps.now(),
          ),
        ],
      );
    });
    return { connection: saved, from: current.revision, to: previous.revision };
  });
}
