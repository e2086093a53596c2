import type { Logger } from '../logger.ts';
import { createItemReader } from '../store/item-reader.ts';
import type { TriggerConfig } from '../triggers/env.ts';
import { enforcedDomains } from './enforced-domains.ts';
import { createSsoEnforcementTrigger } from './trigger.ts';

export { type EnforcedDomainLookup, enforcedDomains, isEnforced } from './enforced-domains.ts';
export { createSsoEnforcementTrigger } from './trigger.ts';

/** Per read attempt and in all, inside Cognito's 5 seconds (as the tenant claims trigger). */
const READ_LIMITS = { maxAttempts: 3, timeoutMs: 1000, backoffMs: 40 } as const;
/** How long a domain enforced a moment ago stays refused while the table cannot be read. */
const STALE_MS = 15 * 60_000;

/** The SSO enforcement trigger wired to Gatehouse's table through the signed reader (no AWS SDK). */
export function ssoEnforcementTriggerFor(config: TriggerConfig, logger: Logger) {
  const items = createItemReader(config, undefined, READ_LIMITS);
  const enforced = enforcedDomains(items, { ttlMs: config.cacheSeconds * 1000, staleMs: STALE_MS });
  return createSsoEnforcementTrigger({ enforced, logger });
}
