import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, type AuditPage, auditEventSchema } from '@gatehouse/core';
import { StoredItemInvalid } from './item-schemas.ts';
import { type DynamoConnection, decodeCursor, encodeCursor, TABLE_KEYS } from './table.ts';

/**
 * The audit log: append and read, nothing else. There is deliberately no update or delete, and audit
 * items live under their own partition (`AUDIT#…`), so deleting a tenant's items never touches them.
 */
export interface AuditStore {
  append(event: AuditEvent): Promise<void>;
  /** One tenant's entries, newest first. */
  listForTenant(tenantId: string, options: { limit: number; cursor?: string | undefined }): Promise<AuditPage>;
  /** Every entry of every tenant, newest first. */
  listAll(options: { limit: number; cursor?: string | undefined }): Promise<AuditPage>;
}

const GLOBAL = '-';
const partition = (tenantId: string | null) => `AUDIT#${tenantId ?? GLOBAL}`;

function fromItem(item: Record<string, unknown>): AuditEvent {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, type: _type, ...rest } = item;
  const parsed = auditEventSchema.safeParse(rest);
  if (!parsed.success) {
    throw new StoredItemInvalid(
      'audit entry',
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}

export class DynamoAuditStore implements AuditStore {
  constructor(private readonly db: DynamoConnection) {}

  async append(event: AuditEvent): Promise<void> {
    const order = `${event.at}#${event.id}`;
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: { PK: partition(event.tenantId), SK: `EVT#${order}`, GSI1PK: 'AUDITLOG', GSI1SK: order, type: 'audit', ...event },
        // An id is never reused: an entry, once written, is never overwritten.
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async listForTenant(tenantId: string, options: { limit: number; cursor?: string | undefined }): Promise<AuditPage> {
    return this.page(
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :evt)',
        ExpressionAttributeValues: { ':pk': partition(tenantId), ':evt': 'EVT#' },
      },
      'table',
      ['PK', 'SK'],
      options,
    );
  }

  async listAll(options: { limit: number; cursor?: string | undefined }): Promise<AuditPage> {
    return this.page(
      {
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': 'AUDITLOG' },
      },
      TABLE_KEYS.gsi1.name,
      ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
      options,
    );
  }

  private async page(
    query: { IndexName?: string; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> },
    index: string,
    keyNames: string[],
    options: { limit: number; cursor?: string | undefined },
  ): Promise<AuditPage> {
    const result = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.tableName,
        ...query,
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: decodeCursor(options.cursor, index, keyNames),
      }),
    );
    const items = result.Items ?? [];
    const last = items.at(-1);
    return {
      events: items.map(fromItem),
      nextCursor:
        result.LastEvaluatedKey && last ? encodeCursor(index, Object.fromEntries(keyNames.map((k) => [k, last[k]]))) : null,
    };
  }
}
