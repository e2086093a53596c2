import { z } from 'zod';
import { connectionIdSchema } from './connections.ts';

/**
 * Email-domain claims as the API and the wizard exchange them. Only zod here: the rules that need the
 * Public Suffix List and the free-mail list live in `@gatehouse/core/domains`, which the browser does
 * not load.
 */

/** Cognito's limits on a live IdP's IdpIdentifiers, which verified domains become. */
export const MAX_VERIFIED_DOMAINS_PER_CONNECTION = 50;
export const MAX_DOMAIN_IDENTIFIER_LENGTH = 40;

export const DOMAIN_CLAIM_STATUSES = ['pending', 'verified', 'failed'] as const;
export type DomainClaimStatus = (typeof DOMAIN_CLAIM_STATUSES)[number];

/**
 * Why a claim is not verified, as the wizard explains it:
 * - `record_not_found`: no TXT record at the challenge name;
 * - `value_mismatch`: TXT records there, none with the expected value;
 * - `dns_timeout`: the DNS servers did not answer in time;
 * - `dns_error`: the DNS servers answered with an error (SERVFAIL, refused, ...);
 * - `already_claimed`: another organisation verified the domain first.
 */
export const DOMAIN_FAILURE_REASONS = [
  'record_not_found',
  'value_mismatch',
  'dns_timeout',
  'dns_error',
  'already_claimed',
] as const;
export type DomainFailureReason = (typeof DOMAIN_FAILURE_REASONS)[number];

export const addDomainInputSchema = z.object({
  domain: z.string().trim().min(1, 'Enter a domain, e.g. example.com.').max(253, 'A domain has at most 253 characters.'),
});
export type AddDomainInput = z.infer<typeof addDomainInputSchema>;

/** POST /v1/setup/domains: the domain and the connection it is to route to. */
export const addDomainRequestSchema = addDomainInputSchema.extend({ connectionId: connectionIdSchema });

/** GET /v1/setup/domains: one connection's domains, or the tenant's when no connection is named. */
export const domainListQuerySchema = z.object({ connectionId: connectionIdSchema.optional() });

/** A domain in a URL path: the normalised (ASCII, lowercase) form the API returned. */
export const domainParamSchema = z
  .string()
  .min(3)
  .max(253)
  .regex(/^[a-z0-9.-]+$/, 'Not a domain.');

export const domainClaimViewSchema = z.object({
  /** Normalised: lowercase, no trailing dot, IDN as punycode. */
  domain: z.string(),
  connectionId: z.string(),
  status: z.enum(DOMAIN_CLAIM_STATUSES),
  failure: z.object({ reason: z.enum(DOMAIN_FAILURE_REASONS), at: z.string() }).optional(),
  /** The TXT record to publish: its name and exact value. */
  record: z.object({ type: z.literal('TXT'), name: z.string(), value: z.string() }),
  createdAt: z.string(),
  verifiedAt: z.string().optional(),
  lastCheckedAt: z.string().optional(),
});
export type DomainClaimView = z.infer<typeof domainClaimViewSchema>;

export const domainClaimListSchema = z.object({ domains: z.array(domainClaimViewSchema) });
