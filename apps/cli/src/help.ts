import type { MonitoringJob } from '@gatehouse/core';

/**
 * Every command's help text, kept apart from the commands: `gatehouse --help` and `<command> --help`
 * print it without loading a command (and the API, the AWS SDK or the local stack with it).
 */
interface CommandHelp {
  /** Usage lines by subcommand, in the order printed; a command without subcommands has one, ''. */
  usage: Record<string, string>;
  /** What every subcommand shares (options, exit codes), printed after the usage lines. */
  notes?: string;
}

/** What each monitoring job checks; typed so that a job added to core must be described here. */
const JOB_SUMMARIES = {
  'refresh-metadata': 'SAML signing certificates: rotated, expiring within 30/14/7 days, metadata URL broken',
  'verify-domains': 'TXT records of verified domains; routing is withdrawn after the grace period',
  'detect-drift': 'live Cognito IdPs against their approved revision, and on the production app clients',
} as const satisfies Record<MonitoringJob, string>;

const COMMANDS = {
  local: {
    usage: {
      '': `  gatehouse local [--port <n>] [--ephemeral] [--reset] [--quiet]
      Runs the whole portal on 127.0.0.1 until Ctrl-C. Log lines go to .data/logs/gatehouse.log (a
      temporary file with --ephemeral); warnings and errors also reach the terminal.
      --ephemeral  keep nothing: data lives in memory for this run only
      --reset      delete the saved local data first
      --quiet      log warnings and errors only`,
    },
  },
  tenants: {
    usage: {
      create: '  gatehouse tenants create --name <name> [--id <slug>] [--json]',
      list: '  gatehouse tenants list [--limit <n>] [--json]',
    },
  },
  'setup-links': {
    usage: {
      create: `  gatehouse setup-links create <tenant> [--expires-in <72h|3d|90m>] [--json]
      Issues a new link and revokes the tenant's previous one.`,
      list: '  gatehouse setup-links list <tenant> [--json]',
      revoke: '  gatehouse setup-links revoke <tenant> <link-id>',
    },
  },
  analyze: {
    usage: {
      'saml-metadata': `  gatehouse analyze saml-metadata <file|url> [--json] [--at <date>] [--allow-private-network]
      Checks SAML IdP metadata before it reaches Cognito.`,
      oidc: `  gatehouse analyze oidc <issuer> [--client-id <id>] [--scopes <scopes>] [--json] [--allow-private-network]
      Fetches the issuer's discovery document and JWKS and checks them.`,
    },
    notes: `  --allow-private-network lets URLs on this machine or a private network be fetched (local test IdPs);
  the findings still say what production would refuse. --at judges certificates at another date.
  Exit 0: no error found; 1: errors found; 2: bad usage or the input could not be read.`,
  },
  dns: {
    usage: {
      'set-txt': `  gatehouse dns set-txt <name> <value> [<value>...]
      Publishes TXT records on the local portal's DNS server (the one its domain verification asks),
      e.g. gatehouse dns set-txt _gatehouse-challenge.acme.example.com gatehouse-verification=v1....`,
      'remove-txt': `  gatehouse dns remove-txt <name>
      Removes them again.`,
    },
    notes: '  Only for the local portal started with `npm start`: real domains are verified against real DNS.',
  },
  jobs: {
    usage: {
      run: `  gatehouse jobs run <${Object.keys(JOB_SUMMARIES).join('|')}|all> [--json]
      Runs a monitoring job now, as the schedule does, and prints what it checked and found:
${Object.entries(JOB_SUMMARIES)
  .map(([job, summary]) => `      ${job.padEnd(16)}  ${summary}`)
  .join('\n')}
      Exits 0 when the job ran (findings included), 1 when it could not run.`,
      'index-providers': `  gatehouse jobs index-providers
      Once after upgrading a deployment from a version without tenant claims: indexes the Cognito
      providers of connections made before, so their users' tokens carry tenant_id. Safe to repeat.`,
      'index-live-connections': `  gatehouse jobs index-live-connections
      Once after upgrading a deployment from a version whose monitoring jobs walked every tenant: puts
      the live connections saved before into the index the jobs now list them from. Safe to repeat.`,
      'index-review-queue': `  gatehouse jobs index-review-queue
      Once after upgrading a deployment from a version without the console's review queue: puts the
      connections already waiting for review into it, so Needs review counts them. Safe to repeat.`,
    },
  },
} as const satisfies Record<string, CommandHelp>;

export type CommandName = keyof typeof COMMANDS;

/** Every command, in the order help lists them. */
export function commandNames(): CommandName[] {
  return Object.keys(COMMANDS) as CommandName[];
}

/** The subcommands of a command (none for `local`). */
export function subcommandNames(command: CommandName): string[] {
  return Object.keys(COMMANDS[command].usage).filter((name) => name !== '');
}

export function isCommandName(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/**
 * The help of a command, or of one of its subcommands when `subcommand` names one (the command's notes
 * included); the whole command's otherwise.
 */
export function commandHelp(command: CommandName, subcommand?: string): string {
  const help: CommandHelp = COMMANDS[command];
  const lines =
    subcommand !== undefined && Object.hasOwn(help.usage, subcommand) ? [help.usage[subcommand]] : Object.values(help.usage);
  return ['Usage:', ...lines, ...(help.notes ? [help.notes] : [])].join('\n');
}

export const HELP = `gatehouse: self-service SSO onboarding for Amazon Cognito

${commandNames()
  .map((command) => commandHelp(command))
  .join('\n\n')}

Commands that read or change data use GATEHOUSE_TABLE, AWS_REGION and PUBLIC_URL when set (a deployed
portal), otherwise the local portal started with \`npm start\`.

Every command and subcommand takes --help.`;
