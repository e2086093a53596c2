import { operatorConnectionStatus, type RouteLookupAnswer, type RouteLookupReason, type Tenant } from '@gatehouse/core';
import { checkClaimableDomain } from '@gatehouse/core/domains';
import type { AppDeps } from '../deps.ts';
import { emailDomain, routeDomain } from './discovery.ts';

type LookupDeps = Pick<AppDeps, 'domains' | 'connections' | 'tenants' | 'items'>;

/** Why a domain nobody holds verified routes nowhere: a domain no one may claim, a claim still pending, or none. */
function unclaimedReason(domain: string, claimed: boolean): RouteLookupReason {
  const [finding] = checkClaimableDomain(domain).findings;
  if (finding?.code === 'DOMAIN_FREE_MAIL') return 'free_mail';
  if (finding?.code === 'DOMAIN_PUBLIC_SUFFIX') return 'public_suffix';
  return claimed ? 'domain_not_verified' : 'domain_unknown';
}

/**
 * The operator's "where does this email go?": the same routing rule as the public discovery
 * (routeDomain), with everything an operator may see: the tenant, the connection, every tenant's claim on
 * the domain, and why the address is not routed when it is not.
 */
export async function lookUpRoute(deps: LookupDeps, email: string): Promise<RouteLookupAnswer> {
  const domain = emailDomain(email);
  const nothing = { tenant: null, connection: null, claims: [], discovery: { providerName: null } };
  if (!domain) return { email, domain: null, routed: false, reason: 'malformed_email', ...nothing };

  const [route, claims] = await Promise.all([routeDomain(deps, domain), deps.domains.listClaimsForDomain(domain)]);
  const tenantIds = [...new Set(claims.map((claim) => claim.tenantId))];
  const tenants = new Map<string, Tenant | null>(
    await Promise.all(tenantIds.map(async (id) => [id, await deps.tenants.getTenant(id)] as const)),
  );
  const reason = route.reason === 'domain_unknown' ? unclaimedReason(domain, claims.length > 0) : route.reason;
  return {
    email,
    domain,
    routed: route.reason === null,
    reason,
    tenant: route.tenant
      ? { id: route.tenant.id, name: route.tenant.name ?? route.tenant.id, status: route.tenant.status }
      : null,
    connection: route.connection
      ? {
          id: route.connection.id,
          displayName: route.connection.displayName ?? route.connection.providerName,
          providerName: route.connection.providerName,
          status: operatorConnectionStatus(route.connection),
        }
      : null,
    claims: claims.map((claim) => ({
      tenantId: claim.tenantId,
      tenantName: tenants.get(claim.tenantId)?.name ?? null,
      connectionId: claim.connectionId,
      status: claim.status,
      failureReason: claim.status === 'failed' ? (claim.failure?.reason ?? null) : null,
    })),
    discovery: route.answer,
  };
}
