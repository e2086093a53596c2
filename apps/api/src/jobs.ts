import { GatehouseError } from '@gatehouse/core';
import type { Logger } from './logger.ts';

/**
 * The monitoring jobs, by the name the scheduler and `gatehouse jobs run <name>` use:
 * - `refresh-metadata`: re-fetch SAML metadata URLs, flag changed or expiring certificates;
 * - `verify-domains`: re-check the TXT record of every verified email domain;
 * - `detect-drift`: compare each live Cognito IdP with its approved revision.
 */
export const MONITORING_JOBS = ['refresh-metadata', 'verify-domains', 'detect-drift'] as const;

export type MonitoringJob = (typeof MONITORING_JOBS)[number];

export interface JobResult {
  job: MonitoringJob;
  status: 'done' | 'not-implemented';
  message: string;
}

/** True when `name` is one of MONITORING_JOBS. */
export function isMonitoringJob(name: unknown): name is MonitoringJob {
  return typeof name === 'string' && (MONITORING_JOBS as readonly string[]).includes(name);
}

/**
 * Runs one monitoring job. None is built yet: each reports that plainly instead of pretending to have
 * checked anything. An unknown name is a scheduling mistake and fails loudly, so the failed-job alarm
 * fires instead of a schedule silently doing nothing.
 */
export async function runJob(name: unknown, logger: Logger): Promise<JobResult> {
  if (!isMonitoringJob(name)) {
    throw new GatehouseError('VALIDATION_FAILED', `Unknown monitoring job ${JSON.stringify(name)}.`, {
      known: MONITORING_JOBS,
    });
  }
  const result: JobResult = { job: name, status: 'not-implemented', message: 'no jobs yet: this job is not built' };
  logger.warn('monitoring job not implemented', { ...result });
  return result;
}
