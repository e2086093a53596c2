import freeEmailDomains from 'free-email-domains/domains.json' with { type: 'json' };
import { parse } from 'tldts';
import { type Finding, finding } from '../findings/catalog.ts';
import { normalizeDomain } from './normalize.ts';

export * from '../findings/catalog.ts';
export { type NormalizedDomain, normalizeDomain } from './normalize.ts';

const FREE_MAIL = new Set<string>(freeEmailDomains as string[]);

export interface DomainCheck {
  /** The normalised domain, or null when it is not a valid domain. */
  domain: string | null;
  findings: Finding[];
}

/**
 * Checks that a domain can be claimed by one organisation: valid, not a public suffix (Public Suffix
 * List, private section included: github.io, co.uk) and not a free-mail or consumer domain.
 */
export function checkClaimableDomain(input: string): DomainCheck {
  const normalized = normalizeDomain(input);
  if (!normalized.ok) return { domain: null, findings: [normalized.finding] };
  const { domain } = normalized;
  const findings: Finding[] = [];
  const parsed = parse(domain, { allowPrivateDomains: true, extractHostname: false });
  if (!parsed.isIcann && !parsed.isPrivate) {
    // Not a public suffix: a name under a top-level domain the Public Suffix List does not know
    // (.internal, .local, a typo such as .cmo), which no email on the internet can come from.
    findings.push(
      finding(
        'DOMAIN_UNKNOWN_TLD',
        'domain',
        `${domain} ends in .${parsed.publicSuffix ?? domain.split('.').pop()}, which is not a top-level domain on the public suffix list.`,
      ),
    );
  } else if (!parsed.domain || parsed.publicSuffix === domain) {
    findings.push(
      finding(
        'DOMAIN_PUBLIC_SUFFIX',
        'domain',
        `${domain} is a public suffix shared by many unrelated organisations; it cannot be claimed.`,
      ),
    );
  } else if (FREE_MAIL.has(domain) || FREE_MAIL.has(parsed.domain)) {
    findings.push(
      finding('DOMAIN_FREE_MAIL', 'domain', `${domain} is a free-mail or consumer email domain; it cannot be claimed.`),
    );
  }
  return { domain, findings };
}

/** The label under which the TXT challenge is published. */
export const CHALLENGE_LABEL = '_gatehouse-challenge';
const CHALLENGE_PREFIX = 'gatehouse-verification=v1.';

/** The DNS name of the TXT record proving ownership of `domain` (already normalised). */
export function challengeRecordName(domain: string): string {
  return `${CHALLENGE_LABEL}.${domain}`;
}

/**
 * The message the caller signs (e.g. HMAC-SHA256 with a server secret) to make the challenge token. It
 * binds tenant and domain, so a token published for tenant A never verifies tenant B's claim.
 */
export function challengeMessage(tenantId: string, domain: string): string {
  return `gatehouse-domain-challenge/v1\n${tenantId}\n${domain}`;
}

/** The TXT record value the admin publishes, from the caller's base64url signature of challengeMessage. */
export function challengeRecordValue(signatureBase64Url: string): string {
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(signatureBase64Url)) throw new Error('The challenge signature must be base64url.');
  return `${CHALLENGE_PREFIX}${signatureBase64Url}`;
}

/**
 * True when one of the TXT records found (each as the list of character-strings DNS returns, which long
 * values are split into) equals the expected value. Comparison does not stop at the first differing
 * character.
 */
export function txtRecordsContain(records: readonly (readonly string[])[], expected: string): boolean {
  let found = false;
  for (const chunks of records) {
    const value = chunks.join('').trim();
    if (value.length !== expected.length) continue;
    let diff = 0;
    for (let i = 0; i < value.length; i++) diff |= value.charCodeAt(i) ^ expected.charCodeAt(i);
    if (diff === 0) found = true;
  }
  return found;
}
