import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { GatehouseError } from '@gatehouse/core';
import { isConditionFailure } from './dynamo-errors.ts';
import type { DynamoConnection } from './table.ts';

/** Runs `work` while holding a named lease, so two writers never interleave their read-modify-writes. */
export type WithLease = <T>(name: string, work: () => Promise<T>) => Promise<T>;

/**
 * A lease in the single table: a conditional put of `LEASE#<name>` that only succeeds when no live lease
 * exists, held for at most `holdMs` (a crashed holder blocks nobody for longer), released by its owner.
 * Cognito has no conditional UpdateUserPoolClient, so this is what keeps two concurrent app-client
 * changes from erasing each other.
 */
export function dynamoLeases(db: DynamoConnection, options: { holdMs?: number; waitMs?: number } = {}): WithLease {
  const holdMs = options.holdMs ?? 30_000;
  const waitMs = options.waitMs ?? 20_000;
  return async (name, work) => {
    const owner = randomUUID();
    const key = { PK: `LEASE#${name}`, SK: 'LEASE' };
    const deadline = Date.now() + waitMs;
    for (let attempt = 0; ; attempt++) {
      const now = Date.now();
      try {
        await db.doc.send(
          new PutCommand({
            TableName: db.tableName,
            Item: { ...key, type: 'lease', owner, until: now + holdMs, ttl: Math.ceil((now + holdMs) / 1000) + 60 },
            ConditionExpression: 'attribute_not_exists(PK) OR #until < :now',
            ExpressionAttributeNames: { '#until': 'until' },
            ExpressionAttributeValues: { ':now': now },
          }),
        );
        break;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        if (Date.now() > deadline) {
          throw new GatehouseError(
            'RATE_LIMITED',
            'Another change to the same app client is still running. Try again in a moment.',
          );
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random())));
      }
    }
    try {
      return await work();
    } finally {
      await db.doc
        .send(
          new DeleteCommand({
            TableName: db.tableName,
            Key: key,
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': owner },
          }),
        )
        .catch(() => undefined);
    }
  };
}
