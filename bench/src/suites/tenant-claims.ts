import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { connectDynamo, createLogger, ensureTable } from '@gatehouse/api';
import { tenantClaimsTriggerFor } from '@gatehouse/api/tenant-claims';
import type { ClaimsAndScopeOverrideDetails } from '@gatehouse/core';
import { startDynamoDbLocal } from '@gatehouse/dynamodb-local';
import { bundleLambdas, bundleTriggerLambdas, TRIGGER_ENTRIES } from '@gatehouse/infra';
import { callTimes, coldStart, quantile } from '../cold-start.ts';
import { asLoadGenerator, cpuPlan, pinProcess } from '../pinning.ts';
import { type Row, roundPairs, row } from '../report.ts';

const COLD_RUNS = 10;
const WARM_CALLS = 20_000;
const PROVIDER = 'gh-bench-0a1b2c3';

/** A V2_0 token event of a user of the seeded provider (developer guide, pre token generation trigger). */
function tokenEvent() {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_HostedAuth',
    region: 'us-east-1',
    userPoolId: 'us-east-1_BenchPool1',
    userName: `${PROVIDER}_user-1`,
    callerContext: { clientId: 'benchappclient', awsSdkVersion: 'aws-sdk-unknown-unknown' },
    request: {
      userAttributes: {
        sub: 'u-1',
        email: 'pat@bench.example',
        identities: JSON.stringify([{ userId: 'user-1', providerName: PROVIDER, providerType: 'SAML', primary: true }]),
      },
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      scopes: ['openid'],
    },
    response: { claimsAndScopeOverrideDetails: null as ClaimsAndScopeOverrideDetails | null },
  };
}

/**
 * The tenant claims trigger (apps/api/src/tenant-claims), the function Cognito calls before every token:
 * - warm: the handler's own time per token with its cache warm (the answer for the provider in memory),
 *   against a handler that returns the event unchanged, in this process; p99 over 20,000 calls;
 * - cold: a fresh node imports the trigger bundle (bundleTriggerLambdas(), what the CDK app deploys) and
 *   answers its first event with its reads from DynamoDB Local, against a bare handler bundled the same
 *   way that makes one GetItem with the AWS SDK; 10 runs of each, alternating, medians kept.
 */
export async function tenantClaimsSuite(): Promise<Row[]> {
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-trigger-'));
  const dynamo = await startDynamoDbLocal();
  try {
    const tableName = `bench-trigger-${Date.now()}`;
    const db = connectDynamo({ tableName, region: 'us-east-1', endpoint: dynamo.endpoint });
    await ensureTable(db);
    for (const Item of [
      { PK: `PROVIDER#${PROVIDER}`, SK: 'PROVIDER', providerName: PROVIDER, tenantId: 'bench', connectionId: 'c1', kind: 'live' },
      { PK: 'TENANT#bench', SK: 'META', id: 'bench', name: 'Bench', status: 'active', version: 1 },
      { PK: 'TENANT#bench', SK: 'CONN#c1', id: 'c1', tenantId: 'bench', suspended: false, activeRevision: 1 },
    ]) {
      await db.doc.send(new PutCommand({ TableName: tableName, Item }));
    }

    // Warm, in this process.
    const trigger = tenantClaimsTriggerFor(
      { tableName, region: 'us-east-1', dynamoEndpoint: dynamo.endpoint, cacheSeconds: 300, logLevel: 'silent' },
      createLogger('silent'),
    );
    const first = (await trigger(tokenEvent())) as { response: { claimsAndScopeOverrideDetails?: unknown } };
    if (!JSON.stringify(first.response).includes('"tenant_id":"bench"')) {
      throw new Error(`The trigger did not add the tenant: ${JSON.stringify(first.response)}`);
    }
    const bare = async (event: ReturnType<typeof tokenEvent>) => event;
    await callTimes(trigger, tokenEvent, 2000);
    await callTimes(bare, tokenEvent, 2000);
    const warmTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let round = 0; round < 4; round++) {
      warmTimes.push(...(await callTimes(trigger, tokenEvent, WARM_CALLS / 4)));
      bareTimes.push(...(await callTimes(bare, tokenEvent, WARM_CALLS / 4)));
    }

    // Cold, in fresh processes.
    const triggers = await bundleTriggerLambdas(join(work, 'triggers'));
    const reference = await bundleLambdas(join(work, 'bare'), {
      'bare-dynamo-trigger': fileURLToPath(new URL('./bare-dynamo-trigger.ts', import.meta.url)),
    });
    const triggerFile = join(triggers.dir, TRIGGER_ENTRIES.tenantClaims.dir, 'tenant-claims-lambda.mjs');
    const bareFile = join(reference.dir, 'bare-dynamo-trigger.mjs');
    // What the CDK app sets on the function, plus credentials and DynamoDB Local's endpoint.
    const env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      GATEHOUSE_TABLE: tableName,
      TRIGGER_CACHE_SECONDS: '10',
      LOG_LEVEL: 'info',
    };
    await coldStart(bareFile, tokenEvent(), env);
    const checked = await coldStart(triggerFile, tokenEvent(), env);
    if (!JSON.stringify(checked.response).includes('"tenant_id":"bench"')) {
      throw new Error(`The trigger bundle did not add the tenant: ${JSON.stringify(checked.response)}`);
    }
    const coldTrigger: number[] = [];
    const coldBare: number[] = [];
    // Cold starts and DynamoDB Local on the server CPUs, the timing process apart.
    pinProcess(dynamo.pid, cpuPlan().serverCpus);
    await asLoadGenerator(async () => {
      for (let i = 0; i < COLD_RUNS; i++) {
        coldBare.push((await coldStart(bareFile, tokenEvent(), env)).ms);
        coldTrigger.push((await coldStart(triggerFile, tokenEvent(), env)).ms);
      }
    });
    return [
      row({
        suite: `Tenant claims trigger, warm (cache warm, ${WARM_CALLS.toLocaleString('en-US')} calls, p99)`,
        metric: 'handler time per token',
        baselineName: 'handler returning the event',
        baseline: quantile(bareTimes, 0.99) * 1000,
        value: quantile(warmTimes, 0.99) * 1000,
        unit: 'µs',
        valueTarget: '<= 2000',
      }),
      row({
        suite: `Tenant claims trigger, cold start (fresh node, import + first event, median of ${COLD_RUNS})`,
        metric: 'time to first response',
        baselineName: 'bare handler, AWS SDK GetItem',
        baseline: quantile(coldBare, 0.5),
        value: quantile(coldTrigger, 0.5),
        unit: 'ms',
        target: '<= 1.0',
        rounds: roundPairs(coldBare, coldTrigger),
      }),
    ];
  } finally {
    await dynamo.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
