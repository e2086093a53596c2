import { GatehouseError, type SetupSession, setupLinkStatusAt, type Tenant } from '@gatehouse/core';
import { randomToken, sha256 } from '../crypto.ts';
import type { StoredSession, TenantStore } from '../store/tenant-store.ts';
import { findUsableSetupLink, wasReplaced } from './setup-links.ts';

export interface ResolvedSetupSession {
  session: StoredSession;
  tenant: Tenant;
}

const INVALID_LINK_MESSAGE =
  'This setup link cannot be used. Links expire and are replaced when a new one is issued. Ask your contact at the service provider for a new link.';

export function invalidSetupLink(): GatehouseError {
  return new GatehouseError('SETUP_LINK_INVALID', INVALID_LINK_MESSAGE);
}

function replacedSetupLink(): GatehouseError {
  return new GatehouseError(
    'SETUP_LINK_REPLACED',
    'This setup link was replaced by a newer one. Ask your contact at the service provider for the new link.',
  );
}

export function toSetupSession(resolved: ResolvedSetupSession): SetupSession {
  return {
    tenant: { id: resolved.tenant.id, name: resolved.tenant.name, status: resolved.tenant.status },
    csrfToken: resolved.session.csrfToken,
    expiresAt: resolved.session.expiresAt,
  };
}

/**
 * Exchanges a setup-link token for a session scoped to the link's tenant. Unknown, withdrawn and expired
 * tokens fail alike. A token replaced by a newer link says so: only its holder can present it (256
 * random bits), and "ask for the new link" is what they need to hear.
 */
export async function exchangeSetupToken(
  store: TenantStore,
  options: { token: string; now: Date; ttlMinutes: number },
): Promise<{ cookieValue: string; resolved: ResolvedSetupSession }> {
  // Three round trips, each needing the one before: the token, then its link and tenant together, then
  // the session written on condition that the link still stands (a revocation meanwhile refuses it).
  const found = await findUsableSetupLink(store, options.token, options.now);
  if (!found) throw (await wasReplaced(store, options.token)) ? replacedSetupLink() : invalidSetupLink();
  const { link, tenant } = found;
  if (tenant?.status !== 'active') throw invalidSetupLink();

  const cookieValue = randomToken(32);
  const expiresAt = new Date(
    Math.min(options.now.getTime() + options.ttlMinutes * 60_000, Date.parse(link.expiresAt)),
  ).toISOString();
  const session: StoredSession = {
    idHash: sha256(cookieValue),
    kind: 'setup',
    tenantId: tenant.id,
    linkId: link.id,
    csrfToken: randomToken(24),
    createdAt: options.now.toISOString(),
    expiresAt,
  };
  if (!(await store.createSessionWhileLinkActive(session))) throw invalidSetupLink();
  return { cookieValue, resolved: { session, tenant } };
}

/**
 * The live session behind a cookie value, or null when there is none, it has expired, or its setup link
 * is no longer usable. Revocation deletes a link's sessions, but finds them through an index DynamoDB
 * updates eventually: a session opened just before could be missed. Reading the link on every request
 * (strongly consistent, with the tenant) makes revocation final whatever the index holds.
 */
export async function resolveSetupSession(
  store: TenantStore,
  cookieValue: string,
  now: Date,
): Promise<ResolvedSetupSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) return null;
  const session = await store.getSession(sha256(cookieValue));
  if (!session || Date.parse(session.expiresAt) <= now.getTime()) return null;
  const [tenant, link] = await Promise.all([
    store.getTenant(session.tenantId),
    store.getSetupLink(session.tenantId, session.linkId),
  ]);
  if (tenant?.status !== 'active') return null;
  if (!link || setupLinkStatusAt(link, now) !== 'active') return null;
  return { session, tenant };
}

export async function endSetupSession(store: TenantStore, cookieValue: string): Promise<void> {
  if (/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) await store.deleteSession(sha256(cookieValue));
}
