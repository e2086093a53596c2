import type { Logger } from '../logger.ts';
import { type Delivery, type JobMessage, jobMessageSchema } from '../services/monitoring/queue.ts';

/** The fields of an SQS record the worker reads (the Lambda event source's shape). */
export interface SqsRecord {
  messageId: string;
  body: string;
  attributes: { ApproximateReceiveCount: string };
}

/** Partial batch response: only these messages are delivered again (ReportBatchItemFailures). */
export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/**
 * Hands every message of an SQS batch to `handle` at the same time (the batch size bounds how many one
 * invocation checks at once) and reports the ones that failed, so that SQS delivers only those again and,
 * after their last delivery, moves them to the dead-letter queue. A body that is not a check fails too:
 * it ends in the dead-letter queue, where the alarm shows it.
 */
export async function handleSqsBatch(
  records: readonly SqsRecord[],
  handle: (message: JobMessage, delivery: Delivery) => Promise<void>,
  options: { maxAttempts: number; logger: Logger },
): Promise<SqsBatchResponse> {
  const outcomes = await Promise.allSettled(
    records.map(async (record) => {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        body = undefined;
      }
      const parsed = jobMessageSchema.safeParse(body);
      if (!parsed.success) {
        options.logger.error('queued monitoring check is not one', { messageId: record.messageId });
        throw new Error('not a monitoring check');
      }
      const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
      await handle(parsed.data, { attempt, maxAttempts: options.maxAttempts });
    }),
  );
  return {
    batchItemFailures: records
      .filter((_, i) => outcomes[i]?.status === 'rejected')
      .map((record) => ({ itemIdentifier: record.messageId })),
  };
}
