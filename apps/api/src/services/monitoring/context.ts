import { GatehouseError, type HealthFinding, type MonitoringJob } from '@gatehouse/core';
import type { AppDeps } from '../../deps.ts';
import type { StoredConnection, StoredRevision } from '../../store/connection-store.ts';
import type { HealthSection } from '../../store/monitoring-store.ts';
import { audit, jobActor } from '../audit.ts';
import { lifecycleEvent } from '../events.ts';
import type { JobMessage } from './queue.ts';

/** What the monitoring jobs need from the app's dependencies. */
export type JobDeps = Pick<
  AppDeps,
  'config' | 'tenants' | 'connections' | 'domains' | 'cognito' | 'fetchUrl' | 'dns' | 'monitoring' | 'audit' | 'logger' | 'now'
>;

/** The `msg` of the warn line each new finding is logged with; the CDK app's metric filter matches it. */
export const FINDING_LOG_MESSAGE = 'monitoring finding';

/** A finding as a check produces it; the run adds the job and since when it has been open. */
export type FindingDraft = Omit<HealthFinding, 'job' | 'since'>;

/** The tally of one check: one job on one connection, for one run. */
export interface JobRunContext {
  job: MonitoringJob;
  /** The run the check counts into; every health section it writes carries it. */
  runId: string;
  deps: JobDeps;
  now: Date;
  checked: number;
  findings: number;
  newFindings: number;
}

export function newRunContext(message: JobMessage, deps: JobDeps): JobRunContext {
  return { job: message.job, runId: message.runId, deps, now: deps.now(), checked: 0, findings: 0, newFindings: 0 };
}

/** A live connection: approved, with the revision that serves. */
export interface LiveConnection {
  connection: StoredConnection;
  revision: StoredRevision;
  /** The connection or its tenant is suspended. */
  suspended: boolean;
}

/**
 * The connection a check names, as it stands now, while it is live: approved, and its tenant not being
 * deleted. Null when it is not (any more): the index said live when the run began. An approved
 * connection without its approved revision is an error (the check fails and is retried).
 */
export async function liveConnection(
  ctx: JobRunContext,
  target: { tenantId: string; connectionId: string },
): Promise<LiveConnection | null> {
  const { deps } = ctx;
  const [connection, tenant] = await Promise.all([
    deps.connections.get(target.tenantId, target.connectionId),
    deps.tenants.getTenant(target.tenantId),
  ]);
  if (!connection || connection.activeRevision === null || !tenant || tenant.status === 'deleting') return null;
  const revision = await deps.connections.getRevision(target.tenantId, target.connectionId, connection.activeRevision);
  if (!revision) {
    throw new GatehouseError('INTERNAL', 'This live connection has no approved revision.', {
      tenantId: target.tenantId,
      connectionId: target.connectionId,
      revision: connection.activeRevision,
    });
  }
  return { connection, revision, suspended: connection.suspended || tenant.status === 'suspended' };
}

/**
 * Stores what this job found on one connection (replacing its previous result), keeping when each open
 * finding was first seen. A finding seen for the first time is reported once: a warn-level log line
 * (FINDING_LOG_MESSAGE, which a CloudWatch metric filter can alarm on) and an audit entry by the job.
 * `isNew` lets a check decide newness itself (certificate expiry reports once per threshold).
 */
export async function recordHealth(
  ctx: JobRunContext,
  target: { tenantId: string; connectionId: string; displayName: string },
  drafts: FindingDraft[],
  options: { isNew?: (draft: FindingDraft, previous: HealthSection | undefined) => boolean; extra?: Partial<HealthSection> } = {},
): Promise<HealthSection> {
  const { deps, job, now } = ctx;
  const at = now.toISOString();
  const subject = { tenantId: target.tenantId, connectionId: target.connectionId, job };
  // Computed from the section as read, and written only if it is still that one (another run of the job
  // may have replaced it meanwhile): the findings opened and cleared are then reported once.
  for (let attempt = 1; ; attempt++) {
    const previous = (await deps.monitoring.getHealth(target.tenantId, target.connectionId))?.sections[job];
    const before = new Map((previous?.findings ?? []).map((finding) => [finding.key, finding]));
    const findings: HealthFinding[] = drafts.map((draft) => ({ ...draft, job, since: before.get(draft.key)?.since ?? at }));
    const section: HealthSection = { checkedAt: at, findings, ...options.extra, runId: ctx.runId };
    const opened = drafts.filter((draft) => (options.isNew ? options.isNew(draft, previous) : !before.has(draft.key)));
    const cleared = [...before.values()].filter((finding) => !drafts.some((draft) => draft.key === finding.key));
    const events = [
      ...opened.map((draft) =>
        lifecycleEvent(
          'gatehouse.monitoring.finding-opened',
          { ...subject, code: draft.code, severity: draft.severity, key: draft.key, message: draft.message },
          now,
        ),
      ),
      ...cleared.map((finding) =>
        lifecycleEvent('gatehouse.monitoring.finding-cleared', { ...subject, code: finding.code, key: finding.key }, now),
      ),
    ];
    const written = await deps.monitoring.putSection(target, job, section, { events, replaces: previous?.checkedAt ?? null });
    if (!written && attempt < 3) continue;
    if (!written) throw new GatehouseError('CONNECTION_BUSY', 'Other runs of this job kept replacing its result; run it again.');
    return reported(ctx, target, { section, opened, cleared });
  }
}

/** Counts, logs and audits what one recordHealth() wrote. */
async function reported(
  ctx: JobRunContext,
  target: { tenantId: string; connectionId: string; displayName: string },
  { section, opened, cleared }: { section: HealthSection; opened: FindingDraft[]; cleared: HealthFinding[] },
): Promise<HealthSection> {
  const { deps, job } = ctx;
  const findings = section.findings;
  ctx.findings += findings.length;
  for (const draft of opened) {
    ctx.newFindings++;
    deps.logger.warn(FINDING_LOG_MESSAGE, {
      job,
      tenantId: target.tenantId,
      connectionId: target.connectionId,
      code: draft.code,
      severity: draft.severity,
      key: draft.key,
      details: draft.details,
    });
    await audit(deps, jobActor(job), {
      tenantId: target.tenantId,
      action: 'monitoring.finding',
      target: {
        connectionId: target.connectionId,
        connectionName: target.displayName,
        ...(typeof draft.details?.domain === 'string' ? { domain: draft.details.domain } : {}),
      },
      summary: `${target.displayName}: ${draft.message}`,
      after: { code: draft.code, severity: draft.severity, details: draft.details },
    });
  }
  if (cleared.length) {
    deps.logger.info('monitoring findings resolved', { job, ...target, keys: cleared.map((finding) => finding.key) });
  }
  return section;
}
