import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal } from '@gatehouse/dynamodb-local';
import { startChild } from '../child.ts';
import { compareLoad, type LoadResult } from '../load.ts';
import { asLoadGenerator, cpuPlan, pinProcess } from '../pinning.ts';
import { type Row, roundPairs, row } from '../report.ts';
import { DISCOVERY_SEED, discoveryBodies, seedDiscovery } from './discovery-seed.ts';

const CONNECTIONS = 64;
/** The work the calibration server adds to the bare route per request. */
export const CALIBRATION_MICROSECONDS = 5;

/**
 * POST /v1/discovery at 64 concurrent connections against DynamoDB Local seeded with many tenants and
 * domains: with the answer cache warm (the same addresses again and again) and with it off
 * (DISCOVERY_CACHE_SECONDS=0, every request reads DynamoDB), each against a bare Hono route that reads
 * the same body and answers the same shape, served the same way in the same child process. A third
 * comparison calibrates the machine: the bare route plus a fixed amount of busy work per request.
 */
export async function discoverySuite(options: { seconds: number; rounds: number }): Promise<Row[]> {
  const dynamo = await startDynamoDbLocal();
  // DynamoDB Local serves the servers under test: it runs beside them, away from the load generator.
  pinProcess(dynamo.pid, cpuPlan().serverCpus);
  try {
    const seed = await seedDiscovery(dynamo.endpoint);
    const servers = await startChild<{ bare: string; busy: string; warm: string; cold: string }>(
      fileURLToPath(new URL('./discovery-servers.ts', import.meta.url)),
      [dynamo.endpoint, seed.tableName, String(CALIBRATION_MICROSECONDS)],
    );
    try {
      const load = {
        seconds: options.seconds,
        rounds: options.rounds,
        connections: CONNECTIONS,
        method: 'POST' as const,
        headers: { 'content-type': 'application/json' },
        bodies: discoveryBodies(seed, 500),
      };
      // Every address once, so the warm rounds measure answers from memory, not the first DynamoDB reads.
      for (const body of new Set(load.bodies)) {
        const response = await fetch(servers.info.warm, { method: 'POST', headers: load.headers, body });
        if (!response.ok) throw new Error(`Discovery answered ${response.status} while warming its cache`);
      }
      const { warm, cold, calibration } = await asLoadGenerator(async () => ({
        warm: await compareLoad(servers.info.bare, servers.info.warm, load),
        // Before the cold rounds, which leave DynamoDB Local busy on the servers' CPU for a while.
        calibration: await compareLoad(servers.info.bare, servers.info.busy, load),
        cold: await compareLoad(servers.info.bare, servers.info.cold, load),
      }));
      for (const [name, result] of [
        ['warm', warm.subject],
        ['cold', cold.subject],
      ] as const) {
        if (result.errors || result.non2xx)
          throw new Error(`Discovery (${name} cache) failed under load: ${JSON.stringify(result)}`);
      }
      const suite = `Discovery at ${DISCOVERY_SEED.tenants.toLocaleString('en')} tenants (DynamoDB Local, ${CONNECTIONS} connections)`;
      type Compared = { baseline: LoadResult; subject: LoadResult; rounds: Array<{ baseline: LoadResult; subject: LoadResult }> };
      const spread = (pair: Compared, pick: (r: LoadResult) => number) =>
        roundPairs(
          pair.rounds.map((r) => pick(r.baseline)),
          pair.rounds.map((r) => pick(r.subject)),
        );
      const rows = (cache: string, pair: Compared, target?: string) => [
        row({
          suite,
          metric: `${cache}: requests/s`,
          baselineName: 'bare Hono route',
          baseline: pair.baseline.requestsPerSecond,
          value: pair.subject.requestsPerSecond,
          unit: 'req/s',
          target,
          rounds: spread(pair, (r) => r.requestsPerSecond),
        }),
        row({
          suite,
          metric: `${cache}: p99 latency`,
          baselineName: 'bare Hono route',
          baseline: pair.baseline.p99Ms,
          value: pair.subject.p99Ms,
          unit: 'ms',
          rounds: spread(pair, (r) => r.p99Ms),
        }),
      ];
      return [
        ...rows('cache warm', warm, '>= 0.7'),
        ...rows('cache off (every request reads DynamoDB)', cold),
        // Not Gatehouse: what a fixed amount of work per request costs here, to read the ratios above by.
        row({
          suite,
          metric: `calibration, the bare route plus ${CALIBRATION_MICROSECONDS} µs of busy work per request: requests/s`,
          baselineName: 'bare Hono route',
          baseline: calibration.baseline.requestsPerSecond,
          value: calibration.subject.requestsPerSecond,
          unit: 'req/s',
          rounds: spread(calibration, (r) => r.requestsPerSecond),
        }),
      ];
    } finally {
      await servers.stop();
    }
  } finally {
    await dynamo.stop();
  }
}
