import { GatehouseError, type JobRun, MONITORING_JOBS, type MonitoringJob } from '@gatehouse/core';
import { dropUnchecked, type JobDeps, type JobRunContext, newRunContext } from './services/monitoring/context.ts';
import { detectDrift } from './services/monitoring/detect-drift.ts';
import { refreshMetadata } from './services/monitoring/refresh-metadata.ts';
import { verifyDomains } from './services/monitoring/verify-domains.ts';

export { MONITORING_JOBS, type MonitoringJob } from '@gatehouse/core';
export { FINDING_LOG_MESSAGE, type JobDeps } from './services/monitoring/context.ts';

/** What a run did: the stored last-run record (see jobRunSchema in core). */
export type JobResult = JobRun;

/** True when `name` is one of MONITORING_JOBS. */
export function isMonitoringJob(name: unknown): name is MonitoringJob {
  return typeof name === 'string' && (MONITORING_JOBS as readonly string[]).includes(name);
}

const RUNNERS: Record<MonitoringJob, { run: (ctx: JobRunContext) => Promise<void>; dropsUnchecked: boolean }> = {
  'refresh-metadata': { run: refreshMetadata, dropsUnchecked: true },
  'verify-domains': { run: verifyDomains, dropsUnchecked: false },
  'detect-drift': { run: detectDrift, dropsUnchecked: true },
};

/**
 * Runs one monitoring job and returns what it checked and found; the result is also stored as the job's
 * last run. Findings are not failures: a run that found problems resolves. It throws (so the scheduled
 * Lambda errors and the failed-job alarm fires) only when the job could not do its work: an unknown name
 * (VALIDATION_FAILED, a scheduling mistake), or checks that failed on Cognito or DynamoDB.
 */
export async function runJob(name: unknown, deps: JobDeps): Promise<JobResult> {
  if (!isMonitoringJob(name)) {
    throw new GatehouseError('VALIDATION_FAILED', `Unknown monitoring job ${JSON.stringify(name)}.`, {
      known: MONITORING_JOBS,
    });
  }
  const ctx = newRunContext(name, deps);
  const log = deps.logger.child({ job: name });
  const startedAt = ctx.now.toISOString();
  let failure: unknown;
  try {
    await RUNNERS[name].run(ctx);
    if (RUNNERS[name].dropsUnchecked && ctx.errors === 0) await dropUnchecked(ctx);
  } catch (error) {
    failure = error;
  }
  const failed = failure !== undefined || ctx.errors > 0;
  const result: JobResult = {
    job: name,
    startedAt,
    finishedAt: deps.now().toISOString(),
    status: failed ? 'failed' : 'done',
    checked: ctx.checked,
    findings: ctx.findings,
    newFindings: ctx.newFindings,
    errors: ctx.errors + (failure === undefined ? 0 : 1),
    ...(failed
      ? {
          error:
            failure instanceof Error
              ? failure.message
              : `${ctx.errors} check${ctx.errors === 1 ? '' : 's'} could not be made; see the error log lines.`,
        }
      : {}),
  };
  try {
    await deps.monitoring.putRun(result);
  } catch (error) {
    log.error('the job run could not be recorded', { error, result });
    failure ??= error;
  }
  if (failed || failure !== undefined) {
    log.error('monitoring job failed', { ...result, error: failure ?? result.error });
    throw new GatehouseError(
      'INTERNAL',
      `The monitoring job ${name} could not run completely: ${result.error ?? 'see the logs'}`,
      {
        result,
      },
    );
  }
  log.info('monitoring job done', { ...result });
  return result;
}
