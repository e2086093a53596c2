import { GatehouseError } from '@gatehouse/core';
import type { AppDeps } from '../deps.ts';
import type { StoredConnection } from '../store/connection-store.ts';

/** How long an operator change may hold its connection before the mark counts as left by a crash. */
const OPERATION_HOLD_MS = 120_000;

/**
 * Runs an operator change with the connection marked as busy: a second change to the same connection
 * (or deleting its tenant) is refused with CONNECTION_BUSY until this one ends. A tenant being deleted
 * takes no changes at all.
 */
export async function withConnectionOperation<T>(
  deps: Pick<AppDeps, 'connections' | 'tenants' | 'now'>,
  connection: StoredConnection,
  operation: string,
  work: () => Promise<T>,
): Promise<T> {
  const now = deps.now();
  const marked = await deps.connections.beginOperation(
    connection.tenantId,
    { connectionId: connection.id, operation, until: now.getTime() + OPERATION_HOLD_MS },
    now,
  );
  try {
    // Read after marking: a deletion marks the tenant first and looks for marks second, so one of the
    // two always sees the other.
    const tenant = await deps.tenants.getTenant(connection.tenantId);
    if (!tenant || tenant.status === 'deleting') {
      throw new GatehouseError('TENANT_NOT_ACTIVE', 'This tenant is being deleted; its connections can no longer change.');
    }
    return await work();
  } finally {
    await deps.connections.endOperation(connection.tenantId, marked);
  }
}
