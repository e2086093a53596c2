import { fileURLToPath } from 'node:url';
import { startChild } from '../child.ts';
import { compareLoad } from '../load.ts';
import { asLoadGenerator } from '../pinning.ts';
import { type Row, roundPairs, row } from '../report.ts';

/**
 * /v1/health through the whole Gatehouse middleware stack (request ids, logs, security headers, CSRF
 * guard, body limit) against a bare Hono route in the same process, at 64 concurrent connections.
 */
export async function apiHealthSuite(options: { seconds: number; rounds: number }): Promise<Row[]> {
  const servers = await startChild<{ bare: string; api: string }>(fileURLToPath(new URL('./health-servers.ts', import.meta.url)));
  try {
    const { baseline, subject, rounds } = await asLoadGenerator(() =>
      compareLoad(servers.info.bare, servers.info.api, {
        seconds: options.seconds,
        rounds: options.rounds,
        connections: 64,
      }),
    );
    const bare = rounds.map((r) => r.baseline);
    const api = rounds.map((r) => r.subject);
    if (subject.errors || subject.non2xx) throw new Error(`/v1/health failed under load: ${JSON.stringify(subject)}`);
    const suite = 'API /v1/health (64 connections)';
    return [
      row({
        suite,
        metric: 'requests/s',
        baselineName: 'bare Hono route',
        baseline: baseline.requestsPerSecond,
        value: subject.requestsPerSecond,
        unit: 'req/s',
        rounds: roundPairs(
          bare.map((r) => r.requestsPerSecond),
          api.map((r) => r.requestsPerSecond),
        ),
      }),
      row({
        suite,
        metric: 'p99 latency',
        baselineName: 'bare Hono route',
        baseline: baseline.p99Ms,
        value: subject.p99Ms,
        unit: 'ms',
        rounds: roundPairs(
          bare.map((r) => r.p99Ms),
          api.map((r) => r.p99Ms),
        ),
      }),
    ];
  } finally {
    await servers.stop();
  }
}
