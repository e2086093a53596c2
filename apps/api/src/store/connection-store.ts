import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { GatehouseEvent, Protocol, WizardStep } from '@gatehouse/core';
import { GatehouseError } from '@gatehouse/core';
import type { ConnectionOperation, StoredConnection, StoredRevision } from './connection-types.ts';
import { isConditionFailure, transactionCancellationCodes } from './dynamo-errors.ts';
import { parseRevision } from './item-schemas.ts';
import {
  connectionFromItem,
  connectionIndexKeys,
  connectionKey,
  LIVE_CONNECTIONS_INDEX,
  liveIndexKeys,
  providerFromItem,
  providerItemsOf,
  providerKey,
  REVIEW_QUEUE_INDEX,
} from './items.ts';
import { outboxWrites } from './outbox.ts';
import { type DynamoConnection, queryAll, TABLE_KEYS } from './table.ts';

export type {
  ConnectionOperation,
  DraftSettings,
  StoredConnection,
  StoredFinding,
  StoredOidcSettings,
  StoredRevision,
  StoredSamlSettings,
  StoredTestResult,
} from './connection-types.ts';

/**
 * Persistence of a tenant's SSO connections. Every write is conditional on the version read. The
 * `events` of a save go to the outbox in the same transaction: written exactly when the save is.
 */
export interface ConnectionStore {
  create(connection: StoredConnection): Promise<void>;
  get(tenantId: string, id: string): Promise<StoredConnection | null>;
  list(tenantId: string): Promise<StoredConnection[]>;
  /** Replaces the connection if its stored version is still `expectedVersion`; returns the new state. */
  save(connection: StoredConnection, expectedVersion: number, events?: readonly GatehouseEvent[]): Promise<StoredConnection>;
  /**
   * Records the wizard step the admin is on. Not a change of settings: no version bump, so moving
   * between steps never makes another admin's save conflict.
   */
  setStep(tenantId: string, id: string, step: WizardStep): Promise<void>;
  /** Saves the connection and writes (or replaces) one of its revisions in the same transaction. */
  saveWithRevision(
    connection: StoredConnection,
    expectedVersion: number,
    revision: StoredRevision,
    events?: readonly GatehouseEvent[],
  ): Promise<StoredConnection>;
  getRevision(tenantId: string, connectionId: string, revision: number): Promise<StoredRevision | null>;
  /** Writes a revision on its own (state changes of revisions that are not the connection's current one). */
  putRevision(revision: StoredRevision): Promise<void>;
  /** Every revision of a connection, oldest first. */
  listRevisions(tenantId: string, connectionId: string): Promise<StoredRevision[]>;
  /** Saves the connection and writes several of its revisions, all in one transaction. */
  saveWithRevisions(
    connection: StoredConnection,
    expectedVersion: number,
    revisions: StoredRevision[],
    events?: readonly GatehouseEvent[],
  ): Promise<StoredConnection>;
  /**
   * Marks an operator change as running on a connection, in an item of its own (the connection item is
   * rewritten whole by every save). Refuses with CONNECTION_BUSY while another live mark exists.
   */
  beginOperation(tenantId: string, operation: Omit<ConnectionOperation, 'owner'>, now: Date): Promise<ConnectionOperation>;
  endOperation(tenantId: string, operation: ConnectionOperation): Promise<void>;
  /** The operator changes still running on a tenant's connections. */
  operationsInProgress(tenantId: string, now: Date): Promise<ConnectionOperation[]>;
  /**
   * Writes the index items of the connection's providers where they are missing (connections created
   * before the index existed); resolves to whether it wrote any. Idempotent.
   */
  ensureProviderIndex(connection: StoredConnection): Promise<boolean>;
  /** Deletes the index items of the connection's providers (tenant deletion, after the IdPs are gone). */
  deleteProviderIndex(connection: StoredConnection): Promise<void>;
  /**
   * One page of the live connections index (every connection with an approved revision, suspended or
   * not), in tenant and connection id order: what the monitoring jobs fan out over, without reading
   * tenants or the rest of the table. Index reads are eventually consistent: a connection activated a
   * moment ago joins the next run.
   */
  listLive(options: { limit: number; cursor?: Record<string, unknown> | undefined }): Promise<{
    connections: LiveConnectionRef[];
    cursor: Record<string, unknown> | undefined;
  }>;
  /**
   * Puts a live connection saved before the live connections index existed into it; resolves to whether
   * it wrote anything. Idempotent; a connection that is not live, or is indexed already, is left alone.
   */
  ensureLiveIndex(connection: StoredConnection): Promise<boolean>;
  /**
   * The review queue: every connection with a submitted revision, in tenant and connection id order.
   * The queue holds what operators have yet to decide, so it is read whole; index reads are eventually
   * consistent.
   */
  listAwaitingReview(): Promise<Array<{ tenantId: string; connectionId: string }>>;
  /**
   * Puts a connection submitted before the review queue existed into it; resolves to whether it wrote
   * anything. Idempotent; a connection not waiting for review, or queued already, is left alone.
   */
  ensureReviewIndex(connection: StoredConnection): Promise<boolean>;
}

