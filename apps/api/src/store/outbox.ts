import { type TransactWriteCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { GatehouseEvent } from '@gatehouse/core';
import { isConditionFailure } from './dynamo-errors.ts';
import { type DynamoConnection, queryAll } from './table.ts';

/**
 * The outbox: every event is an item written in the same TransactWriteItems as the change it reports,
 * so an event exists exactly when its change was committed. Something else publishes it later: the
 * stream consumer in AWS (DynamoDB Streams), the in-process drainer locally. A published item is kept
 * for a day (`ttl`), then DynamoDB deletes it.
 */
export interface OutboxStore {
  /** Events not published yet, oldest first, at most `limit`. */
  pending(limit: number): Promise<GatehouseEvent[]>;
  /** Marks events published (an event already marked, or gone, is skipped). */
  markPublished(events: GatehouseEvent[], now: Date): Promise<void>;
}

/** Writes spread over this many partitions, so a burst of changes does not make one hot key. */
export const OUTBOX_SHARDS = 4;
/** How long a published item stays readable before DynamoDB's TTL deletes it. */
const PUBLISHED_RETENTION_SECONDS = 24 * 3600;
export const OUTBOX_ITEM_TYPE = 'outbox-event';

function shardOf(eventId: string): number {
  let hash = 0;
  for (const char of eventId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % OUTBOX_SHARDS;
}

/** An event's outbox item key: its shard, then its time and id (oldest first within a shard). */
export const outboxKey = (event: GatehouseEvent) => ({
  PK: `OUTBOX#${shardOf(event.detail.eventId)}`,
  SK: `${event.detail.occurredAt}#${event.detail.eventId}`,
});

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The outbox items of `events`, to add to the TransactWriteItems of the change they report. Each is
 * conditional on not existing yet: an event id is written once.
 */
export function outboxWrites(tableName: string, events: readonly GatehouseEvent[]): TransactItem[] {
  return events.map((event) => ({
    Put: {
      TableName: tableName,
      Item: {
        ...outboxKey(event),
        type: OUTBOX_ITEM_TYPE,
        eventId: event.detail.eventId,
        detailType: event['detail-type'],
        event,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  }));
}

/** The event an outbox item holds (the image a stream record carries, unmarshalled), or null when it is not one. */
export function eventFromOutboxItem(item: Record<string, unknown> | undefined): GatehouseEvent | null {
  if (item?.type !== OUTBOX_ITEM_TYPE || typeof item.event !== 'object' || item.event === null) return null;
  return item.event as GatehouseEvent;
}

/** OutboxStore on the single DynamoDB table. */
export class DynamoOutboxStore implements OutboxStore {
  constructor(private readonly db: DynamoConnection) {}

  async pending(limit: number): Promise<GatehouseEvent[]> {
    const shards = await Promise.all(
      Array.from({ length: OUTBOX_SHARDS }, (_, shard) =>
        queryAll(this.db, {
          KeyConditionExpression: 'PK = :pk',
          FilterExpression: 'attribute_not_exists(publishedAt)',
          ExpressionAttributeValues: { ':pk': `OUTBOX#${shard}` },
          ConsistentRead: true,
        }),
      ),
    );
    return shards
      .flat()
      .sort((a, b) => String(a.SK).localeCompare(String(b.SK)))
      .slice(0, limit)
      .flatMap((item) => eventFromOutboxItem(item) ?? []);
  }

  async markPublished(events: GatehouseEvent[], now: Date): Promise<void> {
    for (const event of events) {
      try {
        await this.db.doc.send(
          new UpdateCommand({
            TableName: this.db.tableName,
            Key: outboxKey(event),
            UpdateExpression: 'SET publishedAt = :now, #ttl = :ttl',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(publishedAt)',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':now': now.toISOString(),
              ':ttl': Math.ceil(now.getTime() / 1000) + PUBLISHED_RETENTION_SECONDS,
            },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  }
}
