import type { StoredConnection } from '../../store/connection-store.ts';
import type { StoredDomainClaim } from '../../store/domain-store.ts';
import { audit, jobActor } from '../audit.ts';
import { reverifyDomain } from '../domains.ts';
import { type FindingDraft, type JobDeps, type JobRunContext, recordHealth } from './context.ts';

const OWNED_PAGE = 100;

/** A claim the job withdrew earlier and that nobody has verified again or removed since. */
const withdrawn = (claim: StoredDomainClaim) =>
  claim.status === 'failed' &&
  claim.verifiedAt !== undefined &&
  (claim.failure?.reason === 'record_not_found' || claim.failure?.reason === 'value_mismatch');

/**
 * Takes a withdrawn domain out of the live IdP's IdpIdentifiers: the IdP keeps exactly the connection's
 * verified domains, so Cognito stops routing the domain to it by email either.
 */
async function withdrawFromCognito(ctx: JobRunContext, connection: StoredConnection | null, domain: string): Promise<boolean> {
  const { deps } = ctx;
  if (!connection || connection.activeRevision === null) return false;
  const live = await deps.cognito.describeIdentityProvider(connection.providerName);
  if (!live?.idpIdentifiers.includes(domain)) return false;
  const verified = await deps.domains.listVerifiedDomains(connection.tenantId, connection.id);
  await deps.cognito.setIdpIdentifiers(
    connection.providerName,
    live.idpIdentifiers.filter((identifier) => identifier !== domain && verified.includes(identifier)),
  );
  return true;
}

/** Re-checks one verified claim and records any change it makes. */
async function recheck(ctx: JobRunContext, claim: StoredDomainClaim): Promise<void> {
  const { deps, now } = ctx;
  ctx.checked++;
  const after = await reverifyDomain(deps, claim, now, { graceMs: deps.config.monitoring.domainGraceMs });
  const actor = jobActor(ctx.job);
  if (after.status === 'failed') {
    const connection = await deps.connections.get(claim.tenantId, claim.connectionId);
    // Recorded before the Cognito step: routing in Gatehouse is already withdrawn, whatever Cognito does.
    await audit(deps, actor, {
      tenantId: claim.tenantId,
      action: 'domain.withdrawn',
      target: {
        connectionId: claim.connectionId,
        ...(connection ? { connectionName: connection.displayName } : {}),
        domain: claim.domain,
      },
      summary: `${claim.domain} no longer routes to ${connection?.displayName ?? claim.connectionId}: its TXT record stayed missing past the grace period. It is taken out of the identity provider's identifiers in Cognito.`,
      before: { status: 'verified', failingSince: claim.failingSince },
      after: { status: 'failed', failure: after.failure },
    });
    await withdrawFromCognito(ctx, connection, claim.domain);
  } else if (claim.failingSince && !after.failingSince) {
    await audit(deps, actor, {
      tenantId: claim.tenantId,
      action: 'domain.record_restored',
      target: { connectionId: claim.connectionId, domain: claim.domain },
      summary: `The TXT record of ${claim.domain} is back within the grace period; it keeps routing.`,
      before: { failingSince: claim.failingSince },
      after: { failingSince: null },
    });
  }
}

/** The findings of one connection's domains, as they stand after the re-checks. */
function domainFindings(ctx: JobRunContext, claims: StoredDomainClaim[]): FindingDraft[] {
  const graceMs = ctx.deps.config.monitoring.domainGraceMs;
  const drafts: FindingDraft[] = [];
  for (const claim of claims) {
    if (claim.status === 'verified' && claim.failingSince) {
      const withdrawAt = new Date(Date.parse(claim.failingSince) + graceMs).toISOString();
      drafts.push({
        code: 'DOMAIN_RECORD_MISSING',
        severity: 'warning',
        key: `DOMAIN_RECORD_MISSING:${claim.domain}`,
        message: `The TXT record proving ${claim.domain} is missing since ${claim.failingSince}. Unless it is back by ${withdrawAt}, the domain stops routing to this connection.`,
        details: { domain: claim.domain, failingSince: claim.failingSince, withdrawAt },
      });
    } else if (withdrawn(claim)) {
      drafts.push({
        code: 'DOMAIN_WITHDRAWN',
        severity: 'error',
        key: `DOMAIN_WITHDRAWN:${claim.domain}`,
        message: `${claim.domain} no longer routes to this connection: its TXT record was missing for longer than the grace period. The customer can publish the record again and verify the domain.`,
        details: { domain: claim.domain, reason: claim.failure?.reason, at: claim.failure?.at },
      });
    }
  }
  return drafts;
}

/**
 * The connections verify-domains checks, a page at a time: those owning a verified domain (the owner
 * items' index), and those with an open finding of the job (so a withdrawn domain stays visible until it
 * is verified again or removed). A connection owning several domains is listed once.
 */
export async function* verifyDomainsTargets(
  deps: Pick<JobDeps, 'domains' | 'monitoring'>,
): AsyncGenerator<Array<{ tenantId: string; connectionId: string }>> {
  const listed = new Set<string>();
  const fresh = (targets: Array<{ tenantId: string; connectionId: string }>) =>
    targets.filter((target) => {
      const key = `${target.tenantId}#${target.connectionId}`;
      if (listed.has(key)) return false;
      listed.add(key);
      return true;
    });
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await deps.domains.listOwned({ limit: OWNED_PAGE, cursor });
    yield fresh(page.owned.map((owned) => ({ tenantId: owned.tenantId, connectionId: owned.connectionId })));
    cursor = page.cursor;
  } while (cursor);
  for await (const page of deps.monitoring.healthPages()) {
    yield fresh(page.filter((health) => health.sections['verify-domains']?.findings.length));
  }
}

/**
 * The verify-domains job on one connection: re-checks each of its verified domains, then records the
 * domain findings as they stand, and finishes taking withdrawn domains out of the live IdP (a withdrawal
 * whose Cognito step failed in an outage is finished on a later run: the step is idempotent, and the open
 * DOMAIN_WITHDRAWN finding brings the connection back here until it is done).
 */
export async function verifyDomains(ctx: JobRunContext, target: { tenantId: string; connectionId: string }): Promise<void> {
  const { deps } = ctx;
  const { tenantId, connectionId } = target;
  const connection = await deps.connections.get(tenantId, connectionId);
  if (!connection) {
    await deps.monitoring.removeSection(tenantId, connectionId, ctx.job);
    return;
  }
  for (const claim of await deps.domains.listForConnection(tenantId, connectionId)) {
    if (claim.status === 'verified') await recheck(ctx, claim);
  }
  const claims = await deps.domains.listForConnection(tenantId, connectionId);
  await recordHealth(ctx, { tenantId, connectionId, displayName: connection.displayName }, domainFindings(ctx, claims));
  for (const claim of claims.filter(withdrawn)) {
    if (await withdrawFromCognito(ctx, connection, claim.domain)) {
      deps.logger.info('withdrawn domain removed from the identity provider', { tenantId, connectionId, domain: claim.domain });
    }
  }
}
