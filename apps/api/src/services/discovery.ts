import { normalizeDomain } from '@gatehouse/core/domain-name';
import type { AppDeps } from '../deps.ts';

export interface DiscoveryAnswer {
  providerName: string | null;
  idpIdentifier?: string;
}

const NOBODY: DiscoveryAnswer = { providerName: null };

type DiscoveryDeps = Pick<AppDeps, 'domains' | 'connections' | 'tenants'>;

/**
 * Where a user signing in with `email` goes: the live IdP of the connection their verified domain routes
 * to, when that connection is active and neither it nor its tenant is suspended. Every other case (no
 * such domain, a pending or failed domain, a connection not live) gives the same answer, so the answer
 * never tells an outsider which domains or tenants exist. Answers are cached briefly in memory.
 */
export function createDiscovery(deps: DiscoveryDeps, options: { cacheMs: number; now: () => Date }) {
  const cache = new Map<string, { answer: DiscoveryAnswer; until: number }>();

  async function lookUp(domain: string): Promise<DiscoveryAnswer> {
    const route = await deps.domains.routeOf(domain);
    if (!route) return NOBODY;
    const [connection, tenant] = await Promise.all([
      deps.connections.get(route.tenantId, route.connectionId),
      deps.tenants.getTenant(route.tenantId),
    ]);
    if (!connection || connection.activeRevision === null || connection.suspended) return NOBODY;
    if (tenant?.status !== 'active') return NOBODY;
    return { providerName: connection.providerName, idpIdentifier: domain };
  }

  return async function discover(email: string): Promise<DiscoveryAnswer> {
    const at = email.lastIndexOf('@');
    // Cached by the domain as sent: a login page sends the same spelling again and again, and a hit
    // then skips normalising it. Every spelling of one domain normalises to the same answer.
    const typed = at >= 0 ? email.slice(at + 1) : '';
    const now = options.now().getTime();
    const hit = cache.get(typed);
    if (hit && hit.until > now) return hit.answer;
    const normalized = normalizeDomain(typed);
    if (!normalized.ok) return NOBODY;
    const answer = await lookUp(normalized.domain);
    if (cache.size > 10_000) cache.clear();
    cache.set(typed, { answer, until: now + options.cacheMs });
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
