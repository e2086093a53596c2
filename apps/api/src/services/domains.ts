import { randomBytes } from 'node:crypto';
import {
  type DomainClaimView,
  type DomainFailureReason,
  GatehouseError,
  MAX_DOMAIN_IDENTIFIER_LENGTH,
  MAX_VERIFIED_DOMAINS_PER_CONNECTION,
} from '@gatehouse/core';
import { challengeRecordName, challengeRecordValue, checkClaimableDomain, txtRecordsContain } from '@gatehouse/core/domains';
import type { TxtResolver } from '../dns.ts';
import type { ClaimEvents, DomainStore, StoredDomainClaim } from '../store/domain-store.ts';
import { lifecycleEvent } from './events.ts';

/** A second Verify on the same domain within this time is refused: clicking harder must not hammer DNS. */
export const VERIFY_COOLDOWN_MS = 5_000;

export interface DomainDeps {
  domains: DomainStore;
  dns: TxtResolver;
}

/**
 * The TXT value a claim asks for. A random per-claim token stored with the claim, rather than an HMAC
 * of (tenant, domain) under a server secret: the binding to (tenant, domain) comes from where the token
 * is stored (the claim item keyed by both), so a token published for tenant A can only ever be compared
 * with tenant A's claim, and there is no long-lived secret to provision, rotate or leak in
 * AWS. Removing and re-adding a domain issues a new token, so a record left behind by an earlier claim
 * proves nothing about a later one.
 */
function newChallenge(): string {
  return challengeRecordValue(randomBytes(24).toString('base64url'));
}

/** Normalises and checks a domain an admin typed; throws the refusal the wizard shows beside the field. */
export function claimableDomain(input: string): string {
  const check = checkClaimableDomain(input);
  const [first] = check.findings;
  if (!check.domain || (first && first.code === 'DOMAIN_INVALID')) {
    throw new GatehouseError('VALIDATION_FAILED', first?.message ?? 'This is not a valid domain name.', {
      problems: [{ field: 'domain', message: first ? `${first.message} ${first.fix}` : 'Not a valid domain.' }],
    });
  }
  if (first) {
    throw new GatehouseError('DOMAIN_NOT_ALLOWED', `${first.message} ${first.fix}`, {
      domain: check.domain,
      findings: check.findings,
    });
  }
  if (check.domain.length > MAX_DOMAIN_IDENTIFIER_LENGTH) {
    throw new GatehouseError(
      'DOMAIN_TOO_LONG',
      `${check.domain} has ${check.domain.length} characters; Amazon Cognito routes domains of at most ${MAX_DOMAIN_IDENTIFIER_LENGTH}. Use a shorter parent domain your users' addresses end in.`,
      { domain: check.domain, max: MAX_DOMAIN_IDENTIFIER_LENGTH },
    );
  }
  return check.domain;
}

/**
 * Adds a domain to a connection as a pending claim with its TXT challenge. Adding a domain the
 * connection already has returns it unchanged (a double click is not an error). A domain another
 * tenant verified is added like any other: refusing it here would let any setup link ask whether a
 * domain is verified somewhere, which discovery takes care never to say. The claim can never verify
 * while the other tenant holds the domain (verifyDomain); see "Email domains" in docs/security.md.
 */
export async function addDomain(
  deps: DomainDeps,
  tenantId: string,
  connectionId: string,
  input: string,
  now: Date,
): Promise<{ claim: StoredDomainClaim; created: boolean }> {
  const domain = claimableDomain(input);
  const at = now.toISOString();
  const claim: StoredDomainClaim = {
    tenantId,
    domain,
    connectionId,
    status: 'pending',
    challenge: newChallenge(),
    createdAt: at,
    updatedAt: at,
  };
  const result = await deps.domains.add(claim, MAX_VERIFIED_DOMAINS_PER_CONNECTION);
  if (result.created) return { claim, created: true };
  if (result.existing.connectionId !== connectionId) {
    throw new GatehouseError(
      'DOMAIN_ALREADY_ADDED',
      `${domain} is already on another of your organisation's connections. Remove it there first to route it here.`,
      { domain, connectionId: result.existing.connectionId },
    );
  }
  return { claim: result.existing, created: false };
}

export function requireClaim(claim: StoredDomainClaim | null): StoredDomainClaim {
  if (!claim) throw new GatehouseError('NOT_FOUND', 'This domain is not on your organisation’s list. Add it first.');
  return claim;
}

type CheckResult = { ok: true } | { ok: false; reason: Exclude<DomainFailureReason, 'already_claimed'> };

/** Looks the claim's TXT record up now and compares every record found with its challenge. */
export async function checkChallenge(dns: TxtResolver, claim: StoredDomainClaim): Promise<CheckResult> {
  const lookup = await dns.lookupTxt(challengeRecordName(claim.domain));
  if (!lookup.ok) {
    const reason = lookup.reason === 'not_found' ? 'record_not_found' : lookup.reason === 'timeout' ? 'dns_timeout' : 'dns_error';
    return { ok: false, reason };
  }
  if (lookup.records.length === 0) return { ok: false, reason: 'record_not_found' };
  // txtRecordsContain joins each record's character-strings: long values arrive split.
  return txtRecordsContain(lookup.records, claim.challenge) ? { ok: true } : { ok: false, reason: 'value_mismatch' };
}

