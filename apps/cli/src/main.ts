import type { AppDeps } from '@gatehouse/api';
import { isGatehouseError } from '@gatehouse/core';
import { ANALYZE_HELP, analyzeCommand } from './commands/analyze.ts';
import { DNS_HELP, dnsCommand } from './commands/dns.ts';
import { JOBS_HELP, jobsCommand } from './commands/jobs.ts';
import { LOCAL_HELP, localCommand } from './commands/local.ts';
import { SETUP_LINKS_HELP, setupLinksCommand } from './commands/setup-links.ts';
import { TENANTS_HELP, tenantsCommand } from './commands/tenants.ts';
import { connectForCommands } from './connect.ts';
import { loadCliEnv } from './env.ts';
import { type CommandIo, UsageError } from './usage.ts';

const HELP = `gatehouse: self-service SSO onboarding for Amazon Cognito

${LOCAL_HELP}

${TENANTS_HELP}

${SETUP_LINKS_HELP}

${ANALYZE_HELP}

${DNS_HELP}

${JOBS_HELP}

Commands that read or change data use GATEHOUSE_TABLE, AWS_REGION and PUBLIC_URL when set (a deployed
portal), otherwise the local portal started with \`npm start\`.`;

/** Runs one CLI invocation and returns its exit code: 0 done, 1 failed, 2 bad usage. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const env = loadCliEnv();
  let deps: AppDeps | undefined;
  const lazyDeps = () => {
    deps ??= connectForCommands(env);
    return deps;
  };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'local':
        return await localCommand(rest, env, io);
      case 'tenants':
        return await tenantsCommand(rest, lazyDeps, io);
      case 'setup-links':
        return await setupLinksCommand(rest, lazyDeps, io);
      case 'analyze':
        return await analyzeCommand(rest, io);
      case 'dns':
        return await dnsCommand(rest, env, io);
      case 'jobs':
        return await jobsCommand(rest, lazyDeps, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command "${command}".\n\n${HELP}`);
    }
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

const io: CommandIo = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };
const isEntry =
  process.argv[1]?.endsWith('main.ts') || process.argv[1]?.endsWith('gatehouse.js') || process.argv[1]?.endsWith('gatehouse');
if (isEntry) {
  // Exit explicitly: the AWS SDK's keep-alive sockets would otherwise hold the process open a while.
  process.exit(await main(process.argv.slice(2), io));
}
