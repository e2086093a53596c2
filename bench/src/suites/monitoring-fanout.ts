import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  approvedConnection,
  approvedRevision,
  connectDynamo,
  createLogger,
  DynamoConnectionStore,
  DynamoTenantStore,
  depsFromConfig,
  ensureTable,
  MONITORING_CONCURRENCY,
  runJob,
  testConfig,
} from '@gatehouse/api';
import { startDynamoDbLocal } from '@gatehouse/dynamodb-local';
import { JOB_SCHEDULES } from '@gatehouse/infra';
import { startSamlIdp } from '@gatehouse/test-idps';
import { type Row, row } from '../report.ts';

/** The live connections seeded, and the number the projection is for. */
export const MONITORING_FANOUT_SEED = { connections: 10_000, perTenant: 10, projectedFor: 100_000 } as const;
/** How long the stand-in IdP takes to answer each metadata request. */
const METADATA_LATENCY_MS = 100;
const JOB = 'refresh-metadata';

const pad = (i: number) => String(i).padStart(5, '0');

/** Serves one metadata document on 127.0.0.1 after a fixed delay, as a remote IdP would. */
async function metadataServer(xml: string): Promise<{ url: (i: number) => string; close: () => Promise<void> }> {
  const server: Server = createServer((_, response) => {
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/samlmetadata+xml' });
      response.end(xml);
    }, METADATA_LATENCY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (i) => `http://127.0.0.1:${port}/idp-${pad(i)}/metadata.xml`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs `work` over 0..count-1 with at most `concurrency` at a time. */
async function bounded(count: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

/**
 * Seeds live SAML connections through the API's own stores, as approval leaves them: each tenant with
 * ten connections whose approved revision reads its metadata from a URL (and keeps the approved
 * document, which matches what the URL serves, so the run finds nothing).
 */
async function seed(endpoint: string, tableName: string, xml: string, url: (i: number) => string): Promise<void> {
  const db = connectDynamo({ tableName, region: 'us-east-1', endpoint });
  await ensureTable(db);
  const tenants = new DynamoTenantStore(db);
  const connections = new DynamoConnectionStore(db);
  const at = new Date().toISOString();
  const { connections: count, perTenant } = MONITORING_FANOUT_SEED;
  await bounded(count / perTenant, 16, async (t) => {
    const tenantId = `tenant-${pad(t)}`;
    await tenants.createTenant({ id: tenantId, name: `Customer ${t}`, status: 'active', createdAt: at, version: 0 });
    for (let c = 0; c < perTenant; c++) {
      const i = t * perTenant + c;
      const connection = approvedConnection(tenantId, `conn-${pad(i)}`, at, { displayName: `Customer ${t} SSO ${c}` });
      await connections.create(connection);
      await connections.putRevision(
        approvedRevision(connection, at, { metadataSource: 'url', metadataUrl: url(i), metadataXml: xml }),
      );
    }
  });
}

/**
 * The monitoring fan-out at 10,000 live connections: a whole refresh-metadata run (the scheduler reading
 * the live connections index, one queued check per connection, the workers fetching and analysing each
 * connection's metadata and writing its health and the run's counters) over the in-process queue at the
 * deployed concurrency, every metadata URL answered by a stand-in IdP on 127.0.0.1 after 100 ms. Against
 * the same 10,000 fetches made from a bare loop at the same concurrency; and the run projected to
 * 100,000 connections against the job's schedule.
 */
export async function monitoringFanoutSuite(_options: { seconds: number; rounds: number }): Promise<Row[]> {
  const idp = await startSamlIdp();
  const xml = idp.metadataXml();
  await idp.stop();
  const metadata = await metadataServer(xml);
  const dynamo = await startDynamoDbLocal();
  try {
    const tableName = 'bench-monitoring';
    await seed(dynamo.endpoint, tableName, xml, metadata.url);
    const deps = depsFromConfig(
      testConfig({ tableName, region: 'us-east-1', dynamoEndpoint: dynamo.endpoint, allowPrivateNetwork: true }),
      { logger: createLogger('silent') },
    );
    const { connections: count, projectedFor } = MONITORING_FANOUT_SEED;

    let started = performance.now();
    await bounded(count, MONITORING_CONCURRENCY, (i) => deps.fetchUrl(metadata.url(i)));
    const bareSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    const result = await runJob(JOB, deps);
    const runSeconds = (performance.now() - started) / 1000;
    if (result.progress?.total !== count || result.progress.done !== count || result.findings !== 0) {
      throw new Error(`The benchmark run did not check every connection cleanly: ${JSON.stringify(result)}`);
    }

    const schedule = JOB_SCHEDULES[JOB].toSeconds();
    const suite = `Monitoring fan-out: ${JOB} over ${count.toLocaleString('en')} live connections (DynamoDB Local, ${MONITORING_CONCURRENCY} checks at once, IdP answering in ${METADATA_LATENCY_MS} ms)`;
    return [
      row({
        suite,
        metric: `whole run, ${count.toLocaleString('en')} connections`,
        baselineName: 'the same fetches from a bare loop',
        baseline: bareSeconds,
        value: runSeconds,
        unit: 's',
      }),
      row({
        suite,
        metric: `run projected to ${projectedFor.toLocaleString('en')} connections, against the job's schedule (every ${JOB_SCHEDULES[JOB].toHumanString()})`,
        baselineName: 'schedule interval',
        baseline: schedule,
        value: runSeconds * (projectedFor / count),
        unit: 's',
        target: '<= 1.0',
      }),
    ];
  } finally {
    await dynamo.stop();
    await metadata.close();
  }
}
