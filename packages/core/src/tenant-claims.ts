// The rules of Gatehouse's Pre Token Generation trigger, without I/O: which provider a token's user signed
// in through, and what the trigger answers Cognito once it knows the tenant (or that there is none).
// Cognito's event and response shapes: developer guide, "Pre token generation Lambda trigger" (V2_0).

import type { CognitoTriggerCommon } from './trigger-event.ts';

/** The claim Gatehouse adds to the ID and access tokens of a user of a managed provider. */
export const TENANT_ID_CLAIM = 'tenant_id';

/**
 * User-pool attributes that look like the tenant (`custom:tenant_id`, `custom:tenantId`, ...). An IdP must
 * never write one: a SaaS that reads it would trust a value the customer's IdP chose. The mapping check
 * refuses them as targets and the trigger suppresses them from the ID token of managed providers' users.
 */
export function isTenantLikeAttribute(name: string): boolean {
  const match = /^(?:dev:)?custom:(.+)$/i.exec(name);
  return match?.[1] !== undefined && match[1].toLowerCase().replace(/[^a-z0-9]/g, '') === 'tenantid';
}

/** The part of Cognito's V2_0 pre token generation event the trigger reads. */
export interface PreTokenGenerationEvent extends CognitoTriggerCommon {
  request: {
    userAttributes: Record<string, string>;
    groupConfiguration?: { groupsToOverride?: string[]; iamRolesToOverride?: string[]; preferredRole?: string | null };
    scopes?: string[];
  };
  response: { claimsAndScopeOverrideDetails?: ClaimsAndScopeOverrideDetails | null };
}

interface TokenOverride {
  claimsToAddOrOverride?: Record<string, string>;
  claimsToSuppress?: string[];
}

/** The V2_0 response: what to add to and remove from each token. */
export interface ClaimsAndScopeOverrideDetails {
  idTokenGeneration?: TokenOverride;
  accessTokenGeneration?: TokenOverride & { scopesToAdd?: string[]; scopesToSuppress?: string[] };
}

interface StoredIdentity {
  providerName?: unknown;
}

/**
 * The identity provider the user of a token event signed in through, or null for a native user. Cognito
 * names a federated user `<ProviderName>_<subject>` (lower-cased in a case-insensitive pool) and lists the
 * provider in the `identities` attribute, which only Cognito writes. Both must agree: a native user with
 * linked identities (AdminLinkProviderForUser) keeps their own user name, and for them the event does not
 * say which way they signed in, so they count as native.
 */
export function signInProvider(userName: string, userAttributes: Record<string, string>): string | null {
  const raw = userAttributes.identities;
  if (!raw) return null;
  let identities: unknown;
  try {
    identities = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(identities)) return null;
  const name = userName.toLowerCase();
  for (const identity of identities as StoredIdentity[]) {
    const provider = identity?.providerName;
    if (typeof provider === 'string' && provider && name.startsWith(`${provider.toLowerCase()}_`)) return provider;
  }
  return null;
}

/** What Gatehouse's table says about a provider, as the trigger needs it. */
export type ProviderTenant =
  /** Not a provider Gatehouse manages (another IdP of the pool): tokens stay exactly as Cognito made them. */
  | { managed: false }
  /** A managed provider; `tenantId` null when its tenant or connection serves no one (suspended, deleting). */
  | { managed: true; tenantId: string | null };

/**
 * The trigger's answer for one token event. A managed provider's users get `tenant_id` in both tokens
 * when their tenant serves, and never a tenant-like attribute their IdP wrote; anyone else gets no change.
 * Reserved claims (`sub`, `iss`, `token_use`, `cognito:*`, ...) and groups are never touched.
 */
export function tenantClaimsOverride(
  provider: ProviderTenant,
  userAttributes: Record<string, string>,
): ClaimsAndScopeOverrideDetails | null {
  if (!provider.managed) return null;
  const forged = Object.keys(userAttributes).filter(isTenantLikeAttribute);
  const add = provider.tenantId ? { [TENANT_ID_CLAIM]: provider.tenantId } : undefined;
  if (!add && forged.length === 0) return null;
  return {
    idTokenGeneration: { ...(add ? { claimsToAddOrOverride: add } : {}), ...(forged.length ? { claimsToSuppress: forged } : {}) },
    ...(add ? { accessTokenGeneration: { claimsToAddOrOverride: { ...add } } } : {}),
  };
}
