import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { onServerCpus } from './pinning.ts';

export interface ChildServers<T> {
  info: T;
  stop(): Promise<void>;
}

/**
 * Runs a server script in its own process (so the load generator does not share its event loop), on the
 * server CPUs when pinning is possible, and waits for the JSON line it prints when ready.
 */
export async function startChild<T>(script: string, args: string[] = []): Promise<ChildServers<T>> {
  const [command, commandArgs] = onServerCpus(process.execPath, ['--import', 'tsx', script, ...args]);
  const child = spawn(command, commandArgs, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise<T>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    lines.once('line', (line) => resolve(JSON.parse(line) as T));
  });
  return {
    info,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
