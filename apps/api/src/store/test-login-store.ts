import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { GatehouseError } from '@gatehouse/core';
import type { StoredTestResult } from './connection-store.ts';
import { isConditionFailure } from './dynamo-errors.ts';
import { type DynamoConnection, queryAll } from './table.ts';

/** One started test login: what the callback needs to finish it, bound to one session and connection. */
export interface StoredTestLoginAttempt {
  /** SHA-256 of the OAuth `state`; the state itself is only in the browser's URL. */
  stateHash: string;
  /** SHA-256 of the setup session's cookie (the session item's key): only that session may finish it. */
  sessionHash: string;
  tenantId: string;
  connectionId: string;
  nonce: string;
  /** The PKCE code verifier, sent to Cognito's token endpoint by the server. */
  codeVerifier: string;
  createdAt: string;
  expiresAt: string;
}

/** Persistence of test-login attempts (single use) and of each connection's last result. */
export interface TestLoginStore {
  createAttempt(attempt: StoredTestLoginAttempt): Promise<void>;
  /**
   * Deletes and returns the attempt with this state if it belongs to this session and tenant; null
   * otherwise. One delete decides, so two callbacks with the same state cannot both get it (no replay).
   */
  consumeAttempt(stateHash: string, sessionHash: string, tenantId: string): Promise<StoredTestLoginAttempt | null>;
  /**
   * Records a connection's last test result. Not an edit of its settings: no version bump, so a test
   * never makes an admin's save conflict.
   */
  recordResult(tenantId: string, connectionId: string, result: StoredTestResult): Promise<void>;
  /** Deletes a tenant's unfinished attempts (a deleted tenant's test login can never finish); safe to repeat. */
  deleteForTenant(tenantId: string): Promise<number>;
}

const attemptKey = (stateHash: string) => ({ PK: `TESTLOGIN#${stateHash}`, SK: 'TESTLOGIN' });

export class DynamoTestLoginStore implements TestLoginStore {
  constructor(private readonly db: DynamoConnection) {}

  async createAttempt(attempt: StoredTestLoginAttempt): Promise<void> {
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: {
          ...attemptKey(attempt.stateHash),
          type: 'test-login',
          // Indexed by tenant so that deleting a tenant finds its attempts without a scan.
          GSI1PK: `TESTLOGINS#${attempt.tenantId}`,
          GSI1SK: attempt.createdAt,
          ...attempt,
          ttl: Math.ceil(Date.parse(attempt.expiresAt) / 1000) + 3600,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async consumeAttempt(stateHash: string, sessionHash: string, tenantId: string): Promise<StoredTestLoginAttempt | null> {
    try {
      const result = await this.db.doc.send(
        new DeleteCommand({
          TableName: this.db.tableName,
          Key: attemptKey(stateHash),
          ConditionExpression: 'attribute_exists(PK) AND sessionHash = :session AND tenantId = :tenant',
          ExpressionAttributeValues: { ':session': sessionHash, ':tenant': tenantId },
          ReturnValues: 'ALL_OLD',
        }),
      );
      if (!result.Attributes) return null;
      const { PK: _pk, SK: _sk, type: _type, ttl: _ttl, GSI1PK: _g1, GSI1SK: _g1s, ...attempt } = result.Attributes;
      return attempt as StoredTestLoginAttempt;
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async recordResult(tenantId: string, connectionId: string, result: StoredTestResult): Promise<void> {
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: { PK: `TENANT#${tenantId}`, SK: `CONN#${connectionId}` },
          UpdateExpression: 'SET lastTest = :result',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':result': result },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new GatehouseError('NOT_FOUND', 'This connection no longer exists.');
      throw error;
    }
  }

  async deleteForTenant(tenantId: string): Promise<number> {
    const items = await queryAll(this.db, {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': `TESTLOGINS#${tenantId}` },
    });
    for (const item of items) {
      await this.db.doc.send(new DeleteCommand({ TableName: this.db.tableName, Key: { PK: item.PK, SK: item.SK } }));
    }
    return items.length;
  }
}
