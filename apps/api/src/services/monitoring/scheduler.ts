import { randomUUID } from 'node:crypto';
import { GatehouseError, type MonitoringJob } from '@gatehouse/core';
import type { JobDeps } from './context.ts';
import type { JobQueue } from './queue.ts';
import { verifyDomainsTargets } from './verify-domains.ts';
import { finishIfComplete } from './worker.ts';

/** Entries of the live connections index read per Query. */
const LIVE_PAGE = 500;

/** The `msg` of the error line logged when a run starts while the previous one is still running. */
export const RUN_OVERRAN_LOG_MESSAGE = 'monitoring run overran its schedule';

type Target = { tenantId: string; connectionId: string };

/**
 * The connections a job checks, a page at a time: the live connections index (SAML ones only, for
 * refresh-metadata), or for verify-domains the connections with verified domains or open domain findings.
 * Every source is a paged Query on an index; nothing walks the table.
 */
async function* targetsOf(job: MonitoringJob, deps: JobDeps, pageSize: number): AsyncGenerator<Target[]> {
  if (job === 'verify-domains') {
    yield* verifyDomainsTargets(deps);
    return;
  }
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await deps.connections.listLive({ limit: pageSize, cursor });
    yield page.connections
      .filter((live) => job !== 'refresh-metadata' || live.protocol === 'saml')
      .map(({ tenantId, connectionId }) => ({ tenantId, connectionId }));
    cursor = page.cursor;
  } while (cursor);
}

/**
 * Starts a run of a job: its status record becomes a new `running` run, one message per connection to
 * check goes to the queue, then the run's total is set (a run with nothing to check finishes here).
 * Workers check the connections (handleJobMessage) and finish the run. Resolves to the run's id.
 * Rejects with INTERNAL, the run recorded as failed, when the checks could not all be queued.
 */
export async function scheduleRun(
  job: MonitoringJob,
  deps: JobDeps,
  queue: JobQueue,
  options: { pageSize?: number } = {},
): Promise<string> {
  const runId = randomUUID();
  const log = deps.logger.child({ job, runId });
  const replaced = await deps.monitoring.startRun({ job, runId, startedAt: deps.now().toISOString() });
  if (replaced?.status === 'running') {
    // Its remaining checks still run but no longer count: the console shows the new run.
    log.error(RUN_OVERRAN_LOG_MESSAGE, { previous: replaced });
  }
  let total = 0;
  try {
    for await (const page of targetsOf(job, deps, options.pageSize ?? LIVE_PAGE)) {
      if (page.length === 0) continue;
      await queue.send(page.map((target) => ({ job, runId, ...target })));
      total += page.length;
    }
  } catch (error) {
    log.error('monitoring run could not queue its checks', { error, queued: total });
    await deps.monitoring
      .finishRun(job, runId, {
        status: 'failed',
        finishedAt: deps.now().toISOString(),
        error: `The run could not queue its checks (${total} queued); see the error log lines.`,
      })
      .catch((recordError: unknown) => log.error('the failed run could not be recorded', { error: recordError }));
    throw new GatehouseError('INTERNAL', `The monitoring job ${job} could not queue its checks.`, { queued: total });
  }
  const progress = await deps.monitoring.setRunTotal(job, runId, total);
  log.info('monitoring run queued', { total });
  if (progress) await finishIfComplete(deps, job, runId, progress);
  return runId;
}
