import type { ProviderTenant } from '@gatehouse/core/tenant-claims';
import type { ItemReader } from '../store/item-reader.ts';
import { connectionKey, providerFromItem, providerKey, tenantKey } from '../store/items.ts';

/** The tenant of a Cognito identity provider, as the token trigger needs it. Rejects when it cannot know. */
export type ProviderTenantLookup = (providerName: string) => Promise<ProviderTenant>;

/**
 * Reads a provider's tenant from Gatehouse's table: the provider's index item, then (one request) its
 * tenant and connection, only the attributes that decide. A live provider's users belong to the tenant
 * while the tenant is active and the connection serves (approved, not suspended); a test-login
 * provider's while the tenant is active. A read that fails rejects: the caller must not guess.
 */
export function tableProviderTenants(items: ItemReader): ProviderTenantLookup {
  return async (providerName) => {
    const provider = providerFromItem(await items.get(providerKey(providerName), { consistent: true }));
    if (!provider) return { managed: false };
    const [tenant, connection] = await items.getMany(
      [tenantKey(provider.tenantId), connectionKey(provider.tenantId, provider.connectionId)],
      { consistent: true, attributes: ['status', 'suspended', 'activeRevision'] },
    );
    const serving =
      tenant?.status === 'active' &&
      connection !== undefined &&
      (provider.kind === 'test' || (connection.suspended !== true && typeof connection.activeRevision === 'number'));
    return { managed: true, tenantId: serving ? provider.tenantId : null };
  };
}

export interface CacheOptions {
  /** How long an answer is kept; 0 keeps nothing. */
  ttlMs: number;
  now?: () => number;
  /** Answers kept at most; the oldest goes first. */
  maxEntries?: number;
}

/**
 * Keeps each provider's answer for a short while in the Lambda instance, so most tokens cost no read:
 * Cognito gives the trigger 5 seconds and signs in up to 25 users a second by default. A suspension or
 * deletion reaches tokens once the answer expires. Failures are not kept: the next token asks again.
 */
export function cachedProviderTenants(lookup: ProviderTenantLookup, options: CacheOptions): ProviderTenantLookup {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const answers = new Map<string, { answer: Promise<ProviderTenant>; until: number }>();
  return (providerName) => {
    const at = now();
    const kept = answers.get(providerName);
    if (kept && kept.until > at) return kept.answer;
    if (options.ttlMs <= 0) return lookup(providerName);
    // One read for concurrent tokens of the same provider; a failure is forgotten at once.
    const answer = lookup(providerName);
    answers.delete(providerName);
    answers.set(providerName, { answer, until: at + options.ttlMs });
    if (answers.size > maxEntries) answers.delete(answers.keys().next().value as string);
    answer.catch(() => {
      if (answers.get(providerName)?.answer === answer) answers.delete(providerName);
    });
    return answer;
  };
}
