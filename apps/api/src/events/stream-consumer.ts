import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { GatehouseEvent } from '@gatehouse/core';
import { eventFromOutboxItem, type OutboxStore } from '../store/outbox.ts';
import type { EventPublisher } from './publisher.ts';

/** The parts of a DynamoDB Streams record (NEW_IMAGE) the consumer reads. */
export interface OutboxStreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, AttributeValue>; SequenceNumber?: string };
}

/** Lambda's partial batch response: the records to deliver again (ReportBatchItemFailures). */
export interface StreamBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/**
 * Publishes the outbox items a DynamoDB Streams batch inserted, then marks them published. Records of
 * anything else (other items, the marking itself, TTL deletions) are skipped. An event the publisher
 * did not take is reported as a batch item failure, so Lambda delivers its record again (and, as
 * Lambda does, the records after it); after the retries, the event source mapping sends it to the
 * dead-letter queue. A failure to mark fails the whole batch: it is published again, at least once.
 */
export async function publishStreamBatch(
  deps: { outbox: OutboxStore; now: () => Date },
  publisher: EventPublisher,
  records: readonly OutboxStreamRecord[],
): Promise<StreamBatchResponse> {
  const pending: Array<{ sequence: string; event: GatehouseEvent }> = [];
  for (const record of records) {
    const image = record.dynamodb?.NewImage;
    const sequence = record.dynamodb?.SequenceNumber;
    if (record.eventName !== 'INSERT' || !image || !sequence) continue;
    const event = eventFromOutboxItem(unmarshall(image));
    if (event) pending.push({ sequence, event });
  }
  if (pending.length === 0) return { batchItemFailures: [] };
  let failed: readonly GatehouseEvent[];
  try {
    failed = (await publisher.publish(pending.map((entry) => entry.event))).failed;
  } catch {
    failed = pending.map((entry) => entry.event);
  }
  const failedIds = new Set(failed.map((event) => event.detail.eventId));
  await deps.outbox.markPublished(
    pending.filter((entry) => !failedIds.has(entry.event.detail.eventId)).map((entry) => entry.event),
    deps.now(),
  );
  return {
    batchItemFailures: pending
      .filter((entry) => failedIds.has(entry.event.detail.eventId))
      .map((entry) => ({ itemIdentifier: entry.sequence })),
  };
}
