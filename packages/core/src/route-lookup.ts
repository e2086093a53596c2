import { z } from 'zod';

/**
 * Why an email address is not routed to an identity provider, as the operator's "where does this
 * email go?" box explains it. The public discovery answers all of these with the same null.
 */
export const ROUTE_LOOKUP_REASONS = [
  'malformed_email',
  'free_mail',
  'public_suffix',
  'domain_unknown',
  'domain_not_verified',
  'connection_not_active',
  'connection_suspended',
  'tenant_suspended',
] as const;
export type RouteLookupReason = (typeof ROUTE_LOOKUP_REASONS)[number];

export const routeLookupInputSchema = z.object({ email: z.string().max(320) });

const claimSchema = z.object({
  tenantId: z.string(),
  tenantName: z.string().nullable(),
  connectionId: z.string(),
  status: z.enum(['pending', 'verified', 'failed']),
  failureReason: z.string().nullable(),
});

export const routeLookupAnswerSchema = z.object({
  email: z.string(),
  /** The normalised domain of the address, or null when the address has none. */
  domain: z.string().nullable(),
  routed: z.boolean(),
  /** Set when `routed` is false. */
  reason: z.enum(ROUTE_LOOKUP_REASONS).nullable(),
  /** The tenant and connection the domain is verified for, when it is verified by one. */
  tenant: z.object({ id: z.string(), name: z.string(), status: z.string() }).nullable(),
  connection: z
    .object({
      id: z.string(),
      displayName: z.string(),
      providerName: z.string(),
      status: z.enum(['draft', 'submitted', 'rejected', 'active', 'suspended']),
    })
    .nullable(),
  /** Every tenant's claim on the domain (several may wait for verification; at most one is verified). */
  claims: z.array(claimSchema),
  /** Exactly what POST /v1/discovery answers for this address (before its short cache). */
  discovery: z.object({ providerName: z.string().nullable(), idpIdentifier: z.string().optional() }),
});
export type RouteLookupAnswer = z.infer<typeof routeLookupAnswerSchema>;
