import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal } from '@gatehouse/dynamodb-local';
import { bundleLambdas } from '@gatehouse/infra';
import { coldStart, median } from '../cold-start.ts';
import { asLoadGenerator, cpuPlan, pinProcess } from '../pinning.ts';
import { type Row, row, STARTS_PER_ROUND, startRounds } from '../report.ts';
import { seedDiscovery } from './discovery-seed.ts';

/** Five rounds of STARTS_PER_ROUND alternating starts of each. */
const RUNS = 5 * STARTS_PER_ROUND;

/** An API Gateway HTTP API (payload format 2.0) event for POST /v1/discovery. */
function discoveryEvent(email: string) {
  const body = JSON.stringify({ email });
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/v1/discovery',
    rawQueryString: '',
    headers: {
      host: 'sso.example.com',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      origin: 'https://app.saas.example',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'sso.example.com',
      http: { method: 'POST', path: '/v1/discovery', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'bench' },
      requestId: 'bench-request',
      routeKey: '$default',
      stage: '$default',
      time: '22/Nov/2026:00:00:00 +0000',
      timeEpoch: 1_795_305_600_000,
    },
    body,
    isBase64Encoded: false,
  };
}

/**
 * The API Lambda bundle (bundleLambdas(), exactly what the CDK app deploys) against a bare Hono Lambda
 * handler bundled with the same esbuild options: fresh processes, import plus the first POST
 * /v1/discovery, which for Gatehouse reads a seeded domain, its connection and its tenant from
 * DynamoDB Local. Fifteen runs of each, alternating, medians kept; a round is three
 * consecutive runs of each (report.ts, startRounds).
 */
export async function lambdaColdStartSuite(): Promise<Row[]> {
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-lambda-'));
  const dynamo = await startDynamoDbLocal();
  pinProcess(dynamo.pid, cpuPlan().serverCpus);
  try {
    const seed = await seedDiscovery(dynamo.endpoint, { tenants: 200 });
    const api = await bundleLambdas(join(work, 'api'));
    const bare = await bundleLambdas(join(work, 'bare'), {
      'bare-lambda': fileURLToPath(new URL('./bare-lambda.ts', import.meta.url)),
      'bare-dynamo-lambda': fileURLToPath(new URL('./bare-dynamo-lambda.ts', import.meta.url)),
    });
    const email = seed.routed[0] ?? 'nobody@example.com';
    const event = discoveryEvent(email);
    // What the CDK app sets on the function, plus credentials and the endpoint of DynamoDB Local.
    const env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      GATEHOUSE_TABLE: seed.tableName,
      PUBLIC_URL: 'https://sso.example.com',
      COGNITO_USER_POOL_ID: 'us-east-1_BenchPool1',
      COGNITO_DOMAIN_URL: 'https://auth.example.com',
      COGNITO_TEST_CLIENT_ID: 'benchtestclient',
      COGNITO_APP_CLIENT_IDS: 'benchappclient',
      LOG_LEVEL: 'info',
    };
    const apiFile = join(api.dir, 'lambda.mjs');
    const bareFile = join(bare.dir, 'bare-lambda.mjs');
    const dynamoFile = join(bare.dir, 'bare-dynamo-lambda.mjs');
    // One untimed run of each puts both bundles in the page cache.
    await coldStart(bareFile, event, env);
    await coldStart(dynamoFile, event, env);
    const first = await coldStart(apiFile, event, env);
    const answer = JSON.parse((first.response as { body: string }).body) as { providerName: string | null };
    if ((first.response as { statusCode: number }).statusCode !== 200 || !answer.providerName) {
      throw new Error(`The API bundle did not route ${email}: ${JSON.stringify(first.response)}`);
    }
    const bareTimes: number[] = [];
    const dynamoTimes: number[] = [];
    const apiTimes: number[] = [];
    await asLoadGenerator(async () => {
      for (let i = 0; i < RUNS; i++) {
        bareTimes.push((await coldStart(bareFile, event, env)).ms);
        dynamoTimes.push((await coldStart(dynamoFile, event, env)).ms);
        apiTimes.push((await coldStart(apiFile, event, env)).ms);
      }
    });
    const suite = `API Lambda cold start (fresh node, import + first POST /v1/discovery, median of ${RUNS})`;
    return [
      row({
        suite,
        metric: 'time to first response',
        baselineName: 'bare Hono Lambda bundle',
        baseline: median(bareTimes),
        value: median(apiTimes),
        unit: 'ms',
        target: '<= 1.5',
        rounds: startRounds(bareTimes, apiTimes),
      }),
      row({
        suite,
        metric: 'time to first response',
        baselineName: 'bare Hono + DynamoDB client, one GetItem',
        baseline: median(dynamoTimes),
        value: median(apiTimes),
        unit: 'ms',
        rounds: startRounds(dynamoTimes, apiTimes),
      }),
    ];
  } finally {
    await dynamo.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
