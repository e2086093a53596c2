import type { AdminConnectionSummary, TenantDetail } from '@gatehouse/core';
import type { AppDeps } from '../deps.ts';
import type { StoredConnection } from '../store/connection-store.ts';
import type { StoredHealth } from '../store/monitoring-store.ts';
import { connectionOverview } from './connection-review.ts';
import { toConnectionHealth } from './monitoring/overview.ts';
import { listSetupLinks } from './setup-links.ts';
import { requireTenant } from './tenants.ts';

/** Where a connection stands, as the operator sees it: a pending draft wins over the live state. */
export function connectionStatus(connection: StoredConnection): AdminConnectionSummary['status'] {
  if (connection.draftState === 'submitted') return 'submitted';
  if (connection.activeRevision !== null) return connection.suspended ? 'suspended' : 'active';
  return connection.draftState === 'rejected' ? 'rejected' : 'draft';
}

export function toConnectionSummary(connection: StoredConnection, health: StoredHealth | null = null): AdminConnectionSummary {
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
    version: connection.version,
    health: toConnectionHealth(health),
  };
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
      ...toConnectionSummary(connection, health.get(connection.id)),
      overview: await connectionOverview(deps, connection, claims),
    })),
  );
  return { tenant, setupLinks, connections: rows };
}
