import {
  type AdminConnectionSummary,
  GatehouseError,
  type ListTenantsQuery,
  operatorConnectionStatus,
  rollbackTarget,
  type Tenant,
  type TenantDetail,
  type TenantListItem,
  type TenantPage,
  type TenantSsoState,
  tenantIdSchema,
} from '@gatehouse/core';
import type { AppDeps } from '../deps.ts';
import type { StoredConnection } from '../store/connection-store.ts';
import type { StoredDomainClaim } from '../store/domain-store.ts';
import type { StoredHealth } from '../store/monitoring-store.ts';
import { connectionOverview } from './connection-review.ts';
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
  const target = rollbackTarget(connection, revisions);
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

/** Where the tenant's SSO stands, the most pressing state of its connections first (see tenantSsoStateSchema). */
export function tenantSsoState(connections: readonly StoredConnection[]): TenantSsoState {
  const statuses = new Set(connections.map(operatorConnectionStatus));
  if (statuses.has('submitted')) return 'review';
  if (statuses.has('active')) return 'live';
  if (statuses.has('suspended')) return 'suspended';
  return connections.length > 0 ? 'setup' : 'none';
}

/** The tenant with the digest of its SSO the list shows. */
export function toTenantListItem(
  tenant: Tenant,
  connections: readonly StoredConnection[],
  claims: readonly StoredDomainClaim[],
): TenantListItem {
  const times = [tenant.createdAt, ...connections.map((c) => c.updatedAt), ...claims.map((c) => c.updatedAt)];
  return {
    ...tenant,
    sso: {
      state: tenantSsoState(connections),
      awaitingReview: connections.filter((c) => c.draftState === 'submitted').length,
      verifiedDomains: claims.filter((c) => c.status === 'verified').length,
      lastActivityAt: times.reduce((latest, at) => (Date.parse(at) > Date.parse(latest) ? at : latest)),
    },
  };
}

/**
 * A page of the tenant list. The tenants come from one index Query (or, for `needs-review`, from the
 * review queue); the SSO digest then reads each listed tenant's connections and domains, two Queries per
 * tenant of the page, so the cost follows the page size and never the table.
 */
export async function tenantListPage(deps: AppDeps, query: ListTenantsQuery): Promise<TenantPage> {
  const queue = await deps.connections.listAwaitingReview();
  const waiting = [...new Set(queue.map((entry) => entry.tenantId))].sort();
  let page: { tenants: Tenant[]; nextCursor: string | null };
  if (query.filter === 'needs-review') {
    // The queue is read whole, so its cursor is simply the last tenant id of the page before.
    if (query.cursor !== undefined && !tenantIdSchema.safeParse(query.cursor).success) {
      throw new GatehouseError('VALIDATION_FAILED', 'The cursor does not belong to this listing. Start from the first page.');
    }
    const after = query.cursor;
    const rest = after === undefined ? waiting : waiting.filter((id) => id > after);
    const ids = rest.slice(0, query.limit);
    const found = await Promise.all(ids.map((id) => deps.tenants.getTenant(id)));
    page = {
      tenants: found.filter((tenant): tenant is Tenant => tenant !== null),
      nextCursor: rest.length > ids.length ? (ids.at(-1) ?? null) : null,
    };
  } else {
    page = await deps.tenants.listTenants({
      limit: query.limit,
      cursor: query.cursor,
      status: query.status,
      search: query.q || undefined,
    });
  }
  const tenants = await Promise.all(
    page.tenants.map(async (tenant) => {
      const [connections, claims] = await Promise.all([deps.connections.list(tenant.id), deps.domains.listForTenant(tenant.id)]);
      return toTenantListItem(tenant, connections, claims);
    }),
  );
  return { tenants, nextCursor: page.nextCursor, needsReview: waiting.length };
}
