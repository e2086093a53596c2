import {
  GatehouseError,
  SETUP_TOKEN_PATTERN,
  SETUP_TOKEN_PREFIX,
  type SetupLink,
  setupLinkStatusAt,
  type Tenant,
} from '@gatehouse/core';
import { randomToken, sha256, sortableId } from '../crypto.ts';
import type { StoredSetupLink, TenantStore } from '../store/tenant-store.ts';
import { requireTenant } from './tenants.ts';

export interface IssuedSetupLink {
  link: SetupLink;
  /** The bearer token: shown once to whoever issued the link, never stored. */
  token: string;
  url: string;
  revokedLinkId: string | null;
}

export function setupLinkUrl(publicUrl: URL, token: string): string {
  return new URL(`/setup/${token}`, publicUrl).toString();
}

export function toSetupLink(stored: StoredSetupLink, now: Date): SetupLink {
  return {
    id: stored.id,
    tenantId: stored.tenantId,
    status: setupLinkStatusAt(stored, now),
    createdAt: stored.createdAt,
    expiresAt: stored.expiresAt,
    ...(stored.revokedAt ? { revokedAt: stored.revokedAt } : {}),
  };
}

/**
 * Issues a new setup link for a tenant and revokes the previous one in the same transaction. The token
 * has 256 random bits; only its SHA-256 is stored.
 */
export async function issueSetupLink(
  store: TenantStore,
  options: { tenantId: string; ttlHours: number; createdBy: string; publicUrl: URL; now: Date },
): Promise<IssuedSetupLink> {
  const tenant = await requireTenant(store, options.tenantId);
  if (tenant.status !== 'active') {
    throw new GatehouseError(
      'TENANT_NOT_ACTIVE',
      `Tenant "${tenant.id}" is ${tenant.status}. Resume it before issuing a setup link.`,
    );
  }
  const token = `${SETUP_TOKEN_PREFIX}${randomToken(32)}`;
  const stored: StoredSetupLink = {
    id: sortableId(options.now),
    tenantId: tenant.id,
    tokenHash: sha256(token),
    createdAt: options.now.toISOString(),
    expiresAt: new Date(options.now.getTime() + options.ttlHours * 3_600_000).toISOString(),
    createdBy: options.createdBy,
  };
  const { revokedLinkId } = await store.issueSetupLink(stored, tenant.version);
  return { link: toSetupLink(stored, options.now), token, url: setupLinkUrl(options.publicUrl, token), revokedLinkId };
}

export async function revokeSetupLink(store: TenantStore, tenantId: string, linkId: string, now: Date): Promise<void> {
  await requireTenant(store, tenantId);
  await store.revokeSetupLink(tenantId, linkId, now.toISOString());
}

export async function listSetupLinks(store: TenantStore, tenantId: string, now: Date): Promise<SetupLink[]> {
  await requireTenant(store, tenantId);
  return (await store.listSetupLinks(tenantId)).map((link) => toSetupLink(link, now));
}

/** Whether a well-formed token belongs to a link that a newer link replaced (not one withdrawn or expired). */
export async function wasReplaced(store: TenantStore, token: string): Promise<boolean> {
  if (!SETUP_TOKEN_PATTERN.test(token)) return false;
  const found = await store.findSetupLinkWithTenant(sha256(token));
  return Boolean(found?.link.revokedAt && found.link.replacedBy);
}

/**
 * The link behind a token when it is usable at `now` (well-formed, known, not revoked, not expired),
 * with its tenant, read in two round trips.
 */
export async function findUsableSetupLink(
  store: TenantStore,
  token: string,
  now: Date,
): Promise<{ link: StoredSetupLink; tenant: Tenant | null } | null> {
  if (!SETUP_TOKEN_PATTERN.test(token)) return null;
  const found = await store.findSetupLinkWithTenant(sha256(token));
  return found && setupLinkStatusAt(found.link, now) === 'active' ? found : null;
}
