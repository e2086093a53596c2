import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isGatehouseError } from '@gatehouse/core';
import { startSamlIdp } from '@gatehouse/test-idps';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { RUN_OVERRAN_LOG_MESSAGE, runJob } from '../src/jobs.ts';
import { InProcessQueue } from '../src/queue/in-process-queue.ts';
import { handleSqsBatch } from '../src/queue/sqs-worker.ts';
import type { JobMessage, JobQueue } from '../src/services/monitoring/queue.ts';
import { scheduleRun } from '../src/services/monitoring/scheduler.ts';
import { handleJobMessage } from '../src/services/monitoring/worker.ts';
import { createTenant } from '../src/services/tenants.ts';
import type { StoredConnection } from '../src/store/connection-store.ts';
import { approvedConnection, approvedRevision } from '../src/store/seed.ts';
import { createHarness, type Harness } from './harness.ts';

let metadataXml = '';
beforeAll(async () => {
  const idp = await startSamlIdp();
  metadataXml = idp.metadataXml();
  await idp.stop();
});

/** A queue that only records what the scheduler sends. */
function recordingQueue(): JobQueue & { sent: JobMessage[]; sends: number } {
  return {
    sent: [],
    sends: 0,
    async send(messages) {
      this.sends++;
      this.sent.push(...messages);
    },
  };
}

/**
 * Live connections stored as approval leaves them: SAML ones with the metadata file (refresh-metadata
 * checks them without the network) or a metadata URL, OIDC ones.
 */
async function liveConnections(
  h: Harness,
  count: number,
  options: { protocol?: 'saml' | 'oidc'; metadataUrl?: string; withRevision?: boolean; tenantName?: string } = {},
) {
  const tenant = await createTenant(h.deps.tenants, { name: options.tenantName ?? 'Acme' }, h.clock.now);
  const at = h.clock.now.toISOString();
  const protocol = options.protocol ?? 'saml';
  const created: StoredConnection[] = [];
  for (let i = 0; i < count; i++) {
    const connection = approvedConnection(tenant.id, `c${String(i).padStart(3, '0')}`, at, { protocol });
    await h.deps.connections.create(connection);
    if (options.withRevision !== false) {
      const saml = options.metadataUrl
        ? { metadataSource: 'url' as const, metadataUrl: options.metadataUrl }
        : { metadataSource: 'file' as const, metadataXml };
      await h.deps.connections.putRevision(approvedRevision(connection, at, saml));
    }
    created.push(connection);
  }
  return { tenant, connections: created };
}

