import { Resolver } from 'node:dns/promises';

/** What one TXT lookup found: the records (each as the character-strings DNS sent), or why not. */
export type TxtLookup =
  | { ok: true; records: string[][] }
  | { ok: false; reason: 'not_found' | 'timeout' | 'error'; code: string };

/** Reads TXT records. Behind an interface so the app gets it from its dependencies. */
export interface TxtResolver {
  lookupTxt(name: string): Promise<TxtLookup>;
}

export interface DnsOptions {
  /** `host:port` (or `[v6]:port`) of the servers to ask; undefined uses the system's resolvers. */
  servers: string[] | undefined;
  /** Longest a lookup may take, all attempts included. */
  timeoutMs: number;
}

// NXDOMAIN and an empty answer both mean the admin has not published the record (yet).
const NOT_FOUND = new Set(['ENOTFOUND', 'ENODATA']);
const TIMEOUT = new Set(['ETIMEOUT', 'ECANCELLED']);

/**
 * TXT lookups through node:dns. Each lookup gets its own Resolver so that a lookup running over its
 * time can be cancelled without touching the others; c-ares retries once within the budget.
 */
export function nodeTxtResolver(options: DnsOptions): TxtResolver {
  return {
    async lookupTxt(name) {
      const tries = 2;
      const resolver = new Resolver({ timeout: Math.max(50, Math.floor(options.timeoutMs / tries)), tries });
      if (options.servers) resolver.setServers(options.servers);
      // c-ares's own timeout backs off between tries; this bounds the whole lookup whatever it does.
      const guard = setTimeout(() => resolver.cancel(), options.timeoutMs);
      try {
        return { ok: true, records: await resolver.resolveTxt(name) };
      } catch (error) {
        const code = String((error as NodeJS.ErrnoException).code ?? 'EUNKNOWN');
        if (NOT_FOUND.has(code)) return { ok: false, reason: 'not_found', code };
        if (TIMEOUT.has(code)) return { ok: false, reason: 'timeout', code };
        return { ok: false, reason: 'error', code };
      } finally {
        clearTimeout(guard);
      }
    },
  };
}
