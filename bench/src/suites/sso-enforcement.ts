import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { connectDynamo, createLogger, ensureTable } from '@gatehouse/api';
import { ssoEnforcementTriggerFor } from '@gatehouse/api/sso-enforcement';
import { startDynamoDbLocal } from '@gatehouse/dynamodb-local';
import { callTimes, quantile } from '../cold-start.ts';
import { type Row, row } from '../report.ts';
import { TRIGGER_COLD_RUNS, triggerColdStartRow, triggerColdStarts, warmTimesBesideBare } from '../trigger-timing.ts';

const WARM_CALLS = 20_000;

/** Cognito's Pre Authentication event for a password sign-in of `email` (developer guide). */
function signInEvent(email: string) {
  return {
    version: '1',
    triggerSource: 'PreAuthentication_Authentication',
    region: 'us-east-1',
    userPoolId: 'us-east-1_BenchPool1',
    userName: email,
    callerContext: { clientId: 'benchappclient', awsSdkVersion: 'aws-sdk-unknown-unknown' },
    request: { userAttributes: { email, 'cognito:user_status': 'CONFIRMED' }, validationData: null },
    response: {},
  };
}
const everyday = () => signInEvent('pat@everyday.example.com');
const enforced = () => signInEvent('pat@enforced.example.com');

/**
 * The SSO enforcement trigger (apps/api/src/sso-enforcement) before every password sign-in:
 * - warm: the handler's own time for a password user of a domain no tenant enforces (the common case; its
 *   answer kept in memory), against a handler that returns the event, in this process; p99 of 20,000
 *   calls; and, for information, a refused sign-in under an enforced domain, which reads the table each
 *   time (never cached, so lifting enforcement is immediate);
 * - cold: a fresh node imports the trigger's bundle and answers one sign-in of an everyday domain (two
 *   reads from DynamoDB Local), against a bare handler bundled the same way making one SDK GetItem.
 */
export async function ssoEnforcementSuite(): Promise<Row[]> {
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-sso-'));
  const dynamo = await startDynamoDbLocal();
  try {
    const tableName = `bench-sso-${Date.now()}`;
    const db = connectDynamo({ tableName, region: 'us-east-1', endpoint: dynamo.endpoint });
    await ensureTable(db);
    for (const Item of [
      { PK: 'DOMAIN#enforced.example.com', SK: 'DOMAIN', tenantId: 'bench', connectionId: 'c1' },
      {
        PK: 'TENANT#bench',
        SK: 'META',
        id: 'bench',
        name: 'Bench',
        status: 'active',
        version: 1,
        ssoEnforcement: { enforced: true, itAdminMayChange: false },
      },
      {
        PK: 'TENANT#bench',
        SK: 'CONN#c1',
        id: 'c1',
        tenantId: 'bench',
        providerName: 'gh-bench',
        suspended: false,
        activeRevision: 1,
      },
    ]) {
      await db.doc.send(new PutCommand({ TableName: tableName, Item }));
    }
    const trigger = ssoEnforcementTriggerFor(
      { tableName, region: 'us-east-1', dynamoEndpoint: dynamo.endpoint, cacheSeconds: 300, logLevel: 'silent' },
      createLogger('silent'),
    );
    if (
      !(await trigger(enforced()).then(
        () => false,
        () => true,
      ))
    )
      throw new Error('The trigger let an enforced domain in.');
    const warm = await warmTimesBesideBare(trigger, everyday, WARM_CALLS);
    const refused = await callTimes(trigger, enforced, 500);

    const cold = await triggerColdStarts({
      work,
      trigger: 'ssoEnforcement',
      file: 'sso-enforcement-lambda.mjs',
      dynamo,
      tableName,
      event: { ...everyday(), userName: 'gh-bench_u1' },
      runs: TRIGGER_COLD_RUNS,
    });
    const suite = 'SSO enforcement trigger (pre authentication)';
    return [
      row({
        suite: `${suite}, warm (${WARM_CALLS.toLocaleString('en-US')} calls, p99)`,
        metric: 'handler time, domain not enforced',
        baselineName: 'handler returning the event',
        baseline: quantile(warm.bare, 0.99) * 1000,
        value: quantile(warm.subject, 0.99) * 1000,
        unit: 'µs',
        valueTarget: '<= 2000',
      }),
      row({
        suite: `${suite}, warm (500 calls, p99)`,
        metric: 'handler time, refused (enforced domain, read every time)',
        baselineName: 'handler returning the event',
        baseline: quantile(warm.bare, 0.99) * 1000,
        value: quantile(refused, 0.99) * 1000,
        unit: 'µs',
      }),
      triggerColdStartRow(suite, cold),
    ];
  } finally {
    await dynamo.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
