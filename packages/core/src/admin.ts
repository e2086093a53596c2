import { z } from 'zod';
import { connectionIdSchema } from './connections.ts';
import { connectionHealthSchema } from './monitoring.ts';
import { connectionOverviewSchema } from './review.ts';
import { setupLinkSchema } from './setup-links.ts';
import { tenantIdSchema, tenantNameSchema, tenantSchema, tenantStatusSchema } from './tenants.ts';

/** The signed-in operator, as the console sees it. */
export const operatorSessionSchema = z.object({
  operator: z.object({ sub: z.string(), email: z.string().nullable(), username: z.string() }),
  csrfToken: z.string(),
  expiresAt: z.iso.datetime(),
});
export type OperatorSession = z.infer<typeof operatorSessionSchema>;

export const TENANT_PAGE_SIZES = { default: 25, max: 100 } as const;

/** Query of the tenants list: every combination is served by a DynamoDB Query, never a Scan. */
export const listTenantsQuerySchema = z.object({
  status: tenantStatusSchema.optional(),
  /** Prefix of the tenant's name, compared case- and accent-insensitively. */
  q: z.string().trim().max(120).optional(),
  limit: z.coerce.number().int().min(1).max(TENANT_PAGE_SIZES.max).default(TENANT_PAGE_SIZES.default),
  cursor: z.string().max(2048).optional(),
  /**
   * `needs-review`: only the tenants with a revision waiting for an operator, in id order (the review
   * queue); `status` and `q` do not apply to it.
   */
  filter: z.enum(['needs-review']).optional(),
});
export type ListTenantsQuery = z.infer<typeof listTenantsQuerySchema>;

/**
 * Where a tenant's SSO stands, from its connections, most pressing first: `review` when a revision waits
 * for an operator, `live` when a connection serves, `suspended` when every approved connection is
 * suspended, `setup` while connections are only drafts, `none` without connections.
 */
export const tenantSsoStateSchema = z.enum(['none', 'setup', 'review', 'live', 'suspended']);
export type TenantSsoState = z.infer<typeof tenantSsoStateSchema>;

/** A tenant as the console lists it: the tenant and a digest of its SSO. */
export const tenantListItemSchema = tenantSchema.extend({
  sso: z.object({
    state: tenantSsoStateSchema,
    /** Connections with a revision waiting for review. */
    awaitingReview: z.number().int().nonnegative(),
    verifiedDomains: z.number().int().nonnegative(),
    /** The latest change to the tenant, its connections or its domains. */
    lastActivityAt: z.iso.datetime(),
  }),
});
export type TenantListItem = z.infer<typeof tenantListItemSchema>;

export const tenantPageSchema = z.object({
  tenants: z.array(tenantListItemSchema),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** How many tenants have a revision waiting for review, whatever the page shows. */
  needsReview: z.number().int().nonnegative(),
});
export type TenantPage = z.infer<typeof tenantPageSchema>;

export const adminCreateTenantInputSchema = z.object({ name: tenantNameSchema, id: tenantIdSchema.optional() });

export const issueSetupLinkInputSchema = z.object({
  /** Lifetime in hours; the server's default when omitted. */
  ttlHours: z
    .number()
    .positive()
    .max(24 * 30)
    .optional(),
});

/** A freshly issued link: the token and URL are shown once and never again. */
export const issuedSetupLinkSchema = z.object({
  link: setupLinkSchema,
  token: z.string(),
  url: z.string(),
  revokedLinkId: z.string().nullable(),
});
export type IssuedSetupLinkView = z.infer<typeof issuedSetupLinkSchema>;

/** A connection as the tenant detail page lists it. */
export const adminConnectionSummarySchema = z.object({
  id: connectionIdSchema,
  displayName: z.string(),
  protocol: z.enum(['saml', 'oidc']),
  vendor: z.string(),
  /** draft, submitted, rejected, active or suspended. */
  status: z.enum(['draft', 'submitted', 'rejected', 'active', 'suspended']),
  activeRevision: z.number().int().nullable(),
  submittedAt: z.iso.datetime().nullable(),
  lastTest: z.object({ at: z.iso.datetime(), passed: z.boolean() }).nullable(),
  /** The revision waiting for review, when there is one. */
  draftRevision: z.number().int().nullable(),
  updatedAt: z.iso.datetime(),
  /** Switched off by an operator: the live IdP is on no app client and discovery does not route to it. */
  suspended: z.boolean(),
  /** The revision a roll back would restore (the latest superseded one before the active one), if any. */
  rollbackRevision: z.number().int().nullable(),
  /** For approve and reject: the version the operator reviewed. */
  version: z.number().int(),
  /** What the monitoring jobs last found on the live connection; null before any job checked it. */
  health: connectionHealthSchema.nullable(),
});
export type AdminConnectionSummary = z.infer<typeof adminConnectionSummarySchema>;

export const tenantDetailSchema = z.object({
  tenant: tenantSchema,
  setupLinks: z.array(setupLinkSchema),
  /** Each connection with what the tenant page shows beside its status: domains, findings, certificate expiry. */
  connections: z.array(adminConnectionSummarySchema.extend({ overview: connectionOverviewSchema })),
});
export type TenantDetail = z.infer<typeof tenantDetailSchema>;

export const approveConnectionInputSchema = z.object({ version: z.number().int().nonnegative() });
export const rejectConnectionInputSchema = z.object({
  version: z.number().int().nonnegative(),
  reason: z.string().trim().min(1, 'Say what the customer should change.').max(2000),
});

/** One revision in a connection's history, as the console lists it. */
export const revisionSummarySchema = z.object({
  revision: z.number().int(),
  state: z.enum(['submitted', 'withdrawn', 'approved', 'rejected', 'superseded', 'rolled-back']),
  vendor: z.string(),
  protocol: z.enum(['saml', 'oidc']),
  submittedAt: z.iso.datetime(),
  /** The test login that passed for exactly this revision's settings. */
  test: z.object({ at: z.iso.datetime(), passed: z.boolean() }),
  /** True for the revision that serves users now. */
  active: z.boolean(),
});
export type RevisionSummary = z.infer<typeof revisionSummarySchema>;
export const revisionListSchema = z.object({ revisions: z.array(revisionSummarySchema) });
export type RevisionList = z.infer<typeof revisionListSchema>;

/** Suspend, resume or roll back a connection: the version the operator saw. */
export const connectionLifecycleInputSchema = z.object({ version: z.number().int().nonnegative() });

/** Deleting a tenant: the operator types the tenant's id to confirm. */
export const deleteTenantInputSchema = z.object({ confirm: z.string().max(64) });

/** What deleting a tenant removed (the audit log under the tenant is kept). */
export const tenantDeletionSchema = z.object({
  tenantId: tenantIdSchema,
  deletedProviders: z.array(z.string()),
  releasedDomains: z.array(z.string()),
  deletedItems: z.number().int().nonnegative(),
  /** Cognito users the tenant's IdPs had created, deleted by this request (a repeated request adds more). */
  deletedUsers: z.number().int().nonnegative(),
  /**
   * False when the time one request may take ran out with users still to delete: the tenant stays
   * `deleting` and serves nothing; send the same request again to go on.
   */
  complete: z.boolean(),
});
export type TenantDeletion = z.infer<typeof tenantDeletionSchema>;
