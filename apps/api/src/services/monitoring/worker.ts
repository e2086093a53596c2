import { GatehouseError, isGatehouseError, type MonitoringJob } from '@gatehouse/core';
import type { RunProgress } from '../../store/monitoring-store.ts';
import { type JobDeps, type JobRunContext, newRunContext } from './context.ts';
import { detectDrift } from './detect-drift.ts';
import { type Delivery, type JobMessage, MONITORING_FANOUT } from './queue.ts';
import { refreshMetadata } from './refresh-metadata.ts';
import { verifyDomains } from './verify-domains.ts';

type Target = { tenantId: string; connectionId: string };

/**
 * Each job's check of one connection, and whether a complete run drops the job's results on connections
 * it no longer checks (verify-domains keeps them: a withdrawn domain stays a finding until dealt with).
 */
const CHECKS: Record<MonitoringJob, { check: (ctx: JobRunContext, target: Target) => Promise<void>; dropsUnchecked: boolean }> = {
  'refresh-metadata': { check: refreshMetadata, dropsUnchecked: true },
  'verify-domains': { check: verifyDomains, dropsUnchecked: false },
  'detect-drift': { check: detectDrift, dropsUnchecked: true },
};

/** Rejects with CHECK_TIMEOUT when `work` has not settled after `ms` (the work itself is not stopped). */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GatehouseError('CHECK_TIMEOUT', `The check did not finish within ${ms / 1000} s.`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface WorkerOptions {
  /** How long one check may take; MONITORING_FANOUT's by default. */
  itemTimeoutMs?: number;
}

/**
 * Checks one connection for one run: the worker of the monitoring fan-out, the same code behind SQS in
 * AWS and the in-process queue locally. A check that succeeds counts as done in its run. One that fails
 * (or outlasts its timeout) rejects, so the queue delivers it again; on its last delivery it counts as
 * failed first, then rejects, and the queue keeps it as a dead letter. The check that brings done +
 * failed to the run's total finishes the run.
 */
export async function handleJobMessage(
  deps: JobDeps,
  message: JobMessage,
  delivery: Delivery,
  options: WorkerOptions = {},
): Promise<void> {
  const ctx = newRunContext(message, deps);
  const target = { tenantId: message.tenantId, connectionId: message.connectionId };
  try {
    await withTimeout(
      CHECKS[message.job].check(ctx, target),
      options.itemTimeoutMs ?? MONITORING_FANOUT.itemTimeoutSeconds * 1000,
    );
  } catch (error) {
    const last = delivery.attempt >= delivery.maxAttempts;
    deps.logger.error('monitoring check could not be made', {
      ...message,
      attempt: delivery.attempt,
      willRetry: !last,
      error,
      ...(isGatehouseError(error) ? { code: error.code } : {}),
    });
    if (last) await countOutcome(deps, message, { status: 'failed', checked: 0, findings: 0, newFindings: 0 });
    throw error;
  }
  await countOutcome(deps, message, {
    status: 'done',
    checked: ctx.checked,
    findings: ctx.findings,
    newFindings: ctx.newFindings,
  });
}

async function countOutcome(
  deps: JobDeps,
  message: JobMessage,
  outcome: { status: 'done' | 'failed'; checked: number; findings: number; newFindings: number },
): Promise<void> {
  const progress = await deps.monitoring.countOutcome(message.job, message.runId, message, outcome, deps.now());
  if (progress === 'duplicate' || progress === 'superseded') {
    deps.logger.info('monitoring check not counted', { ...message, reason: progress });
    return;
  }
  await finishIfComplete(deps, message.job, message.runId, progress);
}

/**
 * Finishes the run once every queued check ended (done + failed = total): `done`, or `failed` when any
 * check failed. Exactly one caller finishes it (the status record changes only while `running`). A run
 * with no failure then drops the job's results on connections it did not check (no longer live): the
 * console never shows a stale finding as open, and a connection whose check failed keeps its last result.
 */
export async function finishIfComplete(deps: JobDeps, job: MonitoringJob, runId: string, progress: RunProgress): Promise<void> {
  if (progress.total === undefined || progress.done + progress.failed < progress.total) return;
  const failed = progress.failed > 0;
  const finished = await deps.monitoring.finishRun(job, runId, {
    status: failed ? 'failed' : 'done',
    finishedAt: deps.now().toISOString(),
    ...(failed
      ? {
          error: `${progress.failed} check${progress.failed === 1 ? '' : 's'} could not be made after ${MONITORING_FANOUT.maxAttempts} attempts; see the error log lines.`,
        }
      : {}),
  });
  if (!finished) return;
  const log = deps.logger.child({ job, runId });
  if (failed) {
    log.error('monitoring job failed', { ...progress });
    return;
  }
  log.info('monitoring job done', { ...progress });
  if (!CHECKS[job].dropsUnchecked) return;
  try {
    for await (const page of deps.monitoring.healthPages()) {
      for (const health of page) {
        const section = health.sections[job];
        if (section && section.runId !== runId) await deps.monitoring.removeSection(health.tenantId, health.connectionId, job);
      }
    }
  } catch (error) {
    // The next complete run drops them instead.
    log.error('stale monitoring results could not be dropped', { error });
  }
}
