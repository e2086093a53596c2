import { isGatehouseError } from '@gatehouse/core';
import { type CliEnv, loadCliEnv } from './env.ts';
import { type CommandName, commandHelp, HELP, isCommandName } from './help.ts';
import { type CommandIo, UsageError } from './usage.ts';

/** Whether the arguments ask for help: --help or -h anywhere before a `--` that ends the options. */
function asksForHelp(args: string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * Loads the one command asked for and runs it. Each command is imported on demand, so a command pays
 * only for what it uses: `analyze` never loads the API, the AWS SDK or the local stack.
 */
async function runCommand(command: CommandName, args: string[], env: CliEnv, io: CommandIo): Promise<number> {
  switch (command) {
    case 'local':
      return (await import('./commands/local.ts')).localCommand(args, env, io);
    case 'analyze':
      return (await import('./commands/analyze.ts')).analyzeCommand(args, io);
    case 'dns':
      return (await import('./commands/dns.ts')).dnsCommand(args, env, io);
    case 'tenants': {
      const [{ tenantsCommand }, { lazyConnection }] = await Promise.all([
        import('./commands/tenants.ts'),
        import('./connect.ts'),
      ]);
      return tenantsCommand(args, lazyConnection(env), io);
    }
    case 'setup-links': {
      const [{ setupLinksCommand }, { lazyConnection }] = await Promise.all([
        import('./commands/setup-links.ts'),
        import('./connect.ts'),
      ]);
      return setupLinksCommand(args, lazyConnection(env), io);
    }
    case 'jobs': {
      const [{ jobsCommand }, { lazyConnection }] = await Promise.all([import('./commands/jobs.ts'), import('./connect.ts')]);
      return jobsCommand(args, lazyConnection(env), io);
    }
  }
}

/** Runs one CLI invocation and returns its exit code: 0 done, 1 failed, 2 bad usage. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.out(HELP);
      return command === undefined ? 2 : 0;
    }
    if (!isCommandName(command)) throw new UsageError(`Unknown command "${command}".\n\n${HELP}`);
    if (asksForHelp(rest)) {
      io.out(commandHelp(command, rest[0]));
      return 0;
    }
    return await runCommand(command, rest, loadCliEnv(), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    if (isGatehouseError(error)) {
      io.err(`${error.code}: ${error.message}`);
      return 1;
    }
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
