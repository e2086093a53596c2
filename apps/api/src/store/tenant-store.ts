import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  GatehouseError,
  type GatehouseEvent,
  type SsoEnforcement,
  type Tenant,
  type TenantStatus,
  tenantSearchKey,
} from '@gatehouse/core';
import { isConditionFailure, transactionCancellationCodes } from './dynamo-errors.ts';
import { parseTenantItem } from './item-schemas.ts';
import { tenantFromItem, tenantKey } from './items.ts';
import { outboxWrites } from './outbox.ts';
import { type DynamoConnection, decodeCursor, encodeCursor, queryAll, TABLE_KEYS } from './table.ts';

export interface StoredSetupLink {
  id: string;
  tenantId: string;
  tokenHash: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string | undefined;
  /** The link that replaced this one, when it was revoked by issuing a newer link. */
  replacedBy?: string | undefined;
  createdBy: string;
}

export interface StoredSession {
  idHash: string;
  kind: 'setup';
  tenantId: string;
  linkId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface TenantPage {
  tenants: Tenant[];
  nextCursor: string | null;
}

export interface ListTenantsOptions {
  limit: number;
  cursor?: string | undefined;
  status?: TenantStatus | undefined;
  search?: string | undefined;
}

/** Persistence of tenants, their setup links and setup sessions. */
export interface TenantStore {
  createTenant(tenant: Tenant): Promise<void>;
  getTenant(id: string): Promise<Tenant | null>;
  /**
   * A page of tenants, always by a Query on an index: newest first (all, or of one status), or by name
   * when `search` is given (a prefix of tenantSearchKey(name)).
   */
  listTenants(options: ListTenantsOptions): Promise<TenantPage>;
  updateTenantStatus(id: string, status: TenantStatus, expectedVersion: number): Promise<Tenant>;
  /** Replaces the tenant's SSO enforcement setting if its version is still `expectedVersion`. */
  updateSsoEnforcement(id: string, setting: SsoEnforcement, expectedVersion: number): Promise<Tenant>;
  /**
   * Stores a new active link and, in the same transaction, revokes the tenant's previous one and marks
   * it replaced. The previous token stays findable until its item expires, so whoever opens it can be
   * told it was replaced; the revoked link cannot start a session.
   */
  issueSetupLink(link: StoredSetupLink, expectedTenantVersion: number): Promise<{ revokedLinkId: string | null }>;
  revokeSetupLink(tenantId: string, linkId: string, revokedAt: string): Promise<void>;
  getSetupLink(tenantId: string, linkId: string): Promise<StoredSetupLink | null>;
  listSetupLinks(tenantId: string): Promise<StoredSetupLink[]>;
  /**
   * The link a token hash belongs to, with its tenant: two round trips, the token item, then the link
   * and the tenant at once.
   */
  findSetupLinkWithTenant(tokenHash: string): Promise<{ link: StoredSetupLink; tenant: Tenant | null } | null>;
  createSession(session: StoredSession): Promise<void>;
  /**
   * Stores a session only while its link stands (not revoked, not deleted), checked in the same
   * transaction; false, and nothing stored, when it does not.
   */
  createSessionWhileLinkActive(session: StoredSession): Promise<boolean>;
  getSession(idHash: string): Promise<StoredSession | null>;
  deleteSession(idHash: string): Promise<void>;
  /**
   * Deletes everything stored under the tenant: its setup links with their tokens and sessions, then every
   * item of its partition (connections, revisions, domain claims, counters), the tenant item last. Items
   * kept elsewhere (domain owners, audit entries) are not touched. Safe to repeat; returns how many
   * items it deleted. The tenant item's deletion writes `events` to the outbox in the same transaction,
   * so they are written once, by the run that finishes the purge.
   */
  purgeTenant(id: string, events?: readonly GatehouseEvent[]): Promise<number>;
}

const linkKey = (tenantId: string, linkId: string) => ({ PK: `TENANT#${tenantId}`, SK: `LINK#${linkId}` });
const tokenKey = (tokenHash: string) => ({ PK: `SETUPTOKEN#${tokenHash}`, SK: 'SETUPTOKEN' });
const sessionKey = (idHash: string) => ({ PK: `SESSION#${idHash}`, SK: 'SESSION' });
const epochSeconds = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

const sessionItem = (session: StoredSession) => ({
  ...sessionKey(session.idHash),
  type: 'session',
  GSI1PK: `LINKSESSIONS#${session.linkId}`,
  GSI1SK: session.createdAt,
  ttl: epochSeconds(session.expiresAt),
  ...session,
});

const toLink = (item: Record<string, unknown>): StoredSetupLink => ({
  id: String(item.id),
  tenantId: String(item.tenantId),
  tokenHash: String(item.tokenHash),
  createdAt: String(item.createdAt),
  expiresAt: String(item.expiresAt),
  revokedAt: typeof item.revokedAt === 'string' ? item.revokedAt : undefined,
  replacedBy: typeof item.replacedBy === 'string' ? item.replacedBy : undefined,
  createdBy: String(item.createdBy ?? 'unknown'),
});

/** Index keys of a tenant item: all tenants by creation, by status, and by search key. */
function tenantIndexKeys(tenant: Tenant) {
  const created = `${tenant.createdAt}#${tenant.id}`;
  return {
    GSI1PK: 'TENANTS',
    GSI1SK: created,
    GSI2PK: `TENANTS#${tenant.status}`,
    GSI2SK: created,
    GSI3PK: 'TENANTNAMES',
    GSI3SK: `${tenantSearchKey(tenant.name)}#${tenant.id}`,
  };
}

/** TenantStore on the single DynamoDB table. */
export class DynamoTenantStore implements TenantStore {
  constructor(private readonly db: DynamoConnection) {}

