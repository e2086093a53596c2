import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCliBundle } from '@gatehouse/cli/build';
import { asLoadGenerator, onServerCpus } from '../pinning.ts';
import { type Row, row, STARTS_PER_ROUND, startRounds } from '../report.ts';

/** Okta's metadata: 2,183 characters, one signing certificate. */
const METADATA = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'packages',
  'core',
  'test',
  'fixtures',
  'saml',
  'generated',
  'okta',
  'metadata.xml',
);
const BASELINE = ['-e', '0'];
/** Both kinds of run get the same environment, and nothing of the benchmark's own. */
const ENV = { PATH: process.env.PATH ?? '' };
/** Without GNU time: the process writes its own peak to fd 3 as it exits (process.exit included). */
const PEAK_REPORTER = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => writeSync(3, String(process.resourceUsage().maxRSS)));",
)}`;

/** Wall time of one run in ms, from spawning `node` to its exit; throws unless it exits 0. */
function timeRun(args: string[]): number {
  const [command, commandArgs] = onServerCpus(process.execPath, args);
  const started = performance.now();
  const result = spawnSync(command, commandArgs, { env: ENV, stdio: 'ignore' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
  return ms;
}

/**
 * Peak resident memory of one run in MiB: the kernel's figure for the child, read by GNU time, or when it
 * is missing the child's own process.resourceUsage().maxRSS. Both are in KiB.
 */
function peakMemory(args: string[]): number {
  if (existsSync('/usr/bin/time')) {
    const timed = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { env: ENV, encoding: 'utf8' });
    const kib = Number(timed.stderr.trim().split('\n').pop());
    if (timed.status === 0 && kib > 0) return kib / 1024;
  }
  const reported = spawnSync(process.execPath, ['--import', PEAK_REPORTER, ...args], {
    env: ENV,
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const kib = Number(reported.output[3]?.toString());
  if (reported.status !== 0 || !(kib > 0)) throw new Error(`node ${args.join(' ')} reported no peak memory`);
  return kib / 1024;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The bundled CLI (apps/cli/dist, built first when its sources changed) analysing 2 KB of SAML metadata,
 * against `node -e 0`: fresh processes (on the server CPUs when pinning is possible), runs alternating,
 * medians kept and the round (three starts of each) with the highest ratio shown beside them. Then the peak memory of each, in separate runs so that measuring it does not
 * touch the times.
 */
export async function cliSuite(options: { seconds: number; rounds: number }): Promise<Row[]> {
  // Whole rounds of STARTS_PER_ROUND starts of each (report.ts, startRounds).
  const runs = (options.seconds < 5 ? 2 : 7) * STARTS_PER_ROUND;
  const bundle = await ensureCliBundle();
  const cli = [bundle, 'analyze', 'saml-metadata', METADATA, '--json'];

  const answer = spawnSync(process.execPath, cli, { env: ENV, encoding: 'utf8' });
  const parsed = JSON.parse(answer.stdout || 'null') as { ok?: boolean; summary?: { vendor?: string } } | null;
  if (answer.status !== 0 || parsed?.ok !== true || parsed.summary?.vendor !== 'okta') {
    throw new Error(`The CLI did not analyse ${METADATA}: ${answer.status} ${answer.stdout} ${answer.stderr}`);
  }
  // One untimed run of each puts both in the page cache.
  timeRun(BASELINE);
  timeRun(cli);
  const bareTimes: number[] = [];
  const cliTimes: number[] = [];
  await asLoadGenerator(async () => {
    for (let i = 0; i < runs; i++) {
      bareTimes.push(timeRun(BASELINE));
      cliTimes.push(timeRun(cli));
    }
  });

  const memoryRuns = Math.min(runs, 5);
  const bareMemory: number[] = [];
  const cliMemory: number[] = [];
  for (let i = 0; i < memoryRuns; i++) {
    bareMemory.push(peakMemory(BASELINE));
    cliMemory.push(peakMemory(cli));
  }

  const suite = `CLI start (fresh node, analyze saml-metadata on 2 KB of metadata --json)`;
  return [
    row({
      suite,
      metric: `wall time, median of ${runs}`,
      baselineName: 'node -e 0',
      baseline: median(bareTimes),
      value: median(cliTimes),
      unit: 'ms',
      target: '<= 4',
      rounds: startRounds(bareTimes, cliTimes),
    }),
    row({
      suite,
      metric: `peak memory (max RSS), median of ${memoryRuns}`,
      baselineName: 'node -e 0',
      baseline: median(bareMemory),
      value: median(cliMemory),
      unit: 'MiB',
      valueTarget: '<= 100',
    }),
  ];
}
