import { fileURLToPath } from 'node:url';
import { startChild } from '../child.ts';
import { compareLoad } from '../load.ts';
import { type Row, row } from '../report.ts';

/**
 * /v1/health through the whole Gatehouse middleware stack (request ids, logs, security headers, CSRF
 * guard, body limit) against a bare Hono route in the same process, at 64 concurrent connections.
 */
export async function apiHealthSuite(options: { seconds: number; rounds: number }): Promise<Row[]> {
  const servers = await startChild<{ bare: string; api: string }>(fileURLToPath(new URL('./health-servers.ts', import.meta.url)));
  try {
    const { baseline, subject } = await compareLoad(servers.info.bare, servers.info.api, {
      seconds: options.seconds,
      rounds: options.rounds,
      connections: 64,
    });
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
      }),
      row({
        suite,
        metric: 'p99 latency',
        baselineName: 'bare Hono route',
        baseline: baseline.p99Ms,
        value: subject.p99Ms,
        unit: 'ms',
      }),
    ];
  } finally {
    await servers.stop();
  }
}