  async createTenant(tenant: Tenant): Promise<void> {
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: {
            ...tenantKey(tenant.id),
            type: 'tenant',
            ...tenantIndexKeys(tenant),
            ...tenant,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new GatehouseError('TENANT_ALREADY_EXISTS', `A tenant with id "${tenant.id}" already exists. Choose another id.`);
      }
      throw error;
    }
  }

  async getTenant(id: string): Promise<Tenant | null> {
    const result = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: tenantKey(id), ConsistentRead: true }),
    );
    return result.Item ? tenantFromItem(result.Item) : null;
  }

  async listTenants(options: ListTenantsOptions): Promise<TenantPage> {
    const search = options.search ? tenantSearchKey(options.search) : '';
    const plan = search
      ? {
          index: TABLE_KEYS.gsi3,
          condition: '#pk = :pk AND begins_with(#sk, :prefix)',
          values: { ':pk': 'TENANTNAMES', ':prefix': search } as Record<string, unknown>,
          forward: true,
        }
      : options.status
        ? { index: TABLE_KEYS.gsi2, condition: '#pk = :pk', values: { ':pk': `TENANTS#${options.status}` }, forward: false }
        : { index: TABLE_KEYS.gsi1, condition: '#pk = :pk', values: { ':pk': 'TENANTS' }, forward: false };
    // Only a name search with a status filter needs a filter; the prefix keeps what it reads small.
    const filterStatus = search && options.status ? options.status : undefined;
    const keyNames = ['PK', 'SK', plan.index.partitionKey, plan.index.sortKey];
    let startKey = decodeCursor(options.cursor, plan.index.name, keyNames);

    // One more than the page, to know whether another page follows; the cursor is the key of the page's
    // last tenant, so the next page starts right after it whatever the filter skipped.
    const items: Record<string, unknown>[] = [];
    do {
      const result = await this.db.doc.send(
        new QueryCommand({
          TableName: this.db.tableName,
          IndexName: plan.index.name,
          KeyConditionExpression: plan.condition,
          ExpressionAttributeNames: {
            '#pk': plan.index.partitionKey,
            ...(search ? { '#sk': plan.index.sortKey } : {}),
            ...(filterStatus ? { '#status': 'status' } : {}),
          },
          ExpressionAttributeValues: { ...plan.values, ...(filterStatus ? { ':status': filterStatus } : {}) },
          ...(filterStatus ? { FilterExpression: '#status = :status' } : {}),
          ScanIndexForward: plan.forward,
          Limit: filterStatus ? Math.max(50, options.limit + 1) : options.limit + 1 - items.length,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length <= options.limit);

    const page = items.slice(0, options.limit);
    const last = page.at(-1);
    const more = items.length > options.limit;
    return {
      tenants: page.map((item) => tenantFromItem(item)),
      nextCursor: more && last ? encodeCursor(plan.index.name, Object.fromEntries(keyNames.map((k) => [k, last[k]]))) : null,
    };
  }

  async updateTenantStatus(id: string, status: TenantStatus, expectedVersion: number): Promise<Tenant> {
    try {
      const result = await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: tenantKey(id),
          UpdateExpression: 'SET #status = :status, GSI2PK = :byStatus, version = version + :one',
          ConditionExpression: 'attribute_exists(PK) AND version = :expected',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':byStatus': `TENANTS#${status}`,
            ':one': 1,
            ':expected': expectedVersion,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return tenantFromItem(result.Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) throw await this.conflictOrMissing(id);
      throw error;
    }
  }

  async updateSsoEnforcement(id: string, setting: SsoEnforcement, expectedVersion: number): Promise<Tenant> {
    try {
      const result = await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: tenantKey(id),
          UpdateExpression: 'SET ssoEnforcement = :setting, version = version + :one',
          ConditionExpression: 'attribute_exists(PK) AND version = :expected',
          ExpressionAttributeValues: {
            ':setting': { enforced: setting.enforced, itAdminMayChange: setting.itAdminMayChange },
            ':one': 1,
            ':expected': expectedVersion,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return tenantFromItem(result.Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) throw await this.conflictOrMissing(id);
      throw error;
    }
  }

  async issueSetupLink(link: StoredSetupLink, expectedTenantVersion: number): Promise<{ revokedLinkId: string | null }> {
    const tenant = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: tenantKey(link.tenantId), ConsistentRead: true }),
    );
    const item = tenant.Item ? parseTenantItem(tenant.Item) : undefined;
    if (!item) throw new GatehouseError('TENANT_NOT_FOUND', `There is no tenant "${link.tenantId}".`);
    const previous = item.activeLinkId ? await this.getSetupLink(link.tenantId, item.activeLinkId) : null;
    const revokePrevious = previous && !previous.revokedAt ? previous : null;

    try {
      await this.db.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.db.tableName,
                Key: tenantKey(link.tenantId),
                UpdateExpression: 'SET activeLinkId = :link, version = version + :one',
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':link': link.id, ':one': 1, ':expected': expectedTenantVersion },
              },
            },
            {
              Put: {
                TableName: this.db.tableName,
                Item: { ...linkKey(link.tenantId, link.id), type: 'setupLink', ...link },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.db.tableName,
                Item: {
                  ...tokenKey(link.tokenHash),
                  type: 'setupToken',
                  tenantId: link.tenantId,
                  linkId: link.id,
                  ttl: epochSeconds(link.expiresAt) + 86_400,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            ...(revokePrevious
              ? [
                  {
                    Update: {
                      TableName: this.db.tableName,
                      Key: linkKey(link.tenantId, revokePrevious.id),
                      UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now), replacedBy = :next',
                      ConditionExpression: 'attribute_exists(PK)',
                      ExpressionAttributeValues: { ':now': link.createdAt, ':next': link.id },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
    } catch (error) {
      const codes = transactionCancellationCodes(error);
      if (codes?.[0] === 'ConditionalCheckFailed') throw await this.conflictOrMissing(link.tenantId);
      if (codes) {
        throw new GatehouseError('VERSION_CONFLICT', 'The tenant’s setup links changed at the same time. Try again.');
      }
      throw error;
    }
    if (revokePrevious) await this.deleteSessionsOfLink(revokePrevious.id);
    return { revokedLinkId: revokePrevious?.id ?? null };
  }

  async revokeSetupLink(tenantId: string, linkId: string, revokedAt: string): Promise<void> {
    const link = await this.getSetupLink(tenantId, linkId);
    if (!link) throw new GatehouseError('SETUP_LINK_NOT_FOUND', `Tenant "${tenantId}" has no setup link "${linkId}".`);
    if (link.revokedAt) return;
    await this.db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.db.tableName,
              Key: linkKey(tenantId, linkId),
              UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':now': revokedAt },
            },
          },
          { Delete: { TableName: this.db.tableName, Key: tokenKey(link.tokenHash) } },
        ],
      }),
    );
    await this.deleteSessionsOfLink(linkId);
  }

  async getSetupLink(tenantId: string, linkId: string): Promise<StoredSetupLink | null> {
    const result = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: linkKey(tenantId, linkId), ConsistentRead: true }),
    );
    return result.Item ? toLink(result.Item) : null;
  }

  async listSetupLinks(tenantId: string): Promise<StoredSetupLink[]> {
    const result = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :link)',
        ConsistentRead: true,
        ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':link': 'LINK#' },
        ScanIndexForward: false,
      }),
    );
    return (result.Items ?? []).map(toLink);
  }

  async findSetupLinkWithTenant(tokenHash: string): Promise<{ link: StoredSetupLink; tenant: Tenant | null } | null> {
    const token = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: tokenKey(tokenHash), ConsistentRead: true }),
    );
    if (!token.Item) return null;
    const tenantId = String(token.Item.tenantId);
    const [link, tenant] = await Promise.all([this.getSetupLink(tenantId, String(token.Item.linkId)), this.getTenant(tenantId)]);
    // The token item is removed on revocation; the hash comparison guards against a stale pairing.
    return link && link.tokenHash === tokenHash ? { link, tenant } : null;
  }

  async createSession(session: StoredSession): Promise<void> {
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: sessionItem(session),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async createSessionWhileLinkActive(session: StoredSession): Promise<boolean> {
    try {
      await this.db.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.db.tableName,
                Key: linkKey(session.tenantId, session.linkId),
                ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
              },
            },
            {
              Put: {
                TableName: this.db.tableName,
                Item: sessionItem(session),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (transactionCancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async getSession(idHash: string): Promise<StoredSession | null> {
    const result = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: sessionKey(idHash), ConsistentRead: true }),
    );
    const item = result.Item;
    if (!item) return null;
    return {
      idHash,
      kind: 'setup',
      tenantId: String(item.tenantId),
      linkId: String(item.linkId),
      csrfToken: String(item.csrfToken),
      createdAt: String(item.createdAt),
      expiresAt: String(item.expiresAt),
    };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.doc.send(new DeleteCommand({ TableName: this.db.tableName, Key: sessionKey(idHash) }));
  }

  async purgeTenant(id: string, events: readonly GatehouseEvent[] = []): Promise<number> {
    let deleted = 0;
    const remove = async (key: { PK: unknown; SK: unknown }) => {
      await this.db.doc.send(new DeleteCommand({ TableName: this.db.tableName, Key: { PK: key.PK, SK: key.SK } }));
      deleted += 1;
    };
    // Access first: a link's token and sessions are found through the link item, so they go before it.
    for (const link of await this.listSetupLinks(id)) {
      await this.deleteSessionsOfLink(link.id);
      await remove(tokenKey(link.tokenHash));
    }
    const items = await queryAll(this.db, {
      KeyConditionExpression: 'PK = :pk',
      ConsistentRead: true,
      ProjectionExpression: 'PK, SK',
      ExpressionAttributeValues: { ':pk': `TENANT#${id}` },
    });
    // The tenant item goes last, so an interrupted purge still finds the tenant and can be repeated.
    for (const item of items.filter((item) => item.SK !== 'META')) await remove(item as { PK: string; SK: string });
    if (items.some((item) => item.SK === 'META')) {
      try {
        await this.db.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: this.db.tableName, Key: tenantKey(id), ConditionExpression: 'attribute_exists(PK)' } },
              ...outboxWrites(this.db.tableName, events),
            ],
          }),
        );
        deleted += 1;
      } catch (error) {
        // A purge running at the same time deleted it first, and wrote the events with it.
        if (transactionCancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
      }
    }
    return deleted;
  }

  private async deleteSessionsOfLink(linkId: string): Promise<void> {
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.db.doc.send(
        new QueryCommand({
          TableName: this.db.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `LINKSESSIONS#${linkId}` },
          ExclusiveStartKey: cursor,
        }),
      );
      await Promise.all(
        (page.Items ?? []).map((item) =>
          this.db.doc.send(new DeleteCommand({ TableName: this.db.tableName, Key: { PK: item.PK, SK: item.SK } })),
        ),
      );
      cursor = page.LastEvaluatedKey;
    } while (cursor);
  }

  private async conflictOrMissing(tenantId: string): Promise<GatehouseError> {
    const exists = await this.getTenant(tenantId);
    return exists
      ? new GatehouseError('VERSION_CONFLICT', 'Someone else changed this tenant at the same time. Reload and try again.', {
          currentVersion: exists.version,
        })
      : new GatehouseError('TENANT_NOT_FOUND', `There is no tenant "${tenantId}".`);
  }
}
