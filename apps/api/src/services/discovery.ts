import { normalizeDomain } from '@gatehouse/core/domain-name';
import type { AppDeps } from '../deps.ts';
import { parseRoutedConnection, parseRoutedTenant } from '../store/item-schemas.ts';
import { connectionKey, domainOwnerKey, domainRouteFromItem, tenantKey } from '../store/items.ts';

export interface DiscoveryAnswer {
  providerName: string | null;
  idpIdentifier?: string;
}

const NOBODY: DiscoveryAnswer = { providerName: null };
/** A connection and a tenant key no item has: no tenant id is empty. */
const NEVER_STORED = [connectionKey('', ''), tenantKey('')] as const;

type DiscoveryDeps = Pick<AppDeps, 'items'>;

/** Why a well-formed domain routes nowhere, in the order discovery checks. */
export type UnroutedReason = 'domain_unknown' | 'connection_not_active' | 'connection_suspended' | 'tenant_suspended';

/** What routing reads of a domain's connection (store/item-schemas.ts, parseRoutedConnection). */
export type RoutedConnection = ReturnType<typeof parseRoutedConnection> & { id: string; tenantId: string };
/** What routing reads of a domain's tenant (store/item-schemas.ts, parseRoutedTenant). */
export type RoutedTenant = ReturnType<typeof parseRoutedTenant> & { id: string };

/** Where a domain routes, with what was read on the way: the public answer and, for operators, why. */
export interface DomainRoute {
  answer: DiscoveryAnswer;
  /** Null when the domain routes to a live IdP. */
  reason: UnroutedReason | null;
  /** The tenant and connection the domain is verified for, when it is: their routing attributes only. */
  tenant: RoutedTenant | null;
  connection: RoutedConnection | null;
}

/** The normalised domain of an email address as discovery reads it (after the last @), or null. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  const normalized = normalizeDomain(at >= 0 ? email.slice(at + 1) : '');
  return normalized.ok ? normalized.domain : null;
}

/**
 * Where users of a domain are sent: the live IdP of the connection the verified domain routes to, when
 * that connection is active and neither it nor its tenant is suspended. The one rule behind the public
 * discovery and the operator's route lookup.
 */
export async function routeDomain(deps: DiscoveryDeps, domain: string): Promise<DomainRoute> {
  const route = domainRouteFromItem(await deps.items.get(domainOwnerKey(domain)));
  // Strongly consistent, as the stores read them: a suspension is seen by the next uncached lookup.
  // Both in one request: on a cold Lambda, a second parallel read would open a second connection.
  // An unknown domain reads two keys that never exist the same way, so that answering it costs what a
  // domain verified somewhere but not live costs: the time of a null answer must not tell them apart.
  const [connectionItem, tenantItem] = await deps.items.getMany(
    route ? [connectionKey(route.tenantId, route.connectionId), tenantKey(route.tenantId)] : NEVER_STORED,
    { consistent: true },
  );
  if (!route) return { answer: NOBODY, reason: 'domain_unknown', tenant: null, connection: null };
  const connection = connectionItem
    ? { ...parseRoutedConnection(connectionItem), id: route.connectionId, tenantId: route.tenantId }
    : null;
  const tenant = tenantItem ? { ...parseRoutedTenant(tenantItem), id: route.tenantId } : null;
  const unrouted = (reason: UnroutedReason): DomainRoute => ({ answer: NOBODY, reason, tenant, connection });
  if (!connection || connection.activeRevision === null) return unrouted('connection_not_active');
  if (connection.suspended) return unrouted('connection_suspended');
  if (tenant?.status !== 'active') return unrouted('tenant_suspended');
  return { answer: { providerName: connection.providerName, idpIdentifier: domain }, reason: null, tenant, connection };
}

/**
 * The public discovery. Every case where a domain does not route (no such domain, a pending or failed
 * domain, a connection not live) gives the same answer, so the answer never tells an outsider which
 * domains or tenants exist. Answers are cached briefly in memory.
 */
export function createDiscovery(deps: DiscoveryDeps, options: { cacheMs: number; now: () => Date }) {
  const cache = new Map<string, { answer: DiscoveryAnswer; until: number }>();
  // The normalised domain of each spelling seen, null for one that is not a domain. Normalising (a URL
  // parse) costs more than the rest of a cached answer, and a login page sends the same spelling again.
  const spellings = new Map<string, string | null>();

  return async function discover(email: string): Promise<DiscoveryAnswer> {
    // Answers are cached by the normalised domain, null answers included: keyed by the spelling as sent,
    // changing its letter case would skip the cache at will, and with it the equal cost of every null answer.
    const at = email.lastIndexOf('@');
    if (at < 0) return NOBODY;
    const typed = email.slice(at + 1);
    let domain = spellings.get(typed);
    if (domain === undefined) {
      domain = emailDomain(email);
      if (spellings.size > 10_000) spellings.clear();
      spellings.set(typed, domain);
    }
    if (domain === null) return NOBODY;
    const now = options.now().getTime();
    const hit = cache.get(domain);
    if (hit && hit.until > now) return hit.answer;
    const { answer } = await routeDomain(deps, domain);
    if (cache.size > 10_000) cache.clear();
    cache.set(domain, { answer, until: now + options.cacheMs });
    return answer;
  };
}

/** A fixed-window counter per client address, in memory (each API instance counts its own callers). */
export function createRateLimiter(options: { limit: number; windowMs: number; now: () => Date }) {
  const windows = new Map<string, { start: number; count: number }>();
  return function allow(key: string): { allowed: boolean; retryAfterSeconds: number } {
    const now = options.now().getTime();
    let window = windows.get(key);
    if (!window || now - window.start >= options.windowMs) {
      if (windows.size > 50_000) windows.clear();
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((window.start + options.windowMs - now) / 1000));
    return { allowed: window.count <= options.limit, retryAfterSeconds };
  };
}
