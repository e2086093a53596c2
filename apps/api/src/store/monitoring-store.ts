import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type GatehouseEvent, type HealthFinding, type JobRun, MONITORING_JOBS, type MonitoringJob } from '@gatehouse/core';
import { isConditionFailure, transactionCancellationCodes } from './dynamo-errors.ts';
import { outboxWrites } from './outbox.ts';
import { type DynamoConnection, queryAll, queryPages } from './table.ts';

/** What one job last found on one connection. */
export interface HealthSection {
  checkedAt: string;
  findings: HealthFinding[];
  /**
   * refresh-metadata only: per signing certificate (SHA-256 of its DER), the lowest expiry threshold
   * already reported, so each threshold raises one event even when a run in between could not read it.
   */
  certificateAlerts?: Record<string, number> | undefined;
  /** The run that wrote it: a finished run drops the sections of connections it no longer checks. */
  runId?: string | undefined;
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
  /** Every connection's health, one page of the index at a time (for sweeps that must not hold them all). */
  healthPages(): AsyncGenerator<StoredHealth[]>;
  /**
   * Starts a run: the job's one status record (`running`, every count at zero, no total yet) replaces
   * whatever run it held. Resolves to the run it replaced, if any.
   */
  startRun(run: { job: MonitoringJob; runId: string; startedAt: string }): Promise<StoredRun | null>;
  /** Sets how many checks the run enqueued; null when another run replaced it meanwhile. */
  setRunTotal(job: MonitoringJob, runId: string, total: number): Promise<RunProgress | null>;
  /**
   * Counts one connection's outcome into its run, once: a check delivered twice (a queue redelivers)
   * counts the first time only (`duplicate`), and one of a run that was since replaced not at all
   * (`superseded`). Otherwise resolves to the run's counts after this one, added atomically.
   */
  countOutcome(
    job: MonitoringJob,
    runId: string,
    target: { tenantId: string; connectionId: string },
    outcome: { status: 'done' | 'failed'; checked: number; findings: number; newFindings: number },
    at: Date,
  ): Promise<RunProgress | 'duplicate' | 'superseded'>;
  /**
   * Ends a running run (status, finishedAt, error); resolves to false when it is not running any more, or
   * was replaced, so exactly one caller finishes it.
   */
  finishRun(
    job: MonitoringJob,
    runId: string,
    end: { status: 'done' | 'failed'; finishedAt: string; error?: string | undefined },
  ): Promise<boolean>;
  /** The job's status record as the console shows it: the running run with its progress, or the last one. */
  lastRun(job: MonitoringJob): Promise<JobRun | null>;
}

/** A run's progress: how many checks it enqueued (undefined while enqueuing) and how many ended. */
export interface RunProgress {
  total: number | undefined;
  done: number;
  failed: number;
}

/** A job's status record as stored. */
export type StoredRun = JobRun & { runId: string };

const healthKey = (tenantId: string, connectionId: string) => ({ PK: `TENANT#${tenantId}`, SK: `CONN#${connectionId}#HEALTH` });
const runKey = (job: MonitoringJob) => ({ PK: `JOB#${job}`, SK: 'LASTRUN' });
/** The mark that one connection's outcome was counted into a run (kept a week, then TTL removes it). */
const countedKey = (runId: string, tenantId: string, connectionId: string) => ({
  PK: `JOBRUN#${runId}`,
  SK: `CONN#${tenantId}#${connectionId}`,
});
const COUNTED_TTL_SECONDS = 7 * 86_400;

function progressOf(item: Record<string, unknown>): RunProgress {
  return {
    total: typeof item.total === 'number' ? item.total : undefined,
    done: Number(item.done ?? 0),
    failed: Number(item.failed ?? 0),
  };
}

