import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type DomainClaimStatus, type DomainFailureReason, GatehouseError, type GatehouseEvent } from '@gatehouse/core';
import { isConditionFailure, transactionCancellationCodes } from './dynamo-errors.ts';
import { parseDomainClaim } from './item-schemas.ts';
import { domainOwnerKey, domainRouteFromItem } from './items.ts';
import { outboxWrites } from './outbox.ts';
import { type DynamoConnection, queryAll } from './table.ts';

/** One tenant's claim on one email domain. */
export interface StoredDomainClaim {
  tenantId: string;
  /** Normalised (lowercase, no trailing dot, punycode). */
  domain: string;
  /** The connection users of this domain are routed to once it is verified and the connection live. */
  connectionId: string;
  status: DomainClaimStatus;
  failure?: { reason: DomainFailureReason; at: string } | undefined;
  /** The exact TXT value the admin publishes; random per claim (see services/domains.ts). */
  challenge: string;
  createdAt: string;
  updatedAt: string;
  verifiedAt?: string | undefined;
  /** When DNS was last asked about this claim. */
  lastCheckedAt?: string | undefined;
  /** When a re-check of a verified domain first failed; cleared when a check passes. */
  failingSince?: string | undefined;
  /** When the latest check started: verification is refused again until a short cool-down has passed. */
  checkStartedAt?: string | undefined;
}

/**
 * The events of a change to a claim, given the claim as it was before it (the state the write is
 * conditional on). They go to the outbox in the write's transaction; when the claim's status changed
 * meanwhile, the write is made again over what is there now, with the events of that change.
 */
export type ClaimEvents = (before: StoredDomainClaim) => readonly GatehouseEvent[];

/** Persistence of email-domain claims and of the global owner item that makes a domain one tenant's. */
export interface DomainStore {
  /**
   * Stores a new pending claim and counts it against its connection, refusing past `maxPerConnection`
   * (DOMAIN_LIMIT_REACHED). Returns the tenant's existing claim instead when there already is one.
   */
  add(
    claim: StoredDomainClaim,
    maxPerConnection: number,
  ): Promise<{ created: true } | { created: false; existing: StoredDomainClaim }>;
  get(tenantId: string, domain: string): Promise<StoredDomainClaim | null>;
  listForTenant(tenantId: string): Promise<StoredDomainClaim[]>;
  listForConnection(tenantId: string, connectionId: string): Promise<StoredDomainClaim[]>;
  /**
   * The verified domains of one connection: the only domains that may ever be routed or become the IdP's
   * IdpIdentifiers.
   */
  listVerifiedDomains(tenantId: string, connectionId: string): Promise<string[]>;
  /** The tenant that holds a verified domain, or null. Never shown to another tenant. */
  ownerOf(domain: string): Promise<string | null>;
  /**
   * Every tenant's claim on one domain, whatever its status: what the operator's route lookup reads to
   * say that a domain is claimed but not verified yet. Never shown to a tenant.
   */
  listClaimsForDomain(domain: string): Promise<StoredDomainClaim[]>;
  /** Where a verified domain routes: its tenant and connection, or null (what discovery reads). */
  routeOf(domain: string): Promise<{ tenantId: string; connectionId: string } | null>;
  /** Every verified domain with its tenant, a page at a time: what the re-verification job walks. */
  listOwned(options: { limit: number; cursor?: Record<string, unknown> | undefined }): Promise<{
    owned: Array<{ domain: string; tenantId: string; connectionId: string }>;
    cursor: Record<string, unknown> | undefined;
  }>;
  /** Marks a check as started unless one started after `cutoff`; false means "too soon". */
  startCheck(claim: StoredDomainClaim, now: string, cutoff: string): Promise<boolean>;
  /**
   * Marks the claim verified and, in the same transaction, takes the domain's owner item, which only an
   * absent owner or the same tenant allows: of two tenants racing, exactly one wins. The loser gets
   * DOMAIN_ALREADY_CLAIMED.
   */
  markVerified(claim: StoredDomainClaim, now: string, events?: ClaimEvents): Promise<StoredDomainClaim>;
  /** Marks the claim failed and releases the owner item if this tenant held it. */
  markFailed(
    claim: StoredDomainClaim,
    reason: DomainFailureReason,
    now: string,
    events?: ClaimEvents,
  ): Promise<StoredDomainClaim>;
  /** Records a passing re-check, or a failing one still inside its grace period (status unchanged). */
  recordCheck(claim: StoredDomainClaim, now: string, failingSince: string | undefined): Promise<StoredDomainClaim>;
  /** Deletes the claim, uncounts it and releases the owner item if this tenant held it. */
  remove(claim: StoredDomainClaim, events?: ClaimEvents): Promise<void>;
}

