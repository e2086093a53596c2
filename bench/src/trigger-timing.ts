import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleLambdas, bundleTriggerLambdas, TRIGGER_ENTRIES } from '@gatehouse/infra';
import { callTimes, coldStart, quantile } from './cold-start.ts';
import { asLoadGenerator, cpuPlan, pinProcess } from './pinning.ts';
import { type Row, row, STARTS_PER_ROUND, startRounds } from './report.ts';

/** Cold starts of each side per trigger suite: five rounds of STARTS_PER_ROUND alternating starts. */
export const TRIGGER_COLD_RUNS = 5 * STARTS_PER_ROUND;

// What the user-pool trigger suites (tenant claims, SSO enforcement) measure alike: warm handler times
// beside a handler that returns the event, and cold starts of the deployed bundle beside a bare one.

/** Per-call times of `handler` and of a handler returning the event: a warm-up, then four alternating rounds. */
export async function warmTimesBesideBare<E>(
  handler: (event: E) => Promise<unknown>,
  makeEvent: () => E,
  calls: number,
): Promise<{ subject: number[]; bare: number[] }> {
  const bareHandler = async (event: E) => event;
  await callTimes(handler, makeEvent, 2000);
  await callTimes(bareHandler, makeEvent, 2000);
  const subject: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < 4; round++) {
    subject.push(...(await callTimes(handler, makeEvent, calls / 4)));
    bare.push(...(await callTimes(bareHandler, makeEvent, calls / 4)));
  }
  return { subject, bare };
}

/**
 * Cold starts of one trigger as the CDK app bundles it (bundleTriggerLambdas()) beside a bare handler
 * bundled the same way that makes one GetItem with the AWS SDK, both reading DynamoDB Local with the
 * environment the stack sets: each started once first (the trigger's answer is returned, to check), then
 * `runs` of each, alternating, on the server CPUs beside DynamoDB Local with the timing process apart.
 */
export async function triggerColdStarts(options: {
  work: string;
  trigger: keyof typeof TRIGGER_ENTRIES;
  file: string;
  dynamo: { endpoint: string; pid: number | undefined };
  tableName: string;
  event: object;
  runs: number;
}): Promise<{ subject: number[]; bare: number[]; firstResponse: unknown }> {
  const triggers = await bundleTriggerLambdas(join(options.work, 'triggers'));
  const reference = await bundleLambdas(join(options.work, 'bare'), {
    'bare-dynamo-trigger': fileURLToPath(new URL('./suites/bare-dynamo-trigger.ts', import.meta.url)),
  });
  const triggerFile = join(triggers.dir, TRIGGER_ENTRIES[options.trigger].dir, options.file);
  const bareFile = join(reference.dir, 'bare-dynamo-trigger.mjs');
  const env = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    DYNAMODB_ENDPOINT: options.dynamo.endpoint,
    GATEHOUSE_TABLE: options.tableName,
    TRIGGER_CACHE_SECONDS: '10',
    LOG_LEVEL: 'info',
  };
  await coldStart(bareFile, options.event, env);
  const first = await coldStart(triggerFile, options.event, env);
  const subject: number[] = [];
  const bare: number[] = [];
  pinProcess(options.dynamo.pid, cpuPlan().serverCpus);
  await asLoadGenerator(async () => {
    for (let i = 0; i < options.runs; i++) {
      bare.push((await coldStart(bareFile, options.event, env)).ms);
      subject.push((await coldStart(triggerFile, options.event, env)).ms);
    }
  });
  return { subject, bare, firstResponse: first.response };
}

/** The row of a trigger's cold start against the bare SDK handler: medians, rounds, target at most 1.0x. */
export function triggerColdStartRow(suite: string, cold: { subject: number[]; bare: number[] }): Row {
  return row({
    suite: `${suite}, cold start (fresh node, import + first event, median of ${cold.subject.length})`,
    metric: 'time to first response',
    baselineName: 'bare handler, AWS SDK GetItem',
    baseline: quantile(cold.bare, 0.5),
    value: quantile(cold.subject, 0.5),
    unit: 'ms',
    target: '<= 1.0',
    rounds: startRounds(cold.bare, cold.subject),
  });
}
