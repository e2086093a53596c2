import { z } from 'zod';
import { findingViewSchema } from './connections.ts';
import { DOMAIN_CLAIM_STATUSES } from './domain-claims.ts';

/** One signing certificate of a SAML revision, as the operator compares them. */
export const reviewCertificateSchema = z.object({
  /** SHA-256 of the DER certificate, as colon-separated upper-case hex (what IdP consoles show). */
  sha256: z.string(),
  notAfter: z.string().nullable(),
  subject: z.string().nullable(),
});
export type ReviewCertificate = z.infer<typeof reviewCertificateSchema>;

/** A SAML revision reduced to what an operator compares. */
export const reviewSamlSettingsSchema = z.object({
  metadataSource: z.enum(['file', 'url']),
  metadataUrl: z.string().nullable(),
  entityId: z.string().nullable(),
  certificates: z.array(reviewCertificateSchema),
  signRequests: z.boolean(),
  idpInitiated: z.boolean(),
  idpSignout: z.boolean(),
});

/** An OIDC revision reduced to what an operator compares; the secret is known only by its hint. */
export const reviewOidcSettingsSchema = z.object({
  issuer: z.string(),
  clientId: z.string(),
  scopes: z.string(),
  attributesRequestMethod: z.enum(['GET', 'POST']),
  /** When the secret was entered and its last characters (empty when it is too short to show any). */
  secret: z.object({ setAt: z.string(), lastFour: z.string() }).nullable(),
});

export const reviewRevisionSchema = z.object({
  revision: z.number().int(),
  submittedAt: z.string(),
  protocol: z.enum(['saml', 'oidc']),
  saml: reviewSamlSettingsSchema.nullable(),
  oidc: reviewOidcSettingsSchema.nullable(),
  attributeMapping: z.record(z.string(), z.string()),
});
export type ReviewRevision = z.infer<typeof reviewRevisionSchema>;

/** The keys of the settings rows, in the order the review shows them. */
export const REVIEW_SETTING_KEYS = [
  'metadataSource',
  'metadataUrl',
  'entityId',
  'certificates',
  'certificateExpiry',
  'signRequests',
  'idpInitiated',
  'idpSignout',
  'issuer',
  'clientId',
  'scopes',
  'attributesRequestMethod',
  'clientSecret',
] as const;
export type ReviewSettingKey = (typeof REVIEW_SETTING_KEYS)[number];

/** One row of the side-by-side diff: the value in the active revision and in the submitted one. */
export const reviewSettingRowSchema = z.object({
  key: z.enum(REVIEW_SETTING_KEYS),
  active: z.string().nullable(),
  submitted: z.string().nullable(),
  changed: z.boolean(),
});
export type ReviewSettingRow = z.infer<typeof reviewSettingRowSchema>;

/** One user-pool attribute of the mapping, before and after. */
export const reviewMappingRowSchema = z.object({
  attribute: z.string(),
  active: z.string().nullable(),
  submitted: z.string().nullable(),
  change: z.enum(['added', 'removed', 'changed', 'unchanged']),
});
export type ReviewMappingRow = z.infer<typeof reviewMappingRowSchema>;

