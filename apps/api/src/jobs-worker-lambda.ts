import { depsFromConfig } from './compose.ts';
import { loadConfig } from './env.ts';
import { createLogger } from './logger.ts';
import { handleSqsBatch, type SqsBatchResponse, type SqsRecord } from './queue/sqs-worker.ts';
import { MONITORING_FANOUT } from './services/monitoring/queue.ts';
import { handleJobMessage } from './services/monitoring/worker.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel).child({ component: 'jobs-worker' });
const deps = depsFromConfig(config, { logger });

/**
 * AWS Lambda entry point of the monitoring jobs' workers: the SQS event source hands over a batch of
 * checks (one connection each), checked at the same time; the failed ones are reported back for SQS to
 * retry and, after MONITORING_FANOUT.maxAttempts deliveries, to move to the dead-letter queue.
 */
export function handler(event: { Records?: SqsRecord[] }): Promise<SqsBatchResponse> {
  return handleSqsBatch(event.Records ?? [], (message, delivery) => handleJobMessage(deps, message, delivery), {
    maxAttempts: MONITORING_FANOUT.maxAttempts,
    logger,
  });
}
