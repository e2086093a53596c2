import type { Logger } from '../logger.ts';
import { createItemReader } from '../store/item-reader.ts';
import type { TriggerConfig } from '../triggers/env.ts';
import { cachedProviderTenants, tableProviderTenants } from './provider-tenants.ts';
import { createTenantClaimsTrigger } from './trigger.ts';

export { loadTriggerConfig, type TriggerConfig } from '../triggers/env.ts';
export { cachedProviderTenants, type ProviderTenantLookup, tableProviderTenants } from './provider-tenants.ts';
export { createTenantClaimsTrigger, type TenantClaimsEvent } from './trigger.ts';

/**
 * Per read attempt and in all: Cognito waits 5 seconds for a trigger, so three attempts of at most 1 s
 * (with a short backoff between them) end well inside it, leaving time for a cold start.
 */
const READ_LIMITS = { maxAttempts: 3, timeoutMs: 1000, backoffMs: 40 } as const;

/** The trigger wired to Gatehouse's table through the signed reader (no AWS SDK: cold starts stay short). */
export function tenantClaimsTriggerFor(config: TriggerConfig, logger: Logger) {
  const items = createItemReader(config, undefined, READ_LIMITS);
  const lookup = cachedProviderTenants(tableProviderTenants(items), { ttlMs: config.cacheSeconds * 1000 });
  return createTenantClaimsTrigger({ lookup, logger });
}