/** The event of a claim's change when it stops routing: only a verified claim was routing. */
function withdrawn(reason: DomainFailureReason | 'removed', now: Date): ClaimEvents {
  return (before) =>
    before.status === 'verified'
      ? [
          lifecycleEvent(
            'gatehouse.domain.withdrawn',
            { tenantId: before.tenantId, connectionId: before.connectionId, domain: before.domain, reason },
            now,
          ),
        ]
      : [];
}

/** The event of a claim's verification; verifying a domain already verified changes nothing a SaaS cares about. */
function verified(now: Date): ClaimEvents {
  return (before) =>
    before.status === 'verified'
      ? []
      : [
          lifecycleEvent(
            'gatehouse.domain.verified',
            { tenantId: before.tenantId, connectionId: before.connectionId, domain: before.domain },
            now,
          ),
        ];
}

/** Marks a claim failed; when it was verified, its routing is withdrawn and the event says so. */
function markFailed(deps: DomainDeps, claim: StoredDomainClaim, reason: DomainFailureReason, now: Date) {
  return deps.domains.markFailed(claim, reason, now.toISOString(), withdrawn(reason, now));
}

/**
 * The admin's Verify: checks DNS now and stores the outcome, answered alike whatever it is. Success
 * takes the domain for the tenant; when another tenant holds it, the claim fails with `already_claimed`.
 * That is said only after the tenant's own TXT record was found, so only whoever controls the domain's
 * DNS ever learns that someone else verified it, never who.
 */
export async function verifyDomain(deps: DomainDeps, claim: StoredDomainClaim, now: Date): Promise<StoredDomainClaim> {
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - VERIFY_COOLDOWN_MS).toISOString();
  if (!(await deps.domains.startCheck(claim, at, cutoff))) {
    throw new GatehouseError(
      'RATE_LIMITED',
      `${claim.domain} was checked a moment ago. Wait a few seconds before checking again; DNS changes can take minutes to appear.`,
      { retryAfterSeconds: Math.ceil(VERIFY_COOLDOWN_MS / 1000) },
    );
  }
  const result = await checkChallenge(deps.dns, claim);
  if (!result.ok) return markFailed(deps, claim, result.reason, now);
  try {
    return await deps.domains.markVerified(claim, at, verified(now));
  } catch (error) {
    if (error instanceof GatehouseError && error.code === 'DOMAIN_ALREADY_CLAIMED') {
      return markFailed(deps, claim, 'already_claimed', now);
    }
    throw error;
  }
}

/**
 * Re-checks a verified domain (for the monitoring job). While the record is there the claim stays
 * verified; once it is gone, the claim is marked failed and releases the domain, which withdraws routing
 * (routing follows proof). `graceMs` lets the job tolerate a short outage: the first failing check only records
 * `failingSince`, and the claim fails when a check still fails `graceMs` after it.
 */
export async function reverifyDomain(
  deps: DomainDeps,
  claim: StoredDomainClaim,
  now: Date,
  options: { graceMs?: number } = {},
): Promise<StoredDomainClaim> {
  if (claim.status !== 'verified') return claim;
  const at = now.toISOString();
  const result = await checkChallenge(deps.dns, claim);
  if (result.ok) return deps.domains.recordCheck(claim, at, undefined);
  const since = claim.failingSince ?? at;
  // Only a definite answer (no record, another value) withdraws a domain; a DNS outage never does alone.
  const definite = result.reason === 'record_not_found' || result.reason === 'value_mismatch';
  if (definite && now.getTime() - Date.parse(since) >= (options.graceMs ?? 0)) {
    return markFailed(deps, claim, result.reason, now);
  }
  return deps.domains.recordCheck(claim, at, since);
}

/** Removes a claim; a verified domain is released for good. */
export async function removeDomain(deps: DomainDeps, claim: StoredDomainClaim, now: Date): Promise<void> {
  await deps.domains.remove(claim, withdrawn('removed', now));
}

/** The claim as the wizard shows it: status, reason, and the record to publish. */
export function toDomainClaimView(claim: StoredDomainClaim): DomainClaimView {
  return {
    domain: claim.domain,
    connectionId: claim.connectionId,
    status: claim.status,
    ...(claim.status === 'failed' && claim.failure ? { failure: claim.failure } : {}),
    record: { type: 'TXT', name: challengeRecordName(claim.domain), value: claim.challenge },
    createdAt: claim.createdAt,
    ...(claim.verifiedAt && claim.status === 'verified' ? { verifiedAt: claim.verifiedAt } : {}),
    ...(claim.lastCheckedAt ? { lastCheckedAt: claim.lastCheckedAt } : {}),
  };
}
