import type { Tenant } from '@gatehouse/core';
import type { StoredConnection } from './connection-types.ts';
import { parseConnection, parseTenantItem } from './item-schemas.ts';

// Keys and item shapes that both the stores (over the AWS SDK) and the discovery path (over the small
// signed reader in item-reader.ts) use. Nothing here imports the SDK.

/** A tenant's own item. */
export const tenantKey = (id: string) => ({ PK: `TENANT#${id}`, SK: 'META' });
/** A connection's item, under its tenant. */
export const connectionKey = (tenantId: string, id: string) => ({ PK: `TENANT#${tenantId}`, SK: `CONN#${id}` });
/** The owner item of a verified domain: which tenant and connection its users sign in with. */
export const domainOwnerKey = (domain: string) => ({ PK: `DOMAIN#${domain}`, SK: 'DOMAIN' });

/** A tenant as the services see it, from its stored item (checked, see item-schemas.ts). */
export function tenantFromItem(stored: Record<string, unknown>): Tenant {
  const item = parseTenantItem(stored);
  return {
    id: item.id,
    name: item.name,
    status: item.status,
    createdAt: item.createdAt,
    version: item.version,
    ...(item.ssoEnforcement
      ? {
          ssoEnforcement: {
            enforced: item.ssoEnforcement.enforced === true,
            itAdminMayChange: item.ssoEnforcement.itAdminMayChange === true,
          },
        }
      : {}),
  };
}

export function connectionFromItem(item: Record<string, unknown>): StoredConnection {
  const { PK: _pk, SK: _sk, type: _type, GSI1PK: _gsi1pk, GSI1SK: _gsi1sk, GSI2PK: _gsi2pk, GSI2SK: _gsi2sk, ...rest } = item;
  return parseConnection(rest);
}

/** GSI1 partition of the live connections index: what the monitoring jobs fan out over. */
export const LIVE_CONNECTIONS_INDEX = 'LIVECONNS';

/**
 * The live connections index keys of a connection item: GSI1PK `LIVECONNS` and GSI1SK
 * `<tenantId>#<connectionId>` while the connection is live (it has an approved revision, suspended or
 * not), none otherwise. They are derived from the item itself and written in the same put as every save,
 * so activation adds a connection to the index and nothing can leave a stale entry behind; deleting the
 * item removes its entry.
 */
export function liveIndexKeys(connection: {
  tenantId: string;
  id: string;
  activeRevision: number | null;
}): { GSI1PK: string; GSI1SK: string } | Record<string, never> {
  return connection.activeRevision === null
    ? {}
    : { GSI1PK: LIVE_CONNECTIONS_INDEX, GSI1SK: `${connection.tenantId}#${connection.id}` };
}

/** GSI2 partition of the review queue: every connection with a revision waiting for an operator. */
export const REVIEW_QUEUE_INDEX = 'REVIEWQUEUE';

/**
 * The index keys of a connection item: the live connections index (above) and the review queue, GSI2PK
 * `REVIEWQUEUE` and GSI2SK `<tenantId>#<connectionId>` while a revision is submitted. Like the live
 * index, they are derived from the item and written with every put, so a decision takes the connection
 * out of the queue in the same write.
 */
export function connectionIndexKeys(connection: {
  tenantId: string;
  id: string;
  activeRevision: number | null;
  draftState: string | null;
}): Record<string, string> {
  return {
    ...liveIndexKeys(connection),
    ...(connection.draftState === 'submitted'
      ? { GSI2PK: REVIEW_QUEUE_INDEX, GSI2SK: `${connection.tenantId}#${connection.id}` }
      : {}),
  };
}

/** Where a domain owner item routes, or null when the item is absent or not an owner. */
export function domainRouteFromItem(
  item: Record<string, unknown> | undefined,
): { tenantId: string; connectionId: string } | null {
  return typeof item?.tenantId === 'string' && typeof item.connectionId === 'string'
    ? { tenantId: item.tenantId, connectionId: item.connectionId }
    : null;
}

/**
 * The index item of a Cognito identity provider Gatehouse made: which tenant and connection it belongs
 * to. The token trigger finds a user's tenant through it from the provider they signed in through.
 * Written with the connection (both of its providers), never changed, deleted with the tenant.
 */
export const providerKey = (providerName: string) => ({ PK: `PROVIDER#${providerName}`, SK: 'PROVIDER' });

export interface ProviderItem {
  providerName: string;
  tenantId: string;
  connectionId: string;
  /** `live` serves the SaaS's app clients; `test` only the test-login client. */
  kind: 'live' | 'test';
}

/** The index items of a connection's two providers. */
export function providerItemsOf(connection: {
  tenantId: string;
  id: string;
  providerName: string;
  testProviderName: string;
}): ProviderItem[] {
  const item = (providerName: string, kind: ProviderItem['kind']): ProviderItem => ({
    providerName,
    tenantId: connection.tenantId,
    connectionId: connection.id,
    kind,
  });
  return [item(connection.providerName, 'live'), item(connection.testProviderName, 'test')];
}

/** A provider index item as read, or null when absent or not one. */
export function providerFromItem(item: Record<string, unknown> | undefined): ProviderItem | null {
  if (typeof item?.tenantId !== 'string' || typeof item.connectionId !== 'string') return null;
  if (item.kind !== 'live' && item.kind !== 'test') return null;
  return {
    providerName: String(item.providerName),
    tenantId: item.tenantId,
    connectionId: item.connectionId,
    kind: item.kind,
  };
}
