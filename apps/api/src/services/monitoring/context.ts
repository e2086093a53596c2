import { GatehouseError, type HealthFinding, isGatehouseError, type MonitoringJob } from '@gatehouse/core';
import type { AppDeps } from '../../deps.ts';
import type { StoredConnection, StoredRevision } from '../../store/connection-store.ts';
import type { HealthSection } from '../../store/monitoring-store.ts';
import { audit, jobActor } from '../audit.ts';
import { lifecycleEvent } from '../events.ts';

/** What the monitoring jobs need from the app's dependencies. */
export type JobDeps = Pick<
  AppDeps,
  'config' | 'tenants' | 'connections' | 'domains' | 'cognito' | 'fetchUrl' | 'dns' | 'monitoring' | 'audit' | 'logger' | 'now'
>;

/** The `msg` of the warn line each new finding is logged with; the CDK app's metric filter matches it. */
export const FINDING_LOG_MESSAGE = 'monitoring finding';

/** A finding as a check produces it; the run adds the job and since when it has been open. */
export type FindingDraft = Omit<HealthFinding, 'job' | 'since'>;

/** The running tally of one job run, and the connections it looked at. */
export interface JobRunContext {
  job: MonitoringJob;
  deps: JobDeps;
  now: Date;
  checked: number;
  findings: number;
  newFindings: number;
  /** Checks that could not be made; any one makes the run fail. */
  errors: number;
  /** `<tenantId>#<connectionId>` of every connection this run looked at: their results stay. */
  seen: Set<string>;
}

export function newRunContext(job: MonitoringJob, deps: JobDeps): JobRunContext {
  return { job, deps, now: deps.now(), checked: 0, findings: 0, newFindings: 0, errors: 0, seen: new Set() };
}

/** A live connection: approved, with the revision that serves. */
export interface LiveConnection {
  connection: StoredConnection;
  revision: StoredRevision;
  /** The connection or its tenant is suspended. */
  suspended: boolean;
}

const TENANT_PAGE = 100;

/**
 * Every live (approved) connection of every tenant, with its approved revision. Tenants are read a page
 * at a time from the tenants index; a tenant whose connections cannot be read counts as an error and the
 * walk goes on, so one bad item does not hide every other connection's problems.
 */
export async function* liveConnections(ctx: JobRunContext): AsyncGenerator<LiveConnection> {
  const { deps } = ctx;
  let cursor: string | undefined;
  do {
    const page = await deps.tenants.listTenants({ limit: TENANT_PAGE, cursor });
    for (const tenant of page.tenants) {
      const connections = await deps.connections.list(tenant.id);
      for (const connection of connections) {
        if (connection.activeRevision === null) continue;
        const revision = await deps.connections.getRevision(tenant.id, connection.id, connection.activeRevision);
        if (!revision) {
          ctx.errors++;
          deps.logger.error('live connection has no approved revision', { tenantId: tenant.id, connectionId: connection.id });
          continue;
        }
        ctx.seen.add(`${tenant.id}#${connection.id}`);
        yield { connection, revision, suspended: connection.suspended || tenant.status === 'suspended' };
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * Runs one check and keeps the job going when it fails unexpectedly (an outage of Cognito or DynamoDB):
 * the failure is logged at error level and counted, and the run ends as failed.
 */
export async function guarded(ctx: JobRunContext, what: Record<string, unknown>, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    ctx.errors++;
    ctx.deps.logger.error('monitoring check could not be made', {
      job: ctx.job,
      ...what,
      error,
      ...(isGatehouseError(error) ? { code: error.code } : {}),
    });
  }
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
    const section: HealthSection = { checkedAt: at, findings, ...options.extra };
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
  ctx.seen.add(`${target.tenantId}#${target.connectionId}`);
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

/**
 * Drops this job's results on connections this run did not look at (no longer live, or gone), so the
 * console never shows a stale finding as open. A connection whose check failed keeps its last result.
 */
export async function dropUnchecked(ctx: JobRunContext): Promise<void> {
  for (const health of await ctx.deps.monitoring.listHealth()) {
    if (!health.sections[ctx.job]) continue;
    if (ctx.seen.has(`${health.tenantId}#${health.connectionId}`)) continue;
    await ctx.deps.monitoring.removeSection(health.tenantId, health.connectionId, ctx.job);
  }
}
