import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliEnv, REPO_ROOT } from '../env.ts';
import { localBanner } from '../local/banner.ts';
import { openLocalLog } from '../local/log-routing.ts';
import { startLocalStack } from '../local/stack.ts';
import { stateFile } from '../local/state.ts';
import { type CommandIo, parse, UsageError } from '../usage.ts';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs the local stack until a signal. The terminal shows the banner and then only what needs the user
 * (warnings and errors, one line each); every log line goes to the log file the banner names. A signal
 * during the start stops it at its next step, so Ctrl-C always ends with "Stopped." and nothing left
 * listening.
 */
export async function localCommand(args: string[], env: CliEnv, io: CommandIo): Promise<number> {
  const { values } = parse(
    args,
    { port: { type: 'string' }, ephemeral: { type: 'boolean' }, reset: { type: 'boolean' }, quiet: { type: 'boolean' } },
    false,
  );
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number.');
  const dataDir = values.ephemeral ? undefined : env.localDataDir;
  if (values.reset && dataDir) rmSync(dataDir, { recursive: true, force: true });
  // With --ephemeral the log is a file of this run only, kept after the stop for a look at what happened.
  const logFile = dataDir ? env.localLogFile : join(mkdtempSync(join(tmpdir(), 'gatehouse-local-')), 'gatehouse.log');
  const log = openLocalLog(logFile, io.err);

  const aborted = new AbortController();
  let stopRequested: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  const onSignal = () => {
    aborted.abort();
    stopRequested();
  };
  // `on`, not `once`: a second Ctrl-C while stopping must not kill the process before its children.
  for (const signal of SIGNALS) process.on(signal, onSignal);

  try {
    io.out('Starting Gatehouse locally (DynamoDB Local, local Cognito, demo IdPs, API, web app)...');
    let stack: Awaited<ReturnType<typeof startLocalStack>>;
    try {
      stack = await startLocalStack({
        dataDir,
        port,
        logLevel: values.quiet ? 'warn' : 'info',
        logSink: log.sink,
        // Written even with --ephemeral: `npm run gatehouse -- tenants ...` and `dns ...` connect through it.
        stateFile: stateFile(env.localDataDir),
        signal: aborted.signal,
      });
    } catch (error) {
      if (!aborted.signal.aborted) throw error;
      io.out('Stopped.');
      return 0;
    }
    const bold = (s: string) => (env.color ? `\x1b[1m${s}\x1b[0m` : s);
    io.out(localBanner(stack, { dataDir, logFile, cwd: REPO_ROOT, bold }));

    await stopped;
    io.out('\nStopping...');
    await stack.stop();
    io.out('Stopped. Nothing is left running.');
    return 0;
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    log.close();
  }
}
