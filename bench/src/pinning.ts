import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * Which CPUs the server under test and the load generator run on. On a machine of two cores they would
 * otherwise share both, and each round would measure how the scheduler happened to split them.
 */
export interface CpuPlan {
  /** Whether taskset (util-linux) pins processes here. */
  pinned: boolean;
  /** CPU list (taskset syntax) for servers under test, the processes they need and cold-started processes. */
  serverCpus: string;
  /** CPU list for the benchmark process itself: the load generator and the timers. */
  loadCpus: string;
  /** One line for the report: how processes were placed, or why they were not. */
  note: string;
}

function tasksetWorks(): boolean {
  if (process.platform !== 'linux') return false;
  const result = spawnSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' });
  return result.status === 0;
}

let plan: CpuPlan | undefined;

/**
 * The placement for this run, decided once: with taskset and at least two CPUs, the servers on the first
 * half and the load generator on the rest; otherwise everything unpinned, and the note says so.
 */
export function cpuPlan(): CpuPlan {
  if (plan) return plan;
  const cpus = availableParallelism();
  if (cpus < 2) {
    plan = { pinned: false, serverCpus: '', loadCpus: '', note: 'unpinned: only one CPU' };
  } else if (!tasksetWorks()) {
    plan = { pinned: false, serverCpus: '', loadCpus: '', note: 'unpinned: taskset (util-linux) is not available' };
  } else {
    const half = Math.floor(cpus / 2);
    const serverCpus = half === 1 ? '0' : `0-${half - 1}`;
    const loadCpus = cpus - half === 1 ? String(half) : `${half}-${cpus - 1}`;
    plan = {
      pinned: true,
      serverCpus,
      loadCpus,
      note: `pinned with taskset: servers under test and cold-started processes on CPU ${serverCpus}, the load generator on CPU ${loadCpus}`,
    };
  }
  return plan;
}

/** Moves a running process, every thread of it, onto `cpus`. Does nothing when unpinned. */
export function pinProcess(pid: number | undefined, cpus: string): void {
  if (!cpuPlan().pinned || pid === undefined || !cpus) return;
  const result = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`taskset could not pin process ${pid} to CPU ${cpus}`);
}

/** Pins the benchmark process (the load generator) to the load CPUs; children it spawns inherit them. */
export function pinLoadGenerator(): void {
  pinProcess(process.pid, cpuPlan().loadCpus);
}

/**
 * The command that runs `command args` on the server CPUs: prefixed with `taskset -c`, which execs the
 * command in place (the same process, a moment later), or unchanged when unpinned.
 */
export function onServerCpus(command: string, args: string[]): [string, string[]] {
  const { pinned, serverCpus } = cpuPlan();
  return pinned ? ['taskset', ['-c', serverCpus, command, ...args]] : [command, args];
}

/**
 * Runs `fn` with the benchmark process on the load CPUs, then gives it every CPU again: suites that
 * measure in-process or drive a browser keep the whole machine.
 */
export async function asLoadGenerator<T>(fn: () => Promise<T>): Promise<T> {
  const { pinned, loadCpus } = cpuPlan();
  if (!pinned) return fn();
  pinProcess(process.pid, loadCpus);
  try {
    return await fn();
  } finally {
    pinProcess(process.pid, `0-${availableParallelism() - 1}`);
  }
}
