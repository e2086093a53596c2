import type { AdminConnectionSummary, TenantDetail } from '@gatehouse/core';
import type { AppDeps } from '../deps.ts';
import type { StoredConnection } from '../store/connection-store.ts';
import type { StoredHealth } from '../store/monitoring-store.ts';
import { rollbackTarget } from './connection-lifecycle.ts';
import { connectionOverview, operatorConnectionStatus } from './connection-review.ts';
import { toConnectionHealth } from './monitoring/overview.ts';
import { listSetupLinks } from './setup-links.ts';
import { requireTenant } from './tenants.ts';

/**
 * The connection as the console lists it. `rollbackRevision` needs the connection's revisions: callers
 * that have not read them get null (connectionSummary reads them).
 */
export function toConnectionSummary(
  connection: StoredConnection,
  extras: { rollbackRevision?: number | null; health?: StoredHealth | null } = {},
): AdminConnectionSummary {
  return {
    id: connection.id,
    displayName: connection.displayName,
    protocol: connection.protocol,
    vendor: connection.vendor,
    status: operatorConnectionStatus(connection),
    activeRevision: connection.activeRevision,
    submittedAt: connection.draftState === 'submitted' ? (connection.submittedAt ?? null) : null,
    lastTest: connection.lastTest ? { at: connection.lastTest.at, passed: connection.lastTest.passed } : null,
    draftRevision: connection.draftRevision,
    updatedAt: connection.updatedAt,
    suspended: connection.suspended,
    rollbackRevision: extras.rollbackRevision ?? null,
    version: connection.version,
    health: toConnectionHealth(extras.health ?? null),
  };
}

/** The summary with the revision a roll back would restore and the monitoring jobs' last findings. */
export async function connectionSummary(
  deps: Pick<AppDeps, 'connections' | 'monitoring'>,
  connection: StoredConnection,
  health?: StoredHealth | null,
): Promise<AdminConnectionSummary> {
  const [revisions, found] = await Promise.all([
    connection.activeRevision === null ? [] : deps.connections.listRevisions(connection.tenantId, connection.id),
    health === undefined ? deps.monitoring.getHealth(connection.tenantId, connection.id) : health,
  ]);
  const target = connection.activeRevision === null ? null : rollbackTarget(connection, revisions);
  return toConnectionSummary(connection, { rollbackRevision: target?.revision ?? null, health: found });
}

/** A tenant with its setup links and connections; review, domains and findings hang off the connections. */
export async function tenantDetail(deps: AppDeps, tenantId: string): Promise<TenantDetail> {
  const tenant = await requireTenant(deps.tenants, tenantId);
  const [setupLinks, connections, claims, healths] = await Promise.all([
    listSetupLinks(deps.tenants, tenantId, deps.now()),
    deps.connections.list(tenantId),
    deps.domains.listForTenant(tenantId),
    deps.monitoring.listHealthForTenant(tenantId),
  ]);
  const health = new Map(healths.map((h) => [h.connectionId, h]));
  const rows = await Promise.all(
    connections.map(async (connection) => ({
      ...(await connectionSummary(deps, connection, health.get(connection.id) ?? null)),
      overview: await connectionOverview(deps, connection, claims),
    })),
  );
  return { tenant, setupLinks, connections: rows };
}
