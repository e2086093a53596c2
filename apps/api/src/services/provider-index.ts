import type { AppDeps } from '../deps.ts';
import type { StoredConnection } from '../store/connection-store.ts';

type BackfillDeps = Pick<AppDeps, 'tenants' | 'connections'>;

/**
 * Calls `index` on every connection of every tenant, one page of tenants at a time; resolves to how many
 * calls answered true (wrote something).
 */
async function backfill(deps: BackfillDeps, index: (connection: StoredConnection) => Promise<boolean>): Promise<number> {
  let indexed = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.tenants.listTenants({ limit: 100, cursor });
    for (const tenant of page.tenants) {
      for (const connection of await deps.connections.list(tenant.id)) {
        if (await index(connection)) indexed += 1;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return indexed;
}

/**
 * Writes the provider index items (PROVIDER#<name>, read by the tenant claims trigger) of every
 * connection made before the index existed; connections made since have theirs already. Idempotent, one
 * page of tenants at a time. Resolves to how many connections it indexed.
 */
export function backfillProviderIndex(deps: BackfillDeps): Promise<number> {
  return backfill(deps, (connection) => deps.connections.ensureProviderIndex(connection));
}

/**
 * Puts every live connection saved before the live connections index existed into it (the monitoring
 * jobs list live connections through that index only); connections saved since carry their keys
 * already. Idempotent. Resolves to how many connections it indexed.
 */
export function backfillLiveIndex(deps: BackfillDeps): Promise<number> {
  return backfill(deps, (connection) => deps.connections.ensureLiveIndex(connection));
}

/**
 * Puts every connection submitted before the review queue existed into it (the tenant list counts and
 * lists the tenants waiting for review through that index only); connections saved since carry their
 * keys already. Idempotent. Resolves to how many connections it queued.
 */
export function backfillReviewQueue(deps: BackfillDeps): Promise<number> {
  return backfill(deps, (connection) => deps.connections.ensureReviewIndex(connection));
}
