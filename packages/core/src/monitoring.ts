import { z } from 'zod';

/**
 * The monitoring jobs, by the name the scheduler, the API and `gatehouse jobs run <name>` use:
 * - `refresh-metadata`: re-read SAML metadata, flag rotated, expiring or unreadable certificates;
 * - `verify-domains`: re-check the TXT record of every verified email domain;
 * - `detect-drift`: compare each live Cognito IdP with its approved revision.
 */
export const MONITORING_JOBS = ['refresh-metadata', 'verify-domains', 'detect-drift'] as const;
export const monitoringJobSchema = z.enum(MONITORING_JOBS);
export type MonitoringJob = z.infer<typeof monitoringJobSchema>;

/** Days before a signing certificate's expiry at which refresh-metadata raises a new finding, once each. */
export const CERTIFICATE_EXPIRY_THRESHOLDS_DAYS = [30, 14, 7] as const;

export { DEFAULT_DOMAIN_REVERIFY_GRACE_HOURS } from './settings-limits.ts';

export const HEALTH_FINDING_CODES = [
  /** The IdP's metadata URL now serves other signing certificates than the approved revision. */
  'CERTIFICATE_ROTATED',
  /** A live signing certificate expires within 30, 14 or 7 days. */
  'CERTIFICATE_EXPIRING',
  /** A live signing certificate has expired: sign-ins fail. */
  'CERTIFICATE_EXPIRED',
  /** The metadata URL could not be fetched. */
  'METADATA_UNREACHABLE',
  /** The metadata URL answers with something that is no longer usable SAML metadata. */
  'METADATA_INVALID',
  /** The live IdP is gone from the user pool. */
  'IDP_MISSING',
  /** The live IdP's settings differ from the approved revision. */
  'IDP_DRIFT',
  /** The live IdP is not enabled on a production app client. */
  'IDP_NOT_ON_APP_CLIENT',
  /** A verified domain's TXT record is missing; routing is withdrawn when the grace period ends. */
  'DOMAIN_RECORD_MISSING',
  /** A verified domain's TXT record stayed missing past the grace period: the domain no longer routes. */
  'DOMAIN_WITHDRAWN',
] as const;
export const healthFindingCodeSchema = z.enum(HEALTH_FINDING_CODES);
export type HealthFindingCode = z.infer<typeof healthFindingCodeSchema>;

/** One open problem a monitoring job found on a live connection. */
export const healthFindingSchema = z.object({
  code: healthFindingCodeSchema,
  job: monitoringJobSchema,
  severity: z.enum(['error', 'warning']),
  /** What is wrong and what to do, for an operator. */
  message: z.string(),
  /** Identifies the finding across runs (the certificate, the domain, the fields): a new key is a new finding. */
  key: z.string(),
  /** When a run first found it. */
  since: z.iso.datetime(),
  /** Facts for the console: certificate subject and expiry, the domain, the fields that differ. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type HealthFinding = z.infer<typeof healthFindingSchema>;

/** What the monitoring jobs last found on one connection. */
export const connectionHealthSchema = z.object({
  /** When each job last checked this connection. */
  checks: z.array(z.object({ job: monitoringJobSchema, checkedAt: z.iso.datetime() })),
  findings: z.array(healthFindingSchema),
});
export type ConnectionHealth = z.infer<typeof connectionHealthSchema>;

/**
 * A job's one status record: the run in progress, or the last one. A run checks each connection apart
 * (one queued check per connection, see docs/operators.md), so it carries its progress.
 */
export const jobRunSchema = z.object({
  job: monitoringJobSchema,
  startedAt: z.iso.datetime(),
  /** When the last check ended; absent while the run is `running`. */
  finishedAt: z.iso.datetime().optional(),
  /** `failed` when some checks could not be made (findings never fail a job). */
  status: z.enum(['running', 'done', 'failed']),
  /** Connections (or domains, for verify-domains) checked. */
  checked: z.number().int().nonnegative(),
  /** Open findings after the run (so far, while running). */
  findings: z.number().int().nonnegative(),
  /** Findings this run raised for the first time. */
  newFindings: z.number().int().nonnegative(),
  /** Checks that could not be made (Cognito or DynamoDB failing), after their retries; any makes the run `failed`. */
  errors: z.number().int().nonnegative(),
  /** Why the run failed, when it did. */
  error: z.string().optional(),
  /**
   * The run's checks: how many were queued (null while they are still being queued) and how many ended,
   * done or failed after their retries. The run is over when done + failed reaches total.
   */
  progress: z
    .object({
      total: z.number().int().nonnegative().nullable(),
      done: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
    })
    .optional(),
});
export type JobRun = z.infer<typeof jobRunSchema>;

/** GET /v1/admin/monitoring: the last run of each job and every connection with open findings. */
export const monitoringOverviewSchema = z.object({
  jobs: z.array(z.object({ job: monitoringJobSchema, lastRun: jobRunSchema.nullable() })),
  connections: z.array(
    z.object({
      tenantId: z.string(),
      connectionId: z.string(),
      displayName: z.string(),
      health: connectionHealthSchema,
    }),
  ),
});
export type MonitoringOverview = z.infer<typeof monitoringOverviewSchema>;
