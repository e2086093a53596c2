import type { AdminConnectionSummary, TenantDetail } from '@gatehouse/core';
import type { AppDeps } from '../deps.ts';
import type { StoredConnection } from '../store/connection-store.ts';
import { rollbackTarget } from './connection-lifecycle.ts';
import { listSetupLinks } from './setup-links.ts';
import { requireTenant } from './tenants.ts';

/** Where a connection stands, as the operator sees it: a pending draft wins over the live state. */
export function connectionStatus(connection: StoredConnection): AdminConnectionSummary['status'] {
  if (connection.draftState === 'submitted') return 'submitted';
  if (connection.activeRevision !== null) return connection.suspended ? 'suspended' : 'active';
  return connection.draftState === 'rejected' ? 'rejected' : 'draft';
}

/**
 * The connection as the console lists it. `rollbackRevision` needs the connection's revisions: callers
 * that have not read them get null (connectionSummary reads them).
 */
export function toConnectionSummary(
  connection: StoredConnection,
  rollbackRevision: number | null = null,
): AdminConnectionSummary {
  return {
    id: connection.id,
    displayName: connection.displayName,
    protocol: connection.protocol,
    vendor: connection.vendor,
    status: connectionStatus(connection),
    activeRevision: connection.activeRevision,
    submittedAt: connection.draftState === 'submitted' ? (connection.submittedAt ?? null) : null,
    lastTest: connection.lastTest ? { at: connection.lastTest.at, passed: connection.lastTest.passed } : null,
    draftRevision: connection.draftRevision,
    updatedAt: connection.updatedAt,
    suspended: connection.suspended,
    rollbackRevision,
    version: connection.version,
  };
}

/** The summary with the revision a roll back would restore. */
export async function connectionSummary(deps: Pick<AppDeps, 'connections'>, connection: StoredConnection) {
  const target =
    connection.activeRevision === null
      ? null
      : rollbackTarget(connection, await deps.connections.listRevisions(connection.tenantId, connection.id));
  return toConnectionSummary(connection, target?.revision ?? null);
}

/** A tenant with its setup links and connections; review, domains and findings hang off the connections. */
export async function tenantDetail(deps: AppDeps, tenantId: string): Promise<TenantDetail> {
  const tenant = await requireTenant(deps.tenants, tenantId);
  const [setupLinks, connections] = await Promise.all([
    listSetupLinks(deps.tenants, tenantId, deps.now()),
    deps.connections.list(tenantId),
  ]);
  return {
    tenant,
    setupLinks,
    connections: await Promise.all(connections.map((connection) => connectionSummary(deps, connection))),
  };
}
