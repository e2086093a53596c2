import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { connectDynamo, createLogger, ensureTable } from '@gatehouse/api';
import { tenantClaimsTriggerFor } from '@gatehouse/api/tenant-claims';
import type { ClaimsAndScopeOverrideDetails } from '@gatehouse/core';
import { startDynamoDbLocal } from '@gatehouse/dynamodb-local';
import { quantile } from '../cold-start.ts';
import { type Row, row } from '../report.ts';
import { TRIGGER_COLD_RUNS, triggerColdStartRow, triggerColdStarts, warmTimesBesideBare } from '../trigger-timing.ts';

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
 *   way that makes one GetItem with the AWS SDK; 15 runs of each, alternating, medians kept, in rounds of three
 *   (report.ts, startRounds).
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
    const warm = await warmTimesBesideBare(trigger, tokenEvent, WARM_CALLS);

    // Cold, in fresh processes.
    const cold = await triggerColdStarts({
      work,
      trigger: 'tenantClaims',
      file: 'tenant-claims-lambda.mjs',
      dynamo,
      tableName,
      event: tokenEvent(),
      runs: TRIGGER_COLD_RUNS,
    });
    if (!JSON.stringify(cold.firstResponse).includes('"tenant_id":"bench"')) {
      throw new Error(`The trigger bundle did not add the tenant: ${JSON.stringify(cold.firstResponse)}`);
    }
    return [
      row({
        suite: `Tenant claims trigger, warm (cache warm, ${WARM_CALLS.toLocaleString('en-US')} calls, p99)`,
        metric: 'handler time per token',
        baselineName: 'handler returning the event',
        baseline: quantile(warm.bare, 0.99) * 1000,
        value: quantile(warm.subject, 0.99) * 1000,
        unit: 'µs',
        valueTarget: '<= 2000',
      }),
      triggerColdStartRow('Tenant claims trigger', cold),
    ];
  } finally {
    await dynamo.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
