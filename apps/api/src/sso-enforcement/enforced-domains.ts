import { type DomainRoute, routeDomain } from '../services/discovery.ts';
import type { ItemReader } from '../store/item-reader.ts';

/** Whether SSO is enforced for a domain now. Rejects when it cannot tell (the table cannot be read). */
export type EnforcedDomainLookup = (domain: string) => Promise<boolean>;

/**
 * Enforced means: the domain routes to a live connection (verified, approved, neither it nor its tenant
 * suspended: discovery's own rule, `routeDomain`) and its tenant turned enforcement on. So a suspension,
 * a withdrawn domain or enforcement turned off lifts it with the next read.
 */
export function isEnforced(route: DomainRoute): boolean {
  return route.reason === null && route.tenant?.ssoEnforcement?.enforced === true;
}

export interface EnforcementCacheOptions {
  /** How long a "not enforced" answer is kept (0: never). "Enforced" is read again every time. */
  ttlMs: number;
  /**
   * How long an "enforced" answer still counts when the table cannot be read: a domain enforced a
   * moment ago stays enforced through an outage; anything else is let through (see trigger.ts).
   */
  staleMs: number;
  now?: () => number;
  maxEntries?: number;
}

/**
 * Reads from Gatehouse's table, keeping "not enforced" briefly (most native sign-ins are of domains no
 * tenant enforces, and those must stay fast) but never "enforced": turning enforcement off, suspending
 * the tenant or withdrawing the domain lifts it at the next sign-in.
 */
export function enforcedDomains(
  items: ItemReader,
  options: EnforcementCacheOptions,
): EnforcedDomainLookup & {
  lastKnownEnforced(domain: string): boolean;
} {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const notEnforced = new Map<string, number>();
  const lastEnforced = new Map<string, number>();
  const remember = (map: Map<string, number>, domain: string, until: number) => {
    map.delete(domain);
    map.set(domain, until);
    if (map.size > maxEntries) map.delete(map.keys().next().value as string);
  };
  const lookup = async (domain: string) => {
    const at = now();
    const cached = notEnforced.get(domain);
    if (cached !== undefined && cached > at) return false;
    const enforced = isEnforced(await routeDomain({ items }, domain));
    if (enforced) {
      notEnforced.delete(domain);
      remember(lastEnforced, domain, at + options.staleMs);
    } else {
      lastEnforced.delete(domain);
      if (options.ttlMs > 0) remember(notEnforced, domain, at + options.ttlMs);
    }
    return enforced;
  };
  return Object.assign(lookup, {
    lastKnownEnforced: (domain: string) => (lastEnforced.get(domain) ?? 0) > now(),
  });
}
