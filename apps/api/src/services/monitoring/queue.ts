import { monitoringJobSchema } from '@gatehouse/core';
import { z } from 'zod';

/**
 * How the monitoring jobs fan out, as deployed: the CDK app sizes the queue and the worker Lambda from
 * these, the local runs use the same numbers, and the benchmark projects run times from them.
 */
export const MONITORING_FANOUT = {
  /** Worker Lambdas the queue may run at once (the event source's maximum concurrency). */
  workers: 10,
  /** Messages one worker invocation receives and checks at the same time. */
  batchSize: 5,
  /**
   * How long one connection's check may take (a metadata fetch may take 20 s by itself) before it
   * counts as failed and is retried.
   */
  itemTimeoutSeconds: 30,
  /** Deliveries of one message before it goes to the dead-letter queue: the first and two retries. */
  maxAttempts: 3,
} as const;

/** Checks in flight at once across the deployment: worker Lambdas times the messages each checks at once. */
export const MONITORING_CONCURRENCY = MONITORING_FANOUT.workers * MONITORING_FANOUT.batchSize;

/** One queued check: one job on one connection, for one run. */
export const jobMessageSchema = z.object({
  job: monitoringJobSchema,
  runId: z.string().min(1).max(64),
  tenantId: z.string().min(1).max(128),
  connectionId: z.string().min(1).max(128),
});
export type JobMessage = z.infer<typeof jobMessageSchema>;

/** Where the scheduler puts checks: SQS in AWS, an in-process queue locally and in tests. */
export interface JobQueue {
  /** Enqueues the messages; resolves once the queue holds every one of them. */
  send(messages: readonly JobMessage[]): Promise<void>;
}

/** Which delivery of a message this is: the worker counts a failure only on the last one. */
export interface Delivery {
  /** 1 for the first delivery. */
  attempt: number;
  maxAttempts: number;
}
