import { GatehouseError } from '@gatehouse/core';
import type { AppDeps } from '../deps.ts';
import type { StoredConnection } from '../store/connection-store.ts';

/** The undos of the Cognito changes a saga made so far, registered as each change is made. */
export type Undo = Array<() => Promise<unknown>>;

/**
 * Runs an operator change as a saga over Cognito then DynamoDB: `run` registers an undo for every Cognito
 * change it makes, as it makes it, and saves the connection last. When a step fails, the undos run newest
 * first, so Cognito is back as it was and the stored connection was never changed. Refusals that explain
 * themselves (a stale version, Cognito refusing a setting) pass through; anything else becomes
 * LIFECYCLE_FAILED, safe to retry, with `undone` saying whether Cognito is back as it was.
 */
export async function saga<T>(
  deps: Pick<AppDeps, 'logger'>,
  connection: Pick<StoredConnection, 'tenantId' | 'id'>,
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

/**
 * Enables or disables the live IdP on every production app client, registering the opposite change for
 * each client it actually changed.
 */
export async function setOnAppClients(
  deps: Pick<AppDeps, 'cognito' | 'config'>,
  undo: Undo,
  providerName: string,
  enabled: boolean,
): Promise<void> {
  for (const clientId of deps.config.cognito.appClientIds) {
    if (await deps.cognito.setProviderOnClient(clientId, providerName, enabled)) {
      undo.push(() => deps.cognito.setProviderOnClient(clientId, providerName, !enabled));
    }
  }
}