function runFromItem(item: Record<string, unknown>): StoredRun {
  const progress = progressOf(item);
  return {
    runId: String(item.runId ?? ''),
    job: item.job as MonitoringJob,
    startedAt: String(item.startedAt),
    ...(typeof item.finishedAt === 'string' ? { finishedAt: item.finishedAt } : {}),
    status: item.status as JobRun['status'],
    checked: Number(item.checked ?? 0),
    findings: Number(item.findings ?? 0),
    newFindings: Number(item.newFindings ?? 0),
    errors: Number(item.errors ?? 0),
    ...(typeof item.error === 'string' ? { error: item.error } : {}),
    // Runs recorded before the fan-out have no counts; they ran in one piece.
    ...(item.runId === undefined
      ? {}
      : { progress: { total: progress.total ?? null, done: progress.done, failed: progress.failed } }),
  };
}
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

  async *healthPages(): AsyncGenerator<StoredHealth[]> {
    const pages = queryPages(this.db, {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :health',
      ExpressionAttributeValues: { ':health': HEALTH_INDEX },
    });
    for await (const page of pages) yield page.map(fromItem);
  }

  async startRun(run: { job: MonitoringJob; runId: string; startedAt: string }): Promise<StoredRun | null> {
    const result = await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: {
          ...runKey(run.job),
          type: 'job-run',
          ...run,
          status: 'running',
          done: 0,
          failed: 0,
          checked: 0,
          findings: 0,
          newFindings: 0,
          errors: 0,
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return result.Attributes ? runFromItem(result.Attributes) : null;
  }

  async setRunTotal(job: MonitoringJob, runId: string, total: number): Promise<RunProgress | null> {
    try {
      const result = await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: runKey(job),
          UpdateExpression: 'SET #total = :total',
          ConditionExpression: 'runId = :run',
          ExpressionAttributeNames: { '#total': 'total' },
          ExpressionAttributeValues: { ':total': total, ':run': runId },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return progressOf(result.Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async countOutcome(
    job: MonitoringJob,
    runId: string,
    target: { tenantId: string; connectionId: string },
    outcome: { status: 'done' | 'failed'; checked: number; findings: number; newFindings: number },
    at: Date,
  ): Promise<RunProgress | 'duplicate' | 'superseded'> {
    // Two writes, not one transaction: every worker updates the same run item, and concurrent
    // transactions on one item cancel each other. The mark comes first, so a redelivered message never
    // counts twice; a crash between the two leaves the run short of its total, which the next run
    // reports as overrun.
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: {
            ...countedKey(runId, target.tenantId, target.connectionId),
            type: 'job-run-count',
            status: outcome.status,
            ttl: Math.floor(at.getTime() / 1000) + COUNTED_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error;
    }
    try {
      const result = await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: runKey(job),
          UpdateExpression: 'ADD #outcome :one, errors :errors, checked :checked, findings :findings, newFindings :fresh',
          ConditionExpression: 'runId = :run',
          ExpressionAttributeNames: { '#outcome': outcome.status },
          ExpressionAttributeValues: {
            ':one': 1,
            ':errors': outcome.status === 'failed' ? 1 : 0,
            ':checked': outcome.checked,
            ':findings': outcome.findings,
            ':fresh': outcome.newFindings,
            ':run': runId,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return progressOf(result.Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) return 'superseded';
      throw error;
    }
  }

  async finishRun(
    job: MonitoringJob,
    runId: string,
    end: { status: 'done' | 'failed'; finishedAt: string; error?: string | undefined },
  ): Promise<boolean> {
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: runKey(job),
          UpdateExpression: `SET #status = :status, finishedAt = :at${end.error === undefined ? '' : ', #error = :error'}`,
          ConditionExpression: 'runId = :run AND #status = :running',
          ExpressionAttributeNames: { '#status': 'status', ...(end.error === undefined ? {} : { '#error': 'error' }) },
          ExpressionAttributeValues: {
            ':status': end.status,
            ':at': end.finishedAt,
            ':run': runId,
            ':running': 'running',
            ...(end.error === undefined ? {} : { ':error': end.error }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async lastRun(job: MonitoringJob): Promise<JobRun | null> {
    const result = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: runKey(job), ConsistentRead: true }),
    );
    if (!result.Item) return null;
    const { runId: _runId, ...run } = runFromItem(result.Item);
    return run;
  }
}