/** An entry of the live connections index. */
export interface LiveConnectionRef {
  tenantId: string;
  connectionId: string;
  protocol: Protocol;
}

const key = connectionKey;
const operationKey = (tenantId: string, id: string) => ({ PK: `TENANT#${tenantId}`, SK: `CONNOP#${id}` });
const revisionKey = (tenantId: string, id: string, revision: number) => ({
  PK: `TENANT#${tenantId}`,
  SK: `CONN#${id}#REV#${String(revision).padStart(6, '0')}`,
});

function revisionFromItem(item: Record<string, unknown>): StoredRevision {
  const { PK: _pk, SK: _sk, type: _type, ...rest } = item;
  return parseRevision(rest);
}

export class DynamoConnectionStore implements ConnectionStore {
  constructor(private readonly db: DynamoConnection) {}

  async create(connection: StoredConnection): Promise<void> {
    // The connection and the index items of its two providers, together: the token trigger must find the
    // tenant of every provider that can exist in Cognito, and a provider name is never taken over.
    await this.db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.db.tableName,
              Item: {
                ...key(connection.tenantId, connection.id),
                type: 'connection',
                ...connection,
                ...connectionIndexKeys(connection),
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...providerItemsOf(connection).map((item) => ({
            Put: {
              TableName: this.db.tableName,
              Item: { ...providerKey(item.providerName), type: 'provider', ...item },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          })),
        ],
      }),
    );
  }

  async ensureProviderIndex(connection: StoredConnection): Promise<boolean> {
    let written = false;
    for (const item of providerItemsOf(connection)) {
      try {
        await this.db.doc.send(
          new PutCommand({
            TableName: this.db.tableName,
            Item: { ...providerKey(item.providerName), type: 'provider', ...item },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        written = true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const existing = providerFromItem(
          (
            await this.db.doc.send(
              new GetCommand({ TableName: this.db.tableName, Key: providerKey(item.providerName), ConsistentRead: true }),
            )
          ).Item,
        );
        if (existing?.tenantId !== item.tenantId || existing.connectionId !== item.connectionId) {
          throw new GatehouseError('INTERNAL', `The provider name ${item.providerName} is indexed for another connection.`);
        }
      }
    }
    return written;
  }

  async deleteProviderIndex(connection: StoredConnection): Promise<void> {
    for (const item of providerItemsOf(connection)) {
      await this.db.doc.send(new DeleteCommand({ TableName: this.db.tableName, Key: providerKey(item.providerName) }));
    }
  }

  async listLive(options: { limit: number; cursor?: Record<string, unknown> | undefined }) {
    const page = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :live',
        ExpressionAttributeValues: { ':live': LIVE_CONNECTIONS_INDEX },
        // The index entry holds the whole item (GSI1 projects everything); the jobs need only these.
        ProjectionExpression: 'tenantId, id, protocol',
        Limit: options.limit,
        ExclusiveStartKey: options.cursor,
      }),
    );
    return {
      connections: (page.Items ?? []).map((item) => ({
        tenantId: String(item.tenantId),
        connectionId: String(item.id),
        protocol: item.protocol as Protocol,
      })),
      cursor: page.LastEvaluatedKey,
    };
  }

  ensureLiveIndex(connection: StoredConnection): Promise<boolean> {
    const keys = liveIndexKeys(connection);
    if (!('GSI1PK' in keys)) return Promise.resolve(false);
    return this.addIndexKeys(connection, 'GSI1', [keys.GSI1PK, keys.GSI1SK], {
      condition: 'attribute_type(activeRevision, :state)',
      state: 'N',
    });
  }

  ensureReviewIndex(connection: StoredConnection): Promise<boolean> {
    const { GSI2PK, GSI2SK } = connectionIndexKeys(connection);
    if (!GSI2PK || !GSI2SK) return Promise.resolve(false);
    return this.addIndexKeys(connection, 'GSI2', [GSI2PK, GSI2SK], { condition: 'draftState = :state', state: 'submitted' });
  }

  /**
   * Sets one index's keys on a connection item saved without them, only as it is stored now: still in the
   * state the index holds (`when`) and not indexed yet (a save in between wrote the keys itself).
   */
  private async addIndexKeys(
    connection: StoredConnection,
    index: 'GSI1' | 'GSI2',
    [pk, sk]: [string, string],
    when: { condition: string; state: string },
  ): Promise<boolean> {
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: key(connection.tenantId, connection.id),
          UpdateExpression: `SET ${index}PK = :pk, ${index}SK = :sk`,
          ConditionExpression: `attribute_exists(PK) AND attribute_not_exists(${index}PK) AND ${when.condition}`,
          ExpressionAttributeValues: { ':pk': pk, ':sk': sk, ':state': when.state },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async listAwaitingReview(): Promise<Array<{ tenantId: string; connectionId: string }>> {
    const items = await queryAll(this.db, {
      IndexName: TABLE_KEYS.gsi2.name,
      KeyConditionExpression: 'GSI2PK = :queue',
      ExpressionAttributeValues: { ':queue': REVIEW_QUEUE_INDEX },
      ProjectionExpression: 'tenantId, id',
    });
    return items.map((item) => ({ tenantId: String(item.tenantId), connectionId: String(item.id) }));
  }

  async get(tenantId: string, id: string): Promise<StoredConnection | null> {
    const result = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: key(tenantId, id), ConsistentRead: true }),
    );
    return result.Item ? connectionFromItem(result.Item) : null;
  }

  async list(tenantId: string): Promise<StoredConnection[]> {
    const items = await queryAll(this.db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :conn)',
      ConsistentRead: true,
      FilterExpression: '#type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':conn': 'CONN#', ':type': 'connection' },
    });
    return items.map(connectionFromItem).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async save(
    connection: StoredConnection,
    expectedVersion: number,
    events: readonly GatehouseEvent[] = [],
  ): Promise<StoredConnection> {
    if (events.length > 0) return this.saveWithRevisions(connection, expectedVersion, [], events);
    const next = { ...connection, version: expectedVersion + 1 };
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: { ...key(connection.tenantId, connection.id), type: 'connection', ...next, ...connectionIndexKeys(next) },
          ConditionExpression: 'attribute_exists(PK) AND version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw await this.lostUpdate(connection);
      }
      throw error;
    }
    return next;
  }

  /** The error for a conditional write that lost: the connection is gone, or someone saved it first. */
  private async lostUpdate(connection: StoredConnection): Promise<GatehouseError> {
    const current = await this.get(connection.tenantId, connection.id);
    if (!current) return new GatehouseError('NOT_FOUND', 'This connection no longer exists.');
    return new GatehouseError(
      'VERSION_CONFLICT',
      'Someone else saved this connection while you were editing it. Reload to see their changes, then make yours again.',
      { currentVersion: current.version },
    );
  }

  async setStep(tenantId: string, id: string, step: WizardStep): Promise<void> {
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: key(tenantId, id),
          UpdateExpression: 'SET step = :step',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':step': step },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new GatehouseError('NOT_FOUND', 'This connection no longer exists.');
      throw error;
    }
  }

  saveWithRevision(
    connection: StoredConnection,
    expectedVersion: number,
    revision: StoredRevision,
    events: readonly GatehouseEvent[] = [],
  ): Promise<StoredConnection> {
    return this.saveWithRevisions(connection, expectedVersion, [revision], events);
  }

  async saveWithRevisions(
    connection: StoredConnection,
    expectedVersion: number,
    revisions: StoredRevision[],
    events: readonly GatehouseEvent[] = [],
  ): Promise<StoredConnection> {
    const next = { ...connection, version: expectedVersion + 1 };
    try {
      await this.db.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.db.tableName,
                Item: { ...key(connection.tenantId, connection.id), type: 'connection', ...next, ...connectionIndexKeys(next) },
                ConditionExpression: 'attribute_exists(PK) AND version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              },
            },
            ...revisions.map((revision) => ({
              Put: {
                TableName: this.db.tableName,
                Item: {
                  ...revisionKey(revision.tenantId, revision.connectionId, revision.revision),
                  type: 'revision',
                  ...revision,
                },
              },
            })),
            ...outboxWrites(this.db.tableName, events),
          ],
        }),
      );
    } catch (error) {
      if (transactionCancellationCodes(error)?.[0] === 'ConditionalCheckFailed') {
        throw await this.lostUpdate(connection);
      }
      throw error;
    }
    return next;
  }

  async getRevision(tenantId: string, connectionId: string, revision: number): Promise<StoredRevision | null> {
    const result = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: revisionKey(tenantId, connectionId, revision), ConsistentRead: true }),
    );
    return result.Item ? revisionFromItem(result.Item) : null;
  }

  async putRevision(revision: StoredRevision): Promise<void> {
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: { ...revisionKey(revision.tenantId, revision.connectionId, revision.revision), type: 'revision', ...revision },
      }),
    );
  }

  async listRevisions(tenantId: string, connectionId: string): Promise<StoredRevision[]> {
    const items = await queryAll(this.db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :rev)',
      ConsistentRead: true,
      ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':rev': `CONN#${connectionId}#REV#` },
    });
    return items.map(revisionFromItem);
  }

  async beginOperation(tenantId: string, operation: Omit<ConnectionOperation, 'owner'>, now: Date): Promise<ConnectionOperation> {
    const marked: ConnectionOperation = { ...operation, owner: randomUUID() };
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: {
            ...operationKey(tenantId, operation.connectionId),
            type: 'connection-operation',
            ...marked,
            ttl: Math.ceil(operation.until / 1000) + 3600,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR #until < :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now.getTime() },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const running = await this.db.doc.send(
        new GetCommand({
          TableName: this.db.tableName,
          Key: operationKey(tenantId, operation.connectionId),
          ConsistentRead: true,
        }),
      );
      throw new GatehouseError(
        'CONNECTION_BUSY',
        'Another change to this connection is still running. Wait a moment, reload, and try again.',
        { operation: running.Item?.operation },
      );
    }
    return marked;
  }

  async endOperation(tenantId: string, operation: ConnectionOperation): Promise<void> {
    try {
      await this.db.doc.send(
        new DeleteCommand({
          TableName: this.db.tableName,
          Key: operationKey(tenantId, operation.connectionId),
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': operation.owner },
        }),
      );
    } catch (error) {
      // Already gone, or taken over after this one went stale: not ours to remove.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async operationsInProgress(tenantId: string, now: Date): Promise<ConnectionOperation[]> {
    const items = await queryAll(this.db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :op)',
      ConsistentRead: true,
      ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':op': 'CONNOP#' },
    });
    return items
      .map((item) => ({
        connectionId: String(item.connectionId),
        operation: String(item.operation),
        owner: String(item.owner),
        until: Number(item.until),
      }))
      .filter((operation) => operation.until >= now.getTime());
  }
}
