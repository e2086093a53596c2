import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  approvedConnection,
  approvedRevision,
  connectDynamo,
  type DynamoConnection,
  DynamoConnectionStore,
  DynamoMonitoringStore,
  DynamoTenantStore,
  ensureTable,
} from '@gatehouse/api';
import { startDynamoDbLocal } from '@gatehouse/dynamodb-local';
import { startSamlIdp } from '@gatehouse/test-idps';
import { describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);

/** Imports a bundled entry in a fresh Node process, as Lambda would, and prints what the script returns. */
async function inFreshNode(script: string, env: Record<string, string> = {}) {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: inject('lambdaBundleDir'),
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'eu-west-1',
      PUBLIC_URL: 'https://sso.example.com',
      COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
      COGNITO_DOMAIN_URL: 'https://auth.example.com',
      COGNITO_TEST_CLIENT_ID: 'testclient',
      LOG_LEVEL: 'silent',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null');
}

/** One live SAML connection with its approved metadata file, as approval stores it. */
async function seedLiveSamlConnection(db: DynamoConnection) {
  const idp = await startSamlIdp();
  const metadataXml = idp.metadataXml();
  await idp.stop();
  const connections = new DynamoConnectionStore(db);
  const at = new Date().toISOString();
  await new DynamoTenantStore(db).createTenant({ id: 'acme', name: 'Acme', status: 'active', createdAt: at, version: 0 });
  const connection = approvedConnection('acme', 'c1', at, { displayName: 'Acme SSO' });
  await connections.create(connection);
  await connections.putRevision(approvedRevision(connection, at, { metadataSource: 'file', metadataXml }));
}

