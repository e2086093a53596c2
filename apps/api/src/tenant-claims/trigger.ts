import {
  type ClaimsAndScopeOverrideDetails,
  type PreTokenGenerationEvent,
  signInProvider,
  tenantClaimsOverride,
} from '@gatehouse/core/tenant-claims';
import type { Logger } from '../logger.ts';
import type { ProviderTenantLookup } from './provider-tenants.ts';

/** A V1_0 event's response: ID token only (developer guide, pre token generation trigger, V1_0). */
interface V1Response {
  claimsOverrideDetails?: { claimsToAddOrOverride?: Record<string, string>; claimsToSuppress?: string[] } | null;
}

export type TenantClaimsEvent = PreTokenGenerationEvent & { response: V1Response };

/**
 * Gatehouse's Pre Token Generation trigger: puts `tenant_id` in the ID and access tokens of users who
 * signed in through a provider Gatehouse manages. The tenant comes only from that provider (the one the
 * user name and Cognito's `identities` name), looked up in Gatehouse's table, never from an attribute.
 * Native users and other providers' users get their tokens unchanged.
 *
 * When the table cannot be read, the trigger throws and Cognito refuses to issue the tokens (the user
 * sees a sign-in error and can try again): a token without its tenant, or with a wrong one, is worse
 * than no token.
 */
export function createTenantClaimsTrigger(deps: { lookup: ProviderTenantLookup; logger: Logger }) {
  return async (event: TenantClaimsEvent): Promise<TenantClaimsEvent> => {
    const attributes = event.request?.userAttributes ?? {};
    const providerName = signInProvider(event.userName ?? '', attributes);
    if (!providerName) return event;
    let override: ClaimsAndScopeOverrideDetails | null;
    try {
      override = tenantClaimsOverride(await deps.lookup(providerName), attributes);
    } catch (error) {
      deps.logger.error('tenant lookup failed; the token is refused', {
        error,
        providerName,
        triggerSource: event.triggerSource,
      });
      throw new Error('Gatehouse could not look up the tenant of this sign-in. Try again in a moment.');
    }
    if (!override) return event;
    if (event.version === '1') {
      // A V1_0 trigger reaches the ID token only; the access token then has no tenant (docs/deploy.md).
      const id = override.idTokenGeneration ?? {};
      event.response = { ...event.response, claimsOverrideDetails: { ...id } };
    } else {
      event.response = { ...event.response, claimsAndScopeOverrideDetails: override };
    }
    return event;
  };
}
