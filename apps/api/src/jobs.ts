import { GatehouseError, type JobRun, MONITORING_JOBS, type MonitoringJob } from '@gatehouse/core';
import { InProcessQueue } from './queue/in-process-queue.ts';
import type { JobDeps } from './services/monitoring/context.ts';
import { type JobMessage, MONITORING_CONCURRENCY, MONITORING_FANOUT } from './services/monitoring/queue.ts';
import { scheduleRun } from './services/monitoring/scheduler.ts';
import { handleJobMessage } from './services/monitoring/worker.ts';

export { MONITORING_JOBS, type MonitoringJob } from '@gatehouse/core';
export { FINDING_LOG_MESSAGE, type JobDeps } from './services/monitoring/context.ts';
export { MONITORING_CONCURRENCY, MONITORING_FANOUT } from './services/monitoring/queue.ts';
export { RUN_OVERRAN_LOG_MESSAGE } from './services/monitoring/scheduler.ts';

/** What a run did: the job's status record once the run is over (see jobRunSchema in core). */
export type JobResult = JobRun;

/** True when `name` is one of MONITORING_JOBS. */
export function isMonitoringJob(name: unknown): name is MonitoringJob {
  return typeof name === 'string' && (MONITORING_JOBS as readonly string[]).includes(name);
}

/** VALIDATION_FAILED unless `name` is a monitoring job (a scheduling mistake). */
export function requireMonitoringJob(name: unknown): MonitoringJob {
  if (isMonitoringJob(name)) return name;
  throw new GatehouseError('VALIDATION_FAILED', `Unknown monitoring job ${JSON.stringify(name)}.`, {
    known: MONITORING_JOBS,
  });
}

export interface InProcessRunOptions {
  /** Checks at once; the deployed concurrency (MONITORING_CONCURRENCY) by default. */
  concurrency?: number;
  /** How long one check may take; MONITORING_FANOUT's by default. */
  itemTimeoutMs?: number;
  /** Wait before the nth retry of a failed check: n times this. */
  retryDelayMs?: number;
}

/**
 * Runs one monitoring job in this process and resolves to its finished status record: the scheduler and
 * workers of AWS (scheduleRun, handleJobMessage) over an in-process queue, with the deployed concurrency,
 * timeout and retries. What `gatehouse jobs run` and the local stack use. Findings are not failures: a
 * run that found problems resolves. It rejects with INTERNAL (the result in its details) when some checks
 * could not be made after their retries, or the checks could not be queued; VALIDATION_FAILED for an
 * unknown job.
 */
export async function runJob(name: unknown, deps: JobDeps, options: InProcessRunOptions = {}): Promise<JobResult> {
  const job = requireMonitoringJob(name);
  const itemTimeoutMs = options.itemTimeoutMs ?? MONITORING_FANOUT.itemTimeoutSeconds * 1000;
  const queue = new InProcessQueue<JobMessage>(
    (message, delivery) => handleJobMessage(deps, message, delivery, { itemTimeoutMs }),
    {
      concurrency: options.concurrency ?? MONITORING_CONCURRENCY,
      maxAttempts: MONITORING_FANOUT.maxAttempts,
      visibilityTimeoutMs: itemTimeoutMs + 30_000,
      retryDelayMs: options.retryDelayMs ?? 250,
    },
  );
  try {
    await scheduleRun(job, deps, queue);
  } finally {
    // Checks already queued still run to their end, so nothing is left running behind the caller.
    await queue.drained();
  }
  const result = await deps.monitoring.lastRun(job);
  if (result?.status === 'done') return result;
  throw new GatehouseError(
    'INTERNAL',
    `The monitoring job ${job} could not run completely: ${result?.error ?? 'its run did not finish'}`,
    { result },
  );
}
