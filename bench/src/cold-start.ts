import { spawn } from 'node:child_process';
import { onServerCpus } from './pinning.ts';

/**
 * One Lambda cold start: a fresh `node` imports the bundle and hands its handler one event, as the Lambda
 * runtime does. Timed from spawning the process to the response arriving on its stdout. The process runs
 * on the server CPUs when pinning is possible (through `taskset`, which adds its own exec to every run,
 * baseline and subject alike).
 */
export function coldStart(
  bundle: string,
  event: object,
  env: Record<string, string>,
): Promise<{ ms: number; response: unknown }> {
  const script = `const { handler } = await import(${JSON.stringify(bundle)});
const response = await handler(${JSON.stringify(event)}, {});
process.stdout.write('\\nRESULT ' + JSON.stringify(response) + '\\n');`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const [command, args] = onServerCpus(process.execPath, ['--input-type=module', '-e', script]);
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('RESULT ') && out.endsWith('\n'));
      if (line) {
        const ms = performance.now() - started;
        child.kill();
        resolve({ ms, response: JSON.parse(line.slice('RESULT '.length)) });
      }
    });
    child.once('exit', (code) => reject(new Error(`The cold-start process exited with ${code} before answering: ${out}`)));
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The value below which `q` (0 to 1) of `values` fall. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Per-call times of `handler` on fresh events, each made before its timing starts. */
export async function callTimes<E>(
  handler: (event: E) => Promise<unknown>,
  makeEvent: () => E,
  calls: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const event = makeEvent();
    const started = performance.now();
    await handler(event).catch(() => undefined);
    times.push(performance.now() - started);
  }
  return times;
}
