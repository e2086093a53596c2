import { z } from 'zod';

/**
 * Who made a change: an operator in the console, a tenant's IT admin in the wizard, the SaaS's backend
 * through the admin API (an app client), or a scheduled job.
 */
export const auditActorSchema = z.object({
  type: z.enum(['operator', 'admin', 'client', 'system']),
  /** Operator email or username, the setup session's tenant, the app client's id, or the job name. */
  id: z.string(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

/**
 * Every action the audit log records, as a dotted verb. Entries written by older versions may carry
 * others; readers must expect any string (see `auditLabel`).
 */
export const AUDIT_ACTIONS = [
  'tenant.created',
  'tenant.deletion-started',
  'tenant.deleted',
  'tenant.users-deleted',
  'tenant.sso-enforcement-changed',
  'tenant.native-users-disabled',
  'setup-link.issued',
  'setup-link.revoked',
  'connection.created',
  'connection.provider-changed',
  'connection.saml-saved',
  'connection.oidc-saved',
  'connection.mapping-saved',
  'connection.test-passed',
  'connection.test-failed',
  'connection.revision-started',
  'connection.submitted',
  'connection.withdrawn',
  'connection.approved',
  'connection.rejected',
  'connection.suspended',
  'connection.resumed',
  'connection.rolled-back',
  'domain.added',
  'domain.verified',
  'domain.verification-failed',
  'domain.removed',
  'domain.withdrawn',
  'domain.record_restored',
  'monitoring.finding',
  'branding.changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One entry of the audit log. Entries are only ever appended: nothing edits or deletes them, not even
 * deleting the tenant they belong to. `before` and `after` hold the changed state with secrets redacted.
 */
export const auditEventSchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  /** null for changes that belong to no tenant (an operator signing in, for instance). */
  tenantId: z.string().nullable(),
  actor: auditActorSchema,
  /** What happened, as a dotted verb: `tenant.created`, `connection.approved`, `domain.verified`… */
  action: z.string(),
  /** What the change was made to. */
  target: z.object({
    connectionId: z.string().optional(),
    /** The connection's display name when the entry was written, for people to read instead of its id. */
    connectionName: z.string().optional(),
    /** The revision of the connection's settings the action was about. */
    revision: z.number().int().optional(),
    domain: z.string().optional(),
    linkId: z.string().optional(),
  }),
  /** A sentence for people: what changed and why. */
  summary: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const AUDIT_PAGE_SIZES = { default: 50, max: 200 } as const;

export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_SIZES.max).default(AUDIT_PAGE_SIZES.default),
  cursor: z.string().max(2048).optional(),
});

/** A page of audit entries, newest first. */
export const auditPageSchema = z.object({
  events: z.array(auditEventSchema),
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
