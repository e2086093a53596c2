import { loadConfig } from './env.ts';
import { type JobResult, runJob } from './jobs.ts';
import { createLogger } from './logger.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel).child({ component: 'jobs' });

/** AWS Lambda entry point for the scheduled monitoring jobs; EventBridge sends `{ "job": "<name>" }`. */
export async function handler(event: { job?: unknown }): Promise<JobResult> {
  return runJob(event?.job, logger);
}
