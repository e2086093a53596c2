import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { GatehouseError } from '@gatehouse/core';
import { LOCAL_DYNAMO_CREDENTIALS } from './item-reader.ts';

/**
 * One table for everything (single-table design). Keys:
 *   PK, SK          item identity (see docs/data-model.md for every item type)
 *   GSI1PK, GSI1SK  secondary access paths (tenant listings, sessions by setup link)
 *   GSI2PK, GSI2SK  tenants by status, newest first
 *   GSI3PK, GSI3SK  tenants by search key (name prefix)
 *   ttl             epoch seconds; DynamoDB deletes expired sessions and tokens by itself
 *   version         optimistic-locking counter on items that people edit
 * The CDK app in infra/ declares the same keys; a test compares the two.
 */
export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
  gsi1: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  gsi2: { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  gsi3: { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  ttlAttribute: 'ttl',
} as const;

export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'PK', AttributeType: 'S' },
      { AttributeName: 'SK', AttributeType: 'S' },
      { AttributeName: 'GSI1PK', AttributeType: 'S' },
      { AttributeName: 'GSI1SK', AttributeType: 'S' },
      { AttributeName: 'GSI2PK', AttributeType: 'S' },
      { AttributeName: 'GSI2SK', AttributeType: 'S' },
      { AttributeName: 'GSI3PK', AttributeType: 'S' },
      { AttributeName: 'GSI3SK', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [TABLE_KEYS.gsi1, TABLE_KEYS.gsi2, TABLE_KEYS.gsi3].map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

export interface DynamoConnection {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * Builds the DynamoDB clients. Against DynamoDB Local the endpoint is given and static dummy credentials
 * are used (DynamoDB Local ignores them but the SDK insists on having some).
 */
export function connectDynamo(options: { tableName: string; region: string; endpoint?: string | undefined }): DynamoConnection {
  const client = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: LOCAL_DYNAMO_CREDENTIALS } : {}),
    maxAttempts: 3,
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, doc, tableName: options.tableName };
}

/** Creates the table (and turns on TTL) when it does not exist yet; used by local runs and tests. */
export async function ensureTable(connection: DynamoConnection): Promise<void> {
  try {
    await connection.client.send(new DescribeTableCommand({ TableName: connection.tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await connection.client.send(new CreateTableCommand(tableDefinition(connection.tableName)));
  await connection.client.send(
    new UpdateTimeToLiveCommand({
      TableName: connection.tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttlAttribute, Enabled: true },
    }),
  );
}

/** The items a query matches, one DynamoDB page at a time, to the end. */
export async function* queryPages(
  db: DynamoConnection,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): AsyncGenerator<Record<string, unknown>[]> {
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(new QueryCommand({ ...input, TableName: db.tableName, ExclusiveStartKey: cursor }));
    yield page.Items ?? [];
    cursor = page.LastEvaluatedKey;
  } while (cursor);
}

/** Every item a query matches, following DynamoDB's pages to the end. */
export async function queryAll(
  db: DynamoConnection,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of queryPages(db, input)) items.push(...page);
  return items;
}

/** A page cursor: the listing's index name and the last key read, opaque to clients. */
export function encodeCursor(index: string, key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ i: index, k: key })).toString('base64url');
}

/** The start key in a cursor, checked to be exactly this listing's key (anything else would reach DynamoDB). */
export function decodeCursor(cursor: string | undefined, index: string, keyNames: string[]): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { i?: unknown; k?: unknown };
    const key = parsed.k as Record<string, unknown> | undefined;
    if (
      parsed.i === index &&
      key &&
      typeof key === 'object' &&
      Object.keys(key).length === keyNames.length &&
      keyNames.every((name) => typeof key[name] === 'string' && (key[name] as string).length <= 1024)
    ) {
      return key;
    }
  } catch {
    // fall through to the error below
  }
  throw new GatehouseError('VALIDATION_FAILED', 'The page cursor is not valid. Start again from the first page.');
}
