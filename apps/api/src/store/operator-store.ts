import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './dynamo-errors.ts';
import type { DynamoConnection } from './table.ts';

/** A sign-in that has been sent to managed login and not come back yet. */
export interface StoredLoginAttempt {
  /** SHA-256 of the `state` parameter. */
  stateHash: string;
  /** SHA-256 of the random value in the browser's login cookie: the callback must come from that browser. */
  browserHash: string;
  nonce: string;
  codeVerifier: string;
  createdAt: string;
  expiresAt: string;
}

export interface StoredOperatorSession {
  idHash: string;
  kind: 'operator';
  sub: string;
  username: string;
  email: string | null;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

/** Persistence of operator login attempts and operator sessions. */
export interface OperatorStore {
  createLoginAttempt(attempt: StoredLoginAttempt): Promise<void>;
  /**
   * Deletes the attempt and returns it, only if it was started by the browser whose value hashes to
   * `browserHash`; otherwise it is left as it was and null comes back. A second call for the same state
   * returns null (no replay).
   */
  consumeLoginAttempt(stateHash: string, browserHash: string): Promise<StoredLoginAttempt | null>;
  createSession(session: StoredOperatorSession): Promise<void>;
  getSession(idHash: string): Promise<StoredOperatorSession | null>;
  deleteSession(idHash: string): Promise<void>;
}

// Key prefixes of their own: an IT admin's setup-session cookie can never resolve to an operator session.
const attemptKey = (stateHash: string) => ({ PK: `OPLOGIN#${stateHash}`, SK: 'OPLOGIN' });
const sessionKey = (idHash: string) => ({ PK: `OPSESSION#${idHash}`, SK: 'OPSESSION' });
const epochSeconds = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

export class DynamoOperatorStore implements OperatorStore {
  constructor(private readonly db: DynamoConnection) {}

  async createLoginAttempt(attempt: StoredLoginAttempt): Promise<void> {
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: { ...attemptKey(attempt.stateHash), type: 'loginAttempt', ttl: epochSeconds(attempt.expiresAt), ...attempt },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async consumeLoginAttempt(stateHash: string, browserHash: string): Promise<StoredLoginAttempt | null> {
    try {
      // The browser check is part of the delete's condition: a callback replayed from another browser
      // with a stolen state must not burn the attempt its rightful browser is about to complete.
      const result = await this.db.doc.send(
        new DeleteCommand({
          TableName: this.db.tableName,
          Key: attemptKey(stateHash),
          ConditionExpression: 'attribute_exists(PK) AND browserHash = :browser',
          ExpressionAttributeValues: { ':browser': browserHash },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const item = result.Attributes;
      if (!item) return null;
      return {
        stateHash,
        browserHash: String(item.browserHash),
        nonce: String(item.nonce),
        codeVerifier: String(item.codeVerifier),
        createdAt: String(item.createdAt),
        expiresAt: String(item.expiresAt),
      };
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async createSession(session: StoredOperatorSession): Promise<void> {
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: { ...sessionKey(session.idHash), type: 'operatorSession', ttl: epochSeconds(session.expiresAt), ...session },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async getSession(idHash: string): Promise<StoredOperatorSession | null> {
    const result = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: sessionKey(idHash), ConsistentRead: true }),
    );
    const item = result.Item;
    if (item?.kind !== 'operator') return null;
    return {
      idHash,
      kind: 'operator',
      sub: String(item.sub),
      username: String(item.username),
      email: typeof item.email === 'string' ? item.email : null,
      csrfToken: String(item.csrfToken),
      createdAt: String(item.createdAt),
      expiresAt: String(item.expiresAt),
    };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.doc.send(new DeleteCommand({ TableName: this.db.tableName, Key: sessionKey(idHash) }));
  }
}
