import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { GatehouseError } from '@gatehouse/core';
import type { JobMessage, JobQueue } from '../services/monitoring/queue.ts';

/** SQS takes at most ten messages per SendMessageBatch. */
const SQS_BATCH = 10;
/** SendMessageBatch calls in flight at once for one send(). */
const PARALLEL_BATCHES = 10;
const ATTEMPTS = 3;

/** The monitoring jobs' queue in AWS: one SQS message per check, sent ten at a time. */
export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly JobMessage[]): Promise<void> {
    const batches: JobMessage[][] = [];
    for (let i = 0; i < messages.length; i += SQS_BATCH) batches.push(messages.slice(i, i + SQS_BATCH));
    for (let i = 0; i < batches.length; i += PARALLEL_BATCHES) {
      await Promise.all(batches.slice(i, i + PARALLEL_BATCHES).map((batch) => this.sendBatch(batch)));
    }
  }

  /** Sends one batch, sending again the entries SQS could not take (the SDK retries whole-call failures). */
  private async sendBatch(batch: JobMessage[]): Promise<void> {
    let entries: SendMessageBatchRequestEntry[] = batch.map((message, i) => ({
      Id: String(i),
      MessageBody: JSON.stringify(message),
    }));
    for (let attempt = 1; entries.length > 0; attempt++) {
      const result = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
      const failed = result.Failed ?? [];
      if (failed.length === 0) return;
      if (attempt >= ATTEMPTS || failed.some((entry) => entry.SenderFault)) {
        throw new GatehouseError('INTERNAL', `SQS refused ${failed.length} monitoring checks.`, {
          codes: failed.map((entry) => entry.Code),
        });
      }
      const retry = new Set(failed.map((entry) => entry.Id));
      entries = entries.filter((entry) => retry.has(entry.Id));
    }
  }
}