/** A metadata URL whose server accepts the request and never answers. */
async function silentServer(): Promise<string> {
  const server: Server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metadata.xml`;
}

const harness = () => createHarness({ allowPrivateNetwork: true });

describe('scheduleRun', () => {
  it('queues one check per live connection, page by page, and records the total on the run', async () => {
    const h = await harness();
    const saml = await liveConnections(h, 7);
    const oidc = await liveConnections(h, 2, { protocol: 'oidc', tenantName: 'Globex' });
    await h.deps.connections.create({
      ...(saml.connections[0] as StoredConnection),
      id: 'not-live',
      providerName: 'gh-not-live',
      testProviderName: 'ghtest-not-live',
      activeRevision: null,
    });

    const queue = recordingQueue();
    const runId = await scheduleRun('detect-drift', h.deps, queue, { pageSize: 3 });
    const keys = queue.sent.map((m) => `${m.tenantId}/${m.connectionId}`);
    expect(keys.sort()).toEqual([...saml.connections, ...oidc.connections].map((c) => `${c.tenantId}/${c.id}`).sort());
    expect(new Set(keys).size).toBe(9);
    expect(queue.sent.every((m) => m.job === 'detect-drift' && m.runId === runId)).toBe(true);
    // Nine entries in pages of three: the index was read page by page, each page queued as it came.
    expect(queue.sends).toBeGreaterThanOrEqual(3);
    expect(await h.deps.monitoring.lastRun('detect-drift')).toMatchObject({
      status: 'running',
      progress: { total: 9, done: 0, failed: 0 },
    });
    expect((await h.deps.monitoring.lastRun('detect-drift'))?.finishedAt).toBeUndefined();

    // refresh-metadata checks SAML connections only.
    const metadataQueue = recordingQueue();
    await scheduleRun('refresh-metadata', h.deps, metadataQueue);
    expect(metadataQueue.sent).toHaveLength(7);
  });

  it('finishes a run with nothing to check at once', async () => {
    const h = await harness();
    await scheduleRun('detect-drift', h.deps, recordingQueue());
    expect(await h.deps.monitoring.lastRun('detect-drift')).toMatchObject({
      status: 'done',
      progress: { total: 0, done: 0, failed: 0 },
    });
  });

  it('reports a run that starts while the previous one is still running', async () => {
    const h = await harness();
    await liveConnections(h, 1);
    await scheduleRun('refresh-metadata', h.deps, recordingQueue());
    expect(h.logs.some((line) => line.includes(RUN_OVERRAN_LOG_MESSAGE))).toBe(false);
    await scheduleRun('refresh-metadata', h.deps, recordingQueue());
    const overran = h.logs.map((line) => JSON.parse(line)).filter((line) => line.msg === RUN_OVERRAN_LOG_MESSAGE);
    expect(overran).toHaveLength(1);
    expect(overran[0]).toMatchObject({ level: 'error', previous: { status: 'running' } });
  });

  it('records the run as failed when its checks cannot be queued', async () => {
    const h = await harness();
    await liveConnections(h, 2);
    const broken: JobQueue = {
      send: () => Promise.reject(new Error('queue unavailable')),
    };
    const error = await scheduleRun('refresh-metadata', h.deps, broken).catch((e: unknown) => e);
    expect(isGatehouseError(error) && error.code).toBe('INTERNAL');
    expect(await h.deps.monitoring.lastRun('refresh-metadata')).toMatchObject({ status: 'failed' });
  });
});

describe('handleJobMessage', () => {
  it('counts each check into the run’s one status record and finishes the run with the last one', async () => {
    const h = await harness();
    await liveConnections(h, 3);
    const queue = recordingQueue();
    await scheduleRun('refresh-metadata', h.deps, queue);
    const [first, ...rest] = queue.sent;
    if (!first) throw new Error('nothing queued');
    await handleJobMessage(h.deps, first, { attempt: 1, maxAttempts: 3 });
    expect(await h.deps.monitoring.lastRun('refresh-metadata')).toMatchObject({
      status: 'running',
      checked: 1,
      progress: { total: 3, done: 1, failed: 0 },
    });
    // Delivered again (SQS delivers at least once): counted once.
    await handleJobMessage(h.deps, first, { attempt: 2, maxAttempts: 3 });
    expect((await h.deps.monitoring.lastRun('refresh-metadata'))?.progress?.done).toBe(1);

    await Promise.all(rest.map((message) => handleJobMessage(h.deps, message, { attempt: 1, maxAttempts: 3 })));
    const run = await h.deps.monitoring.lastRun('refresh-metadata');
    expect(run).toMatchObject({ status: 'done', checked: 3, errors: 0, progress: { total: 3, done: 3, failed: 0 } });
    expect(run?.finishedAt).toEqual(h.clock.now.toISOString());
  });

  it('gives a check its time limit, counts it failed only on its last delivery, and fails the run', async () => {
    const h = await harness();
    await liveConnections(h, 1, { metadataUrl: await silentServer() });
    const queue = recordingQueue();
    await scheduleRun('refresh-metadata', h.deps, queue);
    const [message] = queue.sent;
    if (!message) throw new Error('nothing queued');

    const first = await handleJobMessage(h.deps, message, { attempt: 1, maxAttempts: 2 }, { itemTimeoutMs: 100 }).catch(
      (e: unknown) => e,
    );
    expect(isGatehouseError(first) && first.code).toBe('CHECK_TIMEOUT');
    expect(await h.deps.monitoring.lastRun('refresh-metadata')).toMatchObject({
      status: 'running',
      progress: { done: 0, failed: 0 },
    });

    const last = await handleJobMessage(h.deps, message, { attempt: 2, maxAttempts: 2 }, { itemTimeoutMs: 100 }).catch(
      (e: unknown) => e,
    );
    expect(isGatehouseError(last) && last.code).toBe('CHECK_TIMEOUT');
    expect(await h.deps.monitoring.lastRun('refresh-metadata')).toMatchObject({
      status: 'failed',
      errors: 1,
      progress: { total: 1, done: 0, failed: 1 },
    });
  });

  it('does not count a check of a run that was replaced into the new run', async () => {
    const h = await harness();
    await liveConnections(h, 1);
    const old = recordingQueue();
    await scheduleRun('refresh-metadata', h.deps, old);
    await scheduleRun('refresh-metadata', h.deps, recordingQueue());
    const [stale] = old.sent;
    if (!stale) throw new Error('nothing queued');
    await handleJobMessage(h.deps, stale, { attempt: 1, maxAttempts: 3 });
    expect(await h.deps.monitoring.lastRun('refresh-metadata')).toMatchObject({
      status: 'running',
      progress: { total: 1, done: 0, failed: 0 },
    });
  });
});

describe('runJob over the in-process queue', () => {
  it('retries a failing check, then keeps it as a dead letter and records the run as failed', async () => {
    const h = await harness();
    await liveConnections(h, 2);
    // Approved, but its approved revision is missing: the check cannot be made.
    await liveConnections(h, 1, { withRevision: false, tenantName: 'Broken' });
    const error = await runJob('refresh-metadata', h.deps, { retryDelayMs: 1 }).catch((e: unknown) => e);
    expect(isGatehouseError(error) && error.code).toBe('INTERNAL');
    expect(await h.deps.monitoring.lastRun('refresh-metadata')).toMatchObject({
      status: 'failed',
      checked: 2,
      errors: 1,
      progress: { total: 3, done: 2, failed: 1 },
    });
    const attempts = h.logs
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === 'monitoring check could not be made')
      .map((line) => [line.attempt, line.willRetry]);
    expect(attempts).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
  });
});

describe('InProcessQueue', () => {
  const options = { concurrency: 2, maxAttempts: 3, visibilityTimeoutMs: 5_000, retryDelayMs: 1 };

  it('never runs more handlers at once than its concurrency', async () => {
    let running = 0;
    let most = 0;
    const queue = new InProcessQueue<number>(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    }, options);
    await queue.send(Array.from({ length: 20 }, (_, i) => i));
    await queue.drained();
    expect(most).toBe(2);
    expect(queue.deadLetters).toEqual([]);
  });

  it('delivers a failed message again, and keeps it as a dead letter after its last delivery', async () => {
    const deliveries: Array<[string, number]> = [];
    const queue = new InProcessQueue<string>(async (message, delivery) => {
      deliveries.push([message, delivery.attempt]);
      if (message === 'bad' || delivery.attempt === 1) throw new Error('failed');
    }, options);
    await queue.send(['good', 'bad']);
    await queue.drained();
    expect(deliveries.filter(([m]) => m === 'good').map(([, a]) => a)).toEqual([1, 2]);
    expect(deliveries.filter(([m]) => m === 'bad').map(([, a]) => a)).toEqual([1, 2, 3]);
    expect(queue.deadLetters.map((dead) => dead.message)).toEqual(['bad']);
  });

  it('gives up on a delivery that outlasts its visibility timeout and delivers it again', async () => {
    const attempts: number[] = [];
    const queue = new InProcessQueue<string>(
      (_, delivery) => {
        attempts.push(delivery.attempt);
        return delivery.attempt === 1 ? new Promise(() => undefined) : Promise.resolve();
      },
      { ...options, visibilityTimeoutMs: 20 },
    );
    await queue.send(['stuck']);
    await queue.drained();
    expect(attempts).toEqual([1, 2]);
    expect(queue.deadLetters).toEqual([]);
  });
});

describe('handleSqsBatch', () => {
  it('reports only the messages that failed, and which delivery each was', async () => {
    const h = await harness();
    const seen: Array<[string, number]> = [];
    const message = (connectionId: string) => JSON.stringify({ job: 'detect-drift', runId: 'r1', tenantId: 't1', connectionId });
    const response = await handleSqsBatch(
      [
        { messageId: 'm1', body: message('ok'), attributes: { ApproximateReceiveCount: '1' } },
        { messageId: 'm2', body: message('fails'), attributes: { ApproximateReceiveCount: '3' } },
        { messageId: 'm3', body: '{"job":"reticulate-splines"}', attributes: { ApproximateReceiveCount: '1' } },
        { messageId: 'm4', body: 'not json', attributes: { ApproximateReceiveCount: '1' } },
      ],
      async (parsed, delivery) => {
        seen.push([parsed.connectionId, delivery.attempt]);
        if (parsed.connectionId === 'fails') throw new Error('failed');
      },
      { maxAttempts: 3, logger: h.deps.logger },
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }, { itemIdentifier: 'm4' }]);
    expect(seen).toEqual([
      ['ok', 1],
      ['fails', 3],
    ]);
  });
});
