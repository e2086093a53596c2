import type { Tenant, TenantStatus } from '@gatehouse/core';
import type { StoredConnection } from './connection-store.ts';

// Keys and item shapes that both the stores (over the AWS SDK) and the discovery path (over the small
// signed reader in item-reader.ts) use. Nothing here imports the SDK.

/** A tenant's own item. */
export const tenantKey = (id: string) => ({ PK: `TENANT#${id}`, SK: 'META' });
/** A connection's item, under its tenant. */
export const connectionKey = (tenantId: string, id: string) => ({ PK: `TENANT#${tenantId}`, SK: `CONN#${id}` });
/** The owner item of a verified domain: which tenant and connection its users sign in with. */
export const domainOwnerKey = (domain: string) => ({ PK: `DOMAIN#${domain}`, SK: 'DOMAIN' });

export interface TenantItem {
  id: string;
  name: string;
  status: TenantStatus;
  createdAt: string;
  version: number;
  activeLinkId?: string;
}

export const tenantFromItem = (item: TenantItem): Tenant => ({
  id: item.id,
  name: item.name,
  status: item.status,
  createdAt: item.createdAt,
  version: item.version,
});

export function connectionFromItem(item: Record<string, unknown>): StoredConnection {
  const { PK: _pk, SK: _sk, type: _type, ...rest } = item;
  return rest as unknown as StoredConnection;
}

/** Where a domain owner item routes, or null when the item is absent or not an owner. */
export function domainRouteFromItem(
  item: Record<string, unknown> | undefined,
): { tenantId: string; connectionId: string } | null {
  return typeof item?.tenantId === 'string' && typeof item.connectionId === 'string'
    ? { tenantId: item.tenantId, connectionId: item.connectionId }
    : null;
}
