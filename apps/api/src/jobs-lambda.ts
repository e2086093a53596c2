import { SQSClient } from '@aws-sdk/client-sqs';
import { depsFromConfig } from './compose.ts';
import { loadConfig } from './env.ts';
import { requireMonitoringJob } from './jobs.ts';
import { createLogger } from './logger.ts';
import { SqsJobQueue } from './queue/sqs-job-queue.ts';
import { scheduleRun } from './services/monitoring/scheduler.ts';

const config = loadConfig();
if (!config.monitoring.queueUrl) throw new Error('MONITORING_QUEUE_URL must name the queue the monitoring checks go to.');
const deps = depsFromConfig(config, { logger: createLogger(config.logLevel).child({ component: 'jobs' }) });
const queue = new SqsJobQueue(new SQSClient({ region: config.region, maxAttempts: 3 }), config.monitoring.queueUrl);

/**
 * AWS Lambda entry point of the monitoring jobs' scheduler; EventBridge sends `{ "job": "<name>" }`. It
 * starts a run and queues one check per connection for the worker Lambda (jobs-worker-lambda.ts). It
 * throws, so the invocation errors and the failed-job alarm fires, only when it could not start the run
 * or queue its checks.
 */
export async function handler(event: { job?: unknown }): Promise<{ job: string; runId: string }> {
  const job = requireMonitoringJob(event?.job);
  return { job, runId: await scheduleRun(job, deps, queue) };
}
