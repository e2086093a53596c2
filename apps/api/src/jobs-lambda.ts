import { depsFromConfig } from './compose.ts';
import { loadConfig } from './env.ts';
import { type JobResult, runJob } from './jobs.ts';
import { createLogger } from './logger.ts';

const config = loadConfig();
const deps = depsFromConfig(config, { logger: createLogger(config.logLevel).child({ component: 'jobs' }) });

/**
 * AWS Lambda entry point for the scheduled monitoring jobs; EventBridge sends `{ "job": "<name>" }`.
 * A job that could not run throws, so the invocation errors and the failed-job alarm fires.
 */
export async function handler(event: { job?: unknown }): Promise<JobResult> {
  return runJob(event?.job, deps);
}
