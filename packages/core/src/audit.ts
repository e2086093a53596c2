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
  target: z.object({ connectionId: z.string().optional(), domain: z.string().optional(), linkId: z.string().optional() }),
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