describe('Lambda bundle', () => {
  it('loads the API entry as ESM on plain Node with nothing from node_modules', async () => {
    const file = join(inject('lambdaBundleDir'), 'lambda.mjs');
    const result = await inFreshNode(
      `const m = await import(${JSON.stringify(file)}); console.log(JSON.stringify(typeof m.handler));`,
    );
    expect(result).toBe('function');
  });

  it('serves a request through the Lambda handler (API Gateway payload 2.0)', async () => {
    const file = join(inject('lambdaBundleDir'), 'lambda.mjs');
    const event = {
      version: '2.0',
      routeKey: 'ANY /v1/{proxy+}',
      rawPath: '/v1/health',
      rawQueryString: '',
      headers: { host: 'sso.example.com' },
      requestContext: { http: { method: 'GET', path: '/v1/health', sourceIp: '127.0.0.1' }, requestId: 'r1', stage: '$default' },
      isBase64Encoded: false,
    };
    const result = await inFreshNode(
      `const m = await import(${JSON.stringify(file)}); const r = await m.handler(${JSON.stringify(event)}, {}); console.log(JSON.stringify(r));`,
      { GATEHOUSE_VERSION: '9.9.9' },
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'ok', version: '9.9.9' });
  });

  it('queues a run’s checks through the scheduler entry and checks them through the worker entry', async () => {
    // A stand-in SQS endpoint (its JSON protocol; the client sends to the queue URL's host) that keeps
    // the messages it is sent.
    const sent: string[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const entries = (JSON.parse(body) as { Entries: Array<{ Id: string; MessageBody: string }> }).Entries;
        sent.push(...entries.map((entry) => entry.MessageBody));
        const successful = entries.map((entry) => ({
          Id: entry.Id,
          MessageId: `m-${entry.Id}`,
          MD5OfMessageBody: createHash('md5').update(entry.MessageBody).digest('hex'),
        }));
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ Successful: successful, Failed: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dynamo = await startDynamoDbLocal();
    try {
      const tableName = `bundle-jobs-${Date.now()}`;
      const db = connectDynamo({ tableName, region: 'eu-west-1', endpoint: dynamo.endpoint });
      await ensureTable(db);
      await seedLiveSamlConnection(db);
      const env = {
        GATEHOUSE_TABLE: tableName,
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        MONITORING_QUEUE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/123456789012/monitoring`,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      };
      const scheduler = join(inject('lambdaBundleDir'), 'jobs-lambda.mjs');
      const scheduled = await inFreshNode(
        `const m = await import(${JSON.stringify(scheduler)}); console.log(JSON.stringify(await m.handler({ job: 'refresh-metadata' })));`,
        env,
      );
      expect(scheduled).toMatchObject({ job: 'refresh-metadata', runId: expect.any(String) });
      expect(sent.map((body) => JSON.parse(body))).toEqual([
        { job: 'refresh-metadata', runId: scheduled.runId, tenantId: 'acme', connectionId: 'c1' },
      ]);

      const worker = join(inject('lambdaBundleDir'), 'jobs-worker-lambda.mjs');
      const event = {
        Records: [
          { messageId: 'm-0', body: sent[0], attributes: { ApproximateReceiveCount: '1' } },
          { messageId: 'm-1', body: '{}', attributes: { ApproximateReceiveCount: '1' } },
        ],
      };
      const checked = await inFreshNode(
        `const m = await import(${JSON.stringify(worker)}); console.log(JSON.stringify(await m.handler(${JSON.stringify(event)})));`,
        env,
      );
      expect(checked).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
      expect(await new DynamoMonitoringStore(db).lastRun('refresh-metadata')).toMatchObject({
        status: 'done',
        checked: 1,
        progress: { total: 1, done: 1, failed: 0 },
      });

      const code = (job: string, extra: Record<string, string>) =>
        inFreshNode(
          `const m = await import(${JSON.stringify(scheduler)}); try { await m.handler({ job: ${JSON.stringify(job)} }); console.log('null'); } catch (e) { console.log(JSON.stringify(e.code ?? e.name)); }`,
          { ...env, ...extra },
        );
      expect(await code('nope', {})).toBe('VALIDATION_FAILED');
      // A table the scheduler cannot reach: the invocation errors, which is what the failed-job alarm counts.
      expect(await code('detect-drift', { GATEHOUSE_TABLE: 'missing-table' })).toBe('ResourceNotFoundException');
    } finally {
      server.close();
      await dynamo.stop();
    }
  }, 60_000);

  it('publishes a stream batch of outbox items through the event publisher entry, reporting the refused one', async () => {
    // A stand-in EventBridge endpoint (its JSON protocol) that refuses entries whose detail asks for it.
    const received: string[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const entries = (JSON.parse(body) as { Entries: Array<{ DetailType: string; Detail: string }> }).Entries;
        received.push(...entries.map((entry) => entry.DetailType));
        const results = entries.map((entry) =>
          entry.Detail.includes('refuse-me') ? { ErrorCode: 'InternalFailure', ErrorMessage: 'no' } : { EventId: 'e' },
        );
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dynamo = await startDynamoDbLocal();
    try {
      const tableName = `bundle-events-${Date.now()}`;
      await ensureTable(connectDynamo({ tableName, region: 'eu-west-1', endpoint: dynamo.endpoint }));
      const record = (sequence: string, reason: string) => ({
        eventName: 'INSERT',
        dynamodb: {
          SequenceNumber: sequence,
          NewImage: {
            type: { S: 'outbox-event' },
            event: {
              M: {
                source: { S: 'gatehouse' },
                'detail-type': { S: 'gatehouse.connection.rejected' },
                detail: {
                  M: {
                    version: { N: '1' },
                    eventId: { S: `id-${sequence}` },
                    occurredAt: { S: '2026-03-02T10:15:00.000Z' },
                    tenantId: { S: 'acme' },
                    connectionId: { S: 'c1' },
                    revision: { N: '1' },
                    reason: { S: reason },
                  },
                },
              },
            },
          },
        },
      });
      const file = join(inject('lambdaBundleDir'), 'events-lambda.mjs');
      const batch = { Records: [record('1', 'fine'), record('2', 'refuse-me')] };
      const result = await inFreshNode(
        `const m = await import(${JSON.stringify(file)}); console.log(JSON.stringify(await m.handler(${JSON.stringify(batch)})));`,
        {
          GATEHOUSE_TABLE: tableName,
          DYNAMODB_ENDPOINT: dynamo.endpoint,
          EVENT_BUS_NAME: 'Gatehouse-events',
          AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
        },
      );
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
      expect(received).toEqual(['gatehouse.connection.rejected', 'gatehouse.connection.rejected']);
    } finally {
      server.close();
      await dynamo.stop();
    }
  }, 60_000);

  it('keeps the SAML libraries out of the main API chunk', () => {
    const inputs = inject('apiEntryInputs');
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.filter((file) => /samlify|xmllint|xml-crypto/.test(file))).toEqual([]);
  });

  it('loads only what discovery needs at start: no AWS SDK, zod, SAML, OIDC, Cognito client, fetcher or domain lists', () => {
    const inputs = inject('apiStartupInputs');
    expect(inputs.some((file) => file.includes('apps/api/src/routes/discovery.ts'))).toBe(true);
    expect(inputs.some((file) => file.includes('apps/api/src/store/item-reader.ts'))).toBe(true);
    const heavy =
      /samlify|xmllint|xml-crypto|@xmldom|openid-client|client-cognito-identity-provider|client-dynamodb\/|lib-dynamodb|@smithy|aws-jwt-verify|undici|tldts|free-email-domains|asn1|\/zod\/|zod-openapi|apps\/api\/src\/app\.ts|apps\/api\/src\/store\/table\.ts|routes\/setup-|routes\/admin-/;
    expect(inputs.filter((file) => heavy.test(file))).toEqual([]);
  });

  it('loads the full app on the first request off the public paths, in the same process', async () => {
    const file = join(inject('lambdaBundleDir'), 'lambda.mjs');
    const event = (path: string) => ({
      version: '2.0',
      routeKey: 'ANY /v1/{proxy+}',
      rawPath: path,
      rawQueryString: '',
      headers: { host: 'sso.example.com' },
      requestContext: { http: { method: 'GET', path, sourceIp: '127.0.0.1' }, requestId: 'r1', stage: '$default' },
      isBase64Encoded: false,
    });
    const result = await inFreshNode(
      `const m = await import(${JSON.stringify(file)});
const session = await m.handler(${JSON.stringify(event('/v1/setup/session'))}, {});
const doc = await m.handler(${JSON.stringify(event('/v1/openapi.json'))}, {});
console.log(JSON.stringify({ session: [session.statusCode, JSON.parse(session.body).error.code], paths: Object.keys(JSON.parse(doc.body).paths) }));`,
    );
    expect(result.session).toEqual([401, 'SESSION_REQUIRED']);
    expect(result.paths).toEqual(expect.arrayContaining(['/v1/discovery', '/v1/health', '/v1/admin/tenants']));
  });
});