const claimKey = (tenantId: string, domain: string) => ({ PK: `TENANT#${tenantId}`, SK: `DOMAIN#${domain}` });
const ownerKey = domainOwnerKey;
/** GSI1 partition of the owner items: every verified domain, for the re-verification job. */
const OWNERS_INDEX = 'DOMAINOWNERS';
/** GSI1 partition of one domain's claims, one per tenant: what the operator's route lookup reads. */
const claimsIndexKey = (tenantId: string, domain: string) => ({ GSI1PK: `DOMAINCLAIMS#${domain}`, GSI1SK: `TENANT#${tenantId}` });
const counterKey = (tenantId: string, connectionId: string) => ({ PK: `TENANT#${tenantId}`, SK: `CONNDOMAINS#${connectionId}` });

function fromItem(item: Record<string, unknown>): StoredDomainClaim {
  const { PK: _pk, SK: _sk, GSI1PK: _gsi1pk, GSI1SK: _gsi1sk, type: _type, ...rest } = item;
  return parseDomainClaim(rest);
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const claimGone = () => new GatehouseError('NOT_FOUND', 'This domain is no longer on your list. Reload the page.');
const isClaimGone = (error: unknown) => error instanceof GatehouseError && error.code === 'NOT_FOUND';

/**
 * A write that carries events is also conditional on the status they were decided from: two checks
 * racing must not both report the same change.
 */
const statusGuard = (events: ClaimEvents | undefined) => (events ? ' AND #status = :was' : '');
const statusGuardValue = (events: ClaimEvents | undefined, claim: StoredDomainClaim) => (events ? { ':was': claim.status } : {});

/** DomainStore on the single DynamoDB table. */
export class DynamoDomainStore implements DomainStore {
  constructor(private readonly db: DynamoConnection) {}

  async add(claim: StoredDomainClaim, maxPerConnection: number) {
    try {
      await this.db.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.db.tableName,
                Item: {
                  ...claimKey(claim.tenantId, claim.domain),
                  ...claimsIndexKey(claim.tenantId, claim.domain),
                  type: 'domain-claim',
                  ...claim,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              // The count lives in its own item: the connection item is rewritten whole on every save.
              Update: {
                TableName: this.db.tableName,
                Key: counterKey(claim.tenantId, claim.connectionId),
                UpdateExpression: 'SET #type = :type ADD #count :one',
                ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
                ExpressionAttributeNames: { '#type': 'type', '#count': 'count' },
                ExpressionAttributeValues: { ':type': 'domain-count', ':one': 1, ':max': maxPerConnection },
              },
            },
          ],
        }),
      );
      return { created: true } as const;
    } catch (error) {
      const codes = transactionCancellationCodes(error);
      if (codes?.[0] === 'ConditionalCheckFailed') {
        const existing = await this.get(claim.tenantId, claim.domain);
        if (existing) return { created: false, existing } as const;
      }
      if (codes?.[1] === 'ConditionalCheckFailed') {
        throw new GatehouseError(
          'DOMAIN_LIMIT_REACHED',
          `A connection can have at most ${maxPerConnection} email domains (Amazon Cognito's limit). Remove one before adding another.`,
          { max: maxPerConnection },
        );
      }
      throw error;
    }
  }

  async get(tenantId: string, domain: string): Promise<StoredDomainClaim | null> {
    const result = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: claimKey(tenantId, domain), ConsistentRead: true }),
    );
    return result.Item ? fromItem(result.Item) : null;
  }

  async listForTenant(tenantId: string): Promise<StoredDomainClaim[]> {
    const items = (
      await queryAll(this.db, {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':prefix': 'DOMAIN#' },
        ConsistentRead: true,
      })
    ).map(fromItem);
    return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.domain.localeCompare(b.domain));
  }

  async listForConnection(tenantId: string, connectionId: string): Promise<StoredDomainClaim[]> {
    return (await this.listForTenant(tenantId)).filter((claim) => claim.connectionId === connectionId);
  }

  async listVerifiedDomains(tenantId: string, connectionId: string): Promise<string[]> {
    const claims = await this.listForConnection(tenantId, connectionId);
    return claims.filter((claim) => claim.status === 'verified').map((claim) => claim.domain);
  }

  async ownerOf(domain: string): Promise<string | null> {
    const result = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: ownerKey(domain), ConsistentRead: true }),
    );
    return typeof result.Item?.tenantId === 'string' ? result.Item.tenantId : null;
  }

  async listClaimsForDomain(domain: string): Promise<StoredDomainClaim[]> {
    const items = await queryAll(this.db, {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :claims',
      ExpressionAttributeValues: { ':claims': `DOMAINCLAIMS#${domain}` },
    });
    return items.map(fromItem);
  }

  async routeOf(domain: string): Promise<{ tenantId: string; connectionId: string } | null> {
    const result = await this.db.doc.send(new GetCommand({ TableName: this.db.tableName, Key: ownerKey(domain) }));
    return domainRouteFromItem(result.Item);
  }

  async listOwned(options: { limit: number; cursor?: Record<string, unknown> | undefined }) {
    const page = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :owners',
        ExpressionAttributeValues: { ':owners': OWNERS_INDEX },
        Limit: options.limit,
        ExclusiveStartKey: options.cursor,
      }),
    );
    return {
      owned: (page.Items ?? []).map((item) => ({
        domain: String(item.domain),
        tenantId: String(item.tenantId),
        connectionId: String(item.connectionId),
      })),
      cursor: page.LastEvaluatedKey,
    };
  }

  async startCheck(claim: StoredDomainClaim, now: string, cutoff: string): Promise<boolean> {
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: claimKey(claim.tenantId, claim.domain),
          // Also (re)writes the claims-by-domain index keys, so a claim stored before that index existed
          // joins it the next time it is checked.
          UpdateExpression: 'SET checkStartedAt = :now, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk',
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(checkStartedAt) OR checkStartedAt <= :cutoff)',
          ExpressionAttributeValues: {
            ':now': now,
            ':cutoff': cutoff,
            ':gsi1pk': claimsIndexKey(claim.tenantId, claim.domain).GSI1PK,
            ':gsi1sk': claimsIndexKey(claim.tenantId, claim.domain).GSI1SK,
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (!(await this.get(claim.tenantId, claim.domain))) throw claimGone();
      return false;
    }
  }

  async markVerified(claim: StoredDomainClaim, now: string, events?: ClaimEvents): Promise<StoredDomainClaim> {
    const next: StoredDomainClaim = {
      ...claim,
      status: 'verified',
      failure: undefined,
      failingSince: undefined,
      verifiedAt: claim.status === 'verified' ? claim.verifiedAt : now,
      lastCheckedAt: now,
      updatedAt: now,
    };
    try {
      await this.db.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.db.tableName,
                Key: claimKey(claim.tenantId, claim.domain),
                UpdateExpression:
                  'SET #status = :verified, verifiedAt = :verifiedAt, lastCheckedAt = :now, updatedAt = :now REMOVE failure, failingSince',
                // The claim checked is the claim marked: not removed and re-added with a new challenge meanwhile.
                ConditionExpression: `attribute_exists(PK) AND challenge = :challenge${statusGuard(events)}`,
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':verified': 'verified',
                  ':verifiedAt': next.verifiedAt,
                  ':now': now,
                  ':challenge': claim.challenge,
                  ...statusGuardValue(events, claim),
                },
              },
            },
            {
              Put: {
                TableName: this.db.tableName,
                Item: {
                  ...ownerKey(claim.domain),
                  type: 'domain-owner',
                  GSI1PK: OWNERS_INDEX,
                  GSI1SK: claim.domain,
                  domain: claim.domain,
                  tenantId: claim.tenantId,
                  connectionId: claim.connectionId,
                  verifiedAt: next.verifiedAt,
                },
                ConditionExpression: 'attribute_not_exists(PK) OR tenantId = :tenant',
                ExpressionAttributeValues: { ':tenant': claim.tenantId },
              },
            },
            ...outboxWrites(this.db.tableName, events?.(claim) ?? []),
          ],
        }),
      );
    } catch (error) {
      const codes = transactionCancellationCodes(error);
      if (codes?.[0] === 'ConditionalCheckFailed') {
        const current = await this.statusChanged(claim, events);
        if (current) return this.markVerified(current, now, events);
        throw claimGone();
      }
      if (codes?.[1] === 'ConditionalCheckFailed') throw alreadyClaimed(claim.domain);
      throw error;
    }
    return next;
  }

  async markFailed(
    claim: StoredDomainClaim,
    reason: DomainFailureReason,
    now: string,
    events?: ClaimEvents,
  ): Promise<StoredDomainClaim> {
    const next: StoredDomainClaim = {
      ...claim,
      status: 'failed',
      failure: { reason, at: now },
      failingSince: undefined,
      lastCheckedAt: now,
      updatedAt: now,
    };
    const update: TransactItem = {
      Update: {
        TableName: this.db.tableName,
        Key: claimKey(claim.tenantId, claim.domain),
        UpdateExpression: 'SET #status = :failed, failure = :failure, lastCheckedAt = :now, updatedAt = :now REMOVE failingSince',
        ConditionExpression: `attribute_exists(PK) AND challenge = :challenge${statusGuard(events)}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':failure': next.failure,
          ':now': now,
          ':challenge': claim.challenge,
          ...statusGuardValue(events, claim),
        },
      },
    };
    try {
      await this.withOwnerReleased(claim, [update], events?.(claim) ?? []);
    } catch (error) {
      const current = isClaimGone(error) ? await this.statusChanged(claim, events) : null;
      if (!current) throw error;
      return this.markFailed(current, reason, now, events);
    }
    return next;
  }

  async recordCheck(claim: StoredDomainClaim, now: string, failingSince: string | undefined): Promise<StoredDomainClaim> {
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: claimKey(claim.tenantId, claim.domain),
          UpdateExpression: failingSince
            ? 'SET lastCheckedAt = :now, failingSince = :since'
            : 'SET lastCheckedAt = :now REMOVE failingSince',
          ConditionExpression: 'attribute_exists(PK) AND challenge = :challenge',
          ExpressionAttributeValues: {
            ':now': now,
            ':challenge': claim.challenge,
            ...(failingSince ? { ':since': failingSince } : {}),
          },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw claimGone();
      throw error;
    }
    return { ...claim, lastCheckedAt: now, failingSince };
  }

  async remove(claim: StoredDomainClaim, events?: ClaimEvents): Promise<void> {
    try {
      await this.removeOnce(claim, events);
    } catch (error) {
      const current = isClaimGone(error) ? await this.statusChanged(claim, events) : null;
      if (!current) throw error;
      await this.remove(current, events);
    }
  }

  private async removeOnce(claim: StoredDomainClaim, events: ClaimEvents | undefined): Promise<void> {
    await this.withOwnerReleased(
      claim,
      [
        {
          Delete: {
            TableName: this.db.tableName,
            Key: claimKey(claim.tenantId, claim.domain),
            ConditionExpression: `attribute_exists(PK)${statusGuard(events)}`,
            ...(events
              ? { ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: statusGuardValue(events, claim) }
              : {}),
          },
        },
        {
          Update: {
            TableName: this.db.tableName,
            Key: counterKey(claim.tenantId, claim.connectionId),
            UpdateExpression: 'ADD #count :minus',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: { ':minus': -1 },
          },
        },
      ],
      events?.(claim) ?? [],
    );
  }

  /**
   * The claim as it is now when a write carrying events lost its condition only because the claim's
   * status changed (same challenge), so the write is to be made again over it; null otherwise.
   */
  private async statusChanged(claim: StoredDomainClaim, events: ClaimEvents | undefined): Promise<StoredDomainClaim | null> {
    if (!events) return null;
    const current = await this.get(claim.tenantId, claim.domain);
    return current && current.challenge === claim.challenge && current.status !== claim.status ? current : null;
  }

  /**
   * Runs `writes` (the first one on the claim itself) together with deleting the domain's owner item when this tenant holds it,
   * so a domain is never left owned by a claim that is gone or failed, and the outbox items of `events`.
   * Retried once if the owner changed between the read and the write.
   */
  private async withOwnerReleased(
    claim: StoredDomainClaim,
    writes: TransactItem[],
    events: readonly GatehouseEvent[],
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const ours = (await this.ownerOf(claim.domain)) === claim.tenantId;
      const items: TransactItem[] = [
        ...writes,
        ...(ours
          ? [
              {
                Delete: {
                  TableName: this.db.tableName,
                  Key: ownerKey(claim.domain),
                  ConditionExpression: 'tenantId = :tenant',
                  ExpressionAttributeValues: { ':tenant': claim.tenantId },
                },
              },
            ]
          : []),
        ...outboxWrites(this.db.tableName, events),
      ];
      try {
        await this.db.doc.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        const codes = transactionCancellationCodes(error);
        if (codes?.[0] === 'ConditionalCheckFailed') throw claimGone();
        if (ours && codes?.[writes.length] === 'ConditionalCheckFailed' && attempt === 0) continue;
        throw error;
      }
    }
  }
}

/** The one refusal for a domain another organisation holds: it never says which one. */
export function alreadyClaimed(domain: string): GatehouseError {
  return new GatehouseError(
    'DOMAIN_ALREADY_CLAIMED',
    `${domain} is already verified by another organisation on this service, so it cannot be added here. If your organisation owns it, contact your service provider.`,
  );
}