export const reviewDomainsSchema = z.object({
  /** Every domain the tenant claimed for this connection, with its status. */
  claims: z.array(z.object({ domain: z.string(), status: z.enum(DOMAIN_CLAIM_STATUSES) })),
  /** The verified domains: what approval sets as the live IdP's IdpIdentifiers. */
  willRoute: z.array(z.string()),
  /** The live IdP's IdpIdentifiers in Cognito now; null when there is no live IdP yet (or Cognito did not answer). */
  live: z.array(z.string()).nullable(),
  /** True when Cognito could not be asked just now: `live` is then unknown, not empty. */
  liveUnknown: z.boolean(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
});
export type ReviewDomains = z.infer<typeof reviewDomainsSchema>;

/**
 * What an operator needs to decide on a submitted revision, from GET
 * /v1/admin/tenants/{id}/connections/{connectionId}/review. `submitted` is null when nothing waits for review
 * (the page then shows where the connection stands).
 */
export const connectionReviewSchema = z.object({
  connection: z.object({
    id: z.string(),
    tenantId: z.string(),
    displayName: z.string(),
    vendor: z.string(),
    protocol: z.enum(['saml', 'oidc']),
    providerName: z.string(),
    status: z.enum(['draft', 'submitted', 'rejected', 'active', 'suspended']),
    activeRevision: z.number().int().nullable(),
  }),
  submitted: reviewRevisionSchema.nullable(),
  active: reviewRevisionSchema.nullable(),
  settings: z.array(reviewSettingRowSchema),
  mapping: z.array(reviewMappingRowSchema),
  domains: reviewDomainsSchema,
  /** Findings of the submitted settings and mapping, errors first. */
  findings: z.array(findingViewSchema),
  /** The test login that passed for exactly the submitted settings. */
  test: z.object({ at: z.string(), passed: z.boolean(), report: z.record(z.string(), z.unknown()) }).nullable(),
  /** Send this with approve or reject: a change since the review was read makes them refuse. */
  version: z.number().int(),
});
export type ConnectionReview = z.infer<typeof connectionReviewSchema>;

/** What the tenant page shows of each connection beside its status. */
export const connectionOverviewSchema = z.object({
  domains: z.array(z.object({ domain: z.string(), status: z.enum(DOMAIN_CLAIM_STATUSES) })),
  /** Findings of the revision being worked on (or of the active one when none is), by severity. */
  findings: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  /** The earliest expiry among the SAML signing certificates; null for OIDC or when unknown. */
  certificateExpiry: z.string().nullable(),
});
export type ConnectionOverview = z.infer<typeof connectionOverviewSchema>;

const show = (value: string | boolean | null | undefined): string | null =>
  value === null || value === undefined || value === '' ? null : typeof value === 'boolean' ? (value ? 'on' : 'off') : value;

function settingValues(revision: ReviewRevision | null): Partial<Record<ReviewSettingKey, string | null>> {
  if (!revision) return {};
  if (revision.saml) {
    const s = revision.saml;
    const expiries = s.certificates.map((c) => c.notAfter).filter((d): d is string => d !== null);
    return {
      metadataSource: s.metadataSource,
      metadataUrl: show(s.metadataUrl),
      entityId: show(s.entityId),
      certificates: s.certificates.length > 0 ? s.certificates.map((c) => c.sha256).join('\n') : null,
      certificateExpiry: expiries.length > 0 ? ([...expiries].sort()[0] ?? null) : null,
      signRequests: show(s.signRequests),
      idpInitiated: show(s.idpInitiated),
      idpSignout: show(s.idpSignout),
    };
  }
  if (revision.oidc) {
    const o = revision.oidc;
    return {
      issuer: o.issuer,
      clientId: o.clientId,
      scopes: o.scopes,
      attributesRequestMethod: o.attributesRequestMethod,
      // The secret itself is never known here: its hint stands for it, so a new entry shows as a change.
      clientSecret: o.secret ? `set ${o.secret.setAt}${o.secret.lastFour ? ` (…${o.secret.lastFour})` : ''}` : null,
    };
  }
  return {};
}

/**
 * The side-by-side rows of two revisions: every setting either of them has, in a fixed order, each marked
 * changed when the values differ (everything is a change against no active revision at all).
 */
export function diffReviewSettings(active: ReviewRevision | null, submitted: ReviewRevision | null): ReviewSettingRow[] {
  const a = settingValues(active);
  const s = settingValues(submitted);
  return REVIEW_SETTING_KEYS.filter((key) => key in a || key in s).map((key) => {
    const before = a[key] ?? null;
    const after = s[key] ?? null;
    return { key, active: before, submitted: after, changed: active === null ? after !== null : before !== after };
  });
}

/** The attribute mapping compared key by key, sorted by attribute. */
export function diffMapping(active: Record<string, string> | null, submitted: Record<string, string> | null): ReviewMappingRow[] {
  const before = active ?? {};
  const after = submitted ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.map((attribute) => {
    const a = before[attribute] ?? null;
    const s = after[attribute] ?? null;
    const change = a === null ? 'added' : s === null ? 'removed' : a === s ? 'unchanged' : 'changed';
    return { attribute, active: a, submitted: s, change };
  });
}

/** The verified domains approval will set, against the live IdP's identifiers (null: no live IdP). */
export function diffDomains(
  willRoute: readonly string[],
  live: readonly string[] | null,
): { added: string[]; removed: string[] } {
  const current = new Set(live ?? []);
  const next = new Set(willRoute);
  return {
    added: [...next].filter((d) => !current.has(d)).sort(),
    removed: [...current].filter((d) => !next.has(d)).sort(),
  };
}
