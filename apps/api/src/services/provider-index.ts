import type { AppDeps } from '../deps.ts';

/**
 * Writes the provider index items (PROVIDER#<name>, read by the tenant claims trigger) of every
 * connection made before the index existed; connections made since have theirs already. Idempotent, one
 * page of tenants at a time. Resolves to how many connections it indexed.
 */
export async function backfillProviderIndex(deps: Pick<AppDeps, 'tenants' | 'connections'>): Promise<number> {
  let indexed = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.tenants.listTenants({ limit: 100, cursor });
    for (const tenant of page.tenants) {
      for (const connection of await deps.connections.list(tenant.id)) {
        if (await deps.connections.ensureProviderIndex(connection)) indexed += 1;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return indexed;
}
