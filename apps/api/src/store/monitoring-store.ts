import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type GatehouseEvent, type HealthFinding, type JobRun, MONITORING_JOBS, type MonitoringJob } from '@gatehouse/core';
import { isConditionFailure, transactionCancellationCodes } from './dynamo-errors.ts';
import { outboxWrites } from './outbox.ts';
import { type DynamoConnection, queryAll } from './table.ts';

/** What one job last found on one connection. */
export interface HealthSection {
  checkedAt: string;
  findings: HealthFinding[];
  /**
   * refresh-metadata only: per signing certificate (SHA-256 of its DER), the lowest expiry threshold
   * already reported, so each threshold raises one event even when a run in between could not read it.
   */
  certificateAlerts?: Record<string, number> | undefined;
}

/** The latest result of every job on one connection: one item, one attribute per job. */
export interface StoredHealth {
  tenantId: string;
  connectionId: string;
  displayName: string;
  sections: Partial<Record<MonitoringJob, HealthSection>>;
}

/** Where monitoring results live: per-connection health and each job's last run. */
export interface MonitoringStore {
  getHealth(tenantId: string, connectionId: string): Promise<StoredHealth | null>;
  /** Every connection's health in one tenant (for the tenant detail page). */
  listHealthForTenant(tenantId: string): Promise<StoredHealth[]>;
  /** Every connection's health (for the monitoring page and for clearing stale results). */
  listHealth(): Promise<StoredHealth[]>;
  /**
   * Replaces one job's section, leaving the other jobs' sections as they are. With `outbox`, it also
   * writes the events of the findings it opens and clears in the same transaction, on condition that
   * the section is still the one they were computed from (`replaces`: its `checkedAt`, null for none);
   * resolves to false, writing nothing, when another run replaced it first.
   */
  putSection(
    target: { tenantId: string; connectionId: string; displayName: string },
    job: MonitoringJob,
    section: HealthSection,
    outbox?: { events: readonly GatehouseEvent[]; replaces: string | null },
  ): Promise<boolean>;
  /** Drops one job's section (the connection is no longer live, so the job no longer checks it). */
  removeSection(tenantId: string, connectionId: string, job: MonitoringJob): Promise<void>;
  putRun(run: JobRun): Promise<void>;
  lastRun(job: MonitoringJob): Promise<JobRun | null>;
}

const healthKey = (tenantId: string, connectionId: string) => ({ PK: `TENANT#${tenantId}`, SK: `CONN#${connectionId}#HEALTH` });
const runKey = (job: MonitoringJob) => ({ PK: `JOB#${job}`, SK: 'LASTRUN' });
/** GSI1 partition of the health items: every monitored connection, for the monitoring page. */
const HEALTH_INDEX = 'CONNHEALTH';
/** Each job's section is its own top-level attribute, so two jobs writing at once never overwrite each other. */
const sectionAttribute = (job: MonitoringJob) => `health_${job.replace(/-/g, '_')}`;

function fromItem(item: Record<string, unknown>): StoredHealth {
  const sections: StoredHealth['sections'] = {};
  for (const job of MONITORING_JOBS) {
    const section = item[sectionAttribute(job)];
    if (section && typeof section === 'object') sections[job] = section as HealthSection;
  }
  return {
    tenantId: String(item.tenantId),
    connectionId: String(item.connectionId),
    displayName: String(item.displayName ?? ''),
    sections,
  };
}

/** MonitoringStore on the single DynamoDB table. */
export class DynamoMonitoringStore implements MonitoringStore {
  constructor(private readonly db: DynamoConnection) {}

  async getHealth(tenantId: string, connectionId: string): Promise<StoredHealth | null> {
    const result = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: healthKey(tenantId, connectionId), ConsistentRead: true }),
    );
    return result.Item ? fromItem(result.Item) : null;
  }

  async listHealthForTenant(tenantId: string): Promise<StoredHealth[]> {
    const items = await queryAll(this.db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :conn)',
      FilterExpression: '#type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':conn': 'CONN#', ':type': 'connection-health' },
    });
    return items.map(fromItem);
  }

  async listHealth(): Promise<StoredHealth[]> {
    const items = await queryAll(this.db, {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :health',
      ExpressionAttributeValues: { ':health': HEALTH_INDEX },
    });
    return items.map(fromItem);
  }

  async putSection(
    target: { tenantId: string; connectionId: string; displayName: string },
    job: MonitoringJob,
    section: HealthSection,
    outbox?: { events: readonly GatehouseEvent[]; replaces: string | null },
  ): Promise<boolean> {
    const update = {
      TableName: this.db.tableName,
      Key: healthKey(target.tenantId, target.connectionId),
      UpdateExpression:
        'SET #section = :section, #type = :type, tenantId = :tenant, connectionId = :conn, displayName = :name, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk',
      ExpressionAttributeNames: { '#section': sectionAttribute(job), '#type': 'type' },
      ExpressionAttributeValues: {
        ':section': section,
        ':type': 'connection-health',
        ':tenant': target.tenantId,
        ':conn': target.connectionId,
        ':name': target.displayName,
        ':gsi1pk': HEALTH_INDEX,
        ':gsi1sk': `${target.tenantId}#${target.connectionId}`,
      },
    };
    if (!outbox?.events.length) {
      await this.db.doc.send(new UpdateCommand(update));
      return true;
    }
    const { replaces } = outbox;
    const guarded = {
      ...update,
      ConditionExpression: replaces === null ? 'attribute_not_exists(#section)' : '#section.checkedAt = :replaces',
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...(replaces === null ? {} : { ':replaces': replaces }) },
    };
    try {
      await this.db.doc.send(
        new TransactWriteCommand({ TransactItems: [{ Update: guarded }, ...outboxWrites(this.db.tableName, outbox.events)] }),
      );
      return true;
    } catch (error) {
      if (transactionCancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async removeSection(tenantId: string, connectionId: string, job: MonitoringJob): Promise<void> {
    await this.db.doc
      .send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: healthKey(tenantId, connectionId),
          UpdateExpression: 'REMOVE #section',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#section': sectionAttribute(job) },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  async putRun(run: JobRun): Promise<void> {
    await this.db.doc.send(
      new PutCommand({ TableName: this.db.tableName, Item: { ...runKey(run.job), type: 'job-run', ...run } }),
    );
  }

  async lastRun(job: MonitoringJob): Promise<JobRun | null> {
    const result = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: runKey(job), ConsistentRead: true }),
    );
    if (!result.Item) return null;
    const { PK: _pk, SK: _sk, type: _type, ...run } = result.Item;
    return run as JobRun;
  }
}
