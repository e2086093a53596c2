import { GatehouseError } from '@gatehouse/core';
import { buildCreateIdentityProviderInput, restoreIdentityProviderInput } from '@gatehouse/core/cognito';
import type { AppDeps } from '../deps.ts';
import type { StoredConnection, StoredRevision } from '../store/connection-store.ts';
import { providerSettings } from './activation.ts';
import { withConnectionOperation } from './connection-operations.ts';
import { requireVersion } from './connections.ts';
import { lifecycleEvent } from './events.ts';

type LifecycleDeps = Pick<AppDeps, 'connections' | 'tenants' | 'cognito' | 'config' | 'now' | 'logger' | 'domains'>;

type Undo = Array<() => Promise<unknown>>;

/**
 * A saga over Cognito then DynamoDB: `run` registers an undo for every Cognito change it makes, as it
 * makes it. When a step fails, the undos run newest first, so Cognito is back as it was and the stored
 * connection was never changed (its save is the last step). Refusals that explain themselves (a stale
 * version, Cognito refusing a setting) pass through; outages become LIFECYCLE_FAILED, safe to retry.
 */
async function saga<T>(
  deps: LifecycleDeps,
  connection: StoredConnection,
  action: string,
  run: (undo: Undo) => Promise<T>,
): Promise<T> {
  const undo: Undo = [];
  const log = deps.logger.child({ tenantId: connection.tenantId, connectionId: connection.id, action });
  try {
    return await run(undo);
  } catch (error) {
    log.warn(`${action} failed; putting Cognito back as it was`, { error });
    try {
      for (const step of undo.reverse()) await step();
    } catch (undoError) {
      log.error(`${action} could not be undone`, { error: undoError });
      throw new GatehouseError(
        'LIFECYCLE_FAILED',
        `Amazon Cognito failed part-way and the ${action} could not be fully undone. Do it again: every step is safe to repeat.`,
        { retryable: true, undone: false },
      );
    }
    if (error instanceof GatehouseError && error.code !== 'INTERNAL') throw error;
    throw new GatehouseError(
      'LIFECYCLE_FAILED',
      `Amazon Cognito did not accept the ${action} just now. Nothing was changed; try again.`,
      { retryable: true, undone: true },
    );
  }
}

function requireLive(connection: StoredConnection, what: string): void {
  if (connection.activeRevision === null) {
    throw new GatehouseError('INVALID_STATE', `This connection has never been approved, so it cannot be ${what}.`);
  }
}

/**
 * Suspends a live connection: its IdP is taken off every production app client (users can no longer
 * pick it) and discovery stops routing to it. The IdP itself stays, with its users' identities, so
 * resuming is instant.
 */
export async function suspendConnection(deps: LifecycleDeps, connection: StoredConnection, version: number) {
  requireVersion(connection, version);
  requireLive(connection, 'suspended');
  if (connection.suspended) throw new GatehouseError('INVALID_STATE', 'This connection is already suspended.');
  return withConnectionOperation(deps, connection, 'suspend', () =>
    saga(deps, connection, 'suspension', async (undo) => {
      for (const clientId of deps.config.cognito.appClientIds) {
        if (await deps.cognito.setProviderOnClient(clientId, connection.providerName, false)) {
          undo.push(() => deps.cognito.setProviderOnClient(clientId, connection.providerName, true));
        }
      }
      const at = deps.now();
      return deps.connections.save({ ...connection, suspended: true, updatedAt: at.toISOString() }, version, [
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
  requireLive(connection, 'resumed');
  if (!connection.suspended) throw new GatehouseError('INVALID_STATE', 'This connection is not suspended.');
  return withConnectionOperation(deps, connection, 'resume', () =>
    saga(deps, connection, 'resumption', async (undo) => {
      if (!(await deps.cognito.describeIdentityProvider(connection.providerName))) {
        throw new GatehouseError(
          'INVALID_STATE',
          `The identity provider ${connection.providerName} is no longer in Amazon Cognito, so this connection cannot be resumed.`,
        );
      }
      for (const clientId of deps.config.cognito.appClientIds) {
        if (await deps.cognito.setProviderOnClient(clientId, connection.providerName, true)) {
          undo.push(() => deps.cognito.setProviderOnClient(clientId, connection.providerName, false));
        }
      }
      const at = deps.now();
      return deps.connections.save({ ...connection, suspended: false, updatedAt: at.toISOString() }, version, [
        lifecycleEvent(
          'gatehouse.connection.resumed',
          { tenantId: connection.tenantId, connectionId: connection.id, providerName: connection.providerName },
          at,
        ),
      ]);
    }),
  );
}

/** The revision a roll back restores: the most recent superseded one before the active one. */
export function rollbackTarget(connection: StoredConnection, revisions: StoredRevision[]): StoredRevision | null {
  const active = connection.activeRevision;
  if (active === null) return null;
  const candidates = revisions.filter((r) => r.revision < active && r.state === 'superseded');
  return candidates.sort((a, b) => b.revision - a.revision)[0] ?? null;
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
  requireLive(connection, 'rolled back');
  const revisions = await deps.connections.listRevisions(connection.tenantId, connection.id);
  const previous = rollbackTarget(connection, revisions);
  const current = revisions.find((r) => r.revision === connection.activeRevision);
  if (!previous || !current) {
    throw new GatehouseError('NO_PREVIOUS_REVISION', 'This connection has no earlier approved revision to go back to.', {
      activeRevision: connection.activeRevision,
    });
  }
  const previousOidc = previous.settings.oidc;
  if (previousOidc && current.settings.oidc && previousOidc.clientId !== current.settings.oidc.clientId) {
    // Gatehouse never stores client secrets: the only one it can use is the live one, for another client id.
    throw new GatehouseError(
      'INVALID_STATE',
      `Revision ${previous.revision} signs in with another OIDC client id, whose secret Gatehouse does not have. Ask the customer to submit those settings again as a new revision instead.`,
      { reason: 'OIDC_CLIENT_CHANGED' },
    );
  }
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
        {
          ...connection,
          activeRevision: previous.revision,
          // Revision numbers are never reused: the next revision comes after the rolled-back one.
          draftRevision: Math.max(connection.draftRevision ?? 0, current.revision),
          updatedAt: deps.now().toISOString(),
        },
        version,
        [
          { ...previous, state: 'approved' },
          { ...current, state: 'rolled-back' },
        ],
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
