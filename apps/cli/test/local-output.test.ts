import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandNames, isCommandName, subcommandNames } from '../src/help.ts';
import { type BannerStack, CLI_PREFIX, localBanner } from '../src/local/banner.ts';
import { compactLogLine, LOG_ROTATE_BYTES, openLocalLog } from '../src/local/log-routing.ts';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-local-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (fields: Record<string, unknown>) => JSON.stringify({ time: '2026-12-07T12:04:05.123Z', ...fields });

describe('compactLogLine', () => {
  it.each([
    ['an info request line', line({ level: 'info', msg: 'request', method: 'GET', path: '/v1/health', status: 200 })],
    ['a debug line', line({ level: 'debug', msg: 'cache miss' })],
    ['text that is not JSON', 'this is not a log record'],
    ['JSON that is not a record', '"warn"'],
    ['a record without a level', line({ msg: 'no level' })],
  ])('leaves %s to the file only', (_case, input) => {
    expect(compactLogLine(input)).toBeNull();
  });

  it('gives warnings and errors one line: clock, level, message, then the fields', () => {
    expect(
      compactLogLine(line({ level: 'warn', msg: 'test login failed', connectionId: 'c_1', code: 'SAML_AUDIENCE_MISMATCH' })),
    ).toBe('12:04:05  warn   test login failed  connectionId=c_1 code=SAML_AUDIENCE_MISMATCH');
    const error = compactLogLine(line({ level: 'error', msg: 'unhandled', error: { name: 'Error', stack: 'Error: x\n  at y' } }));
    expect(error?.startsWith('12:04:05  error  unhandled  error={')).toBe(true);
    expect(error).not.toContain('\n');
  });

  it('cuts long fields short; the file keeps them whole', () => {
    const compact = compactLogLine(line({ level: 'warn', msg: 'big', detail: 'x'.repeat(5000) })) ?? '';
    expect(compact.length).toBeLessThan(300);
    expect(compact.endsWith('…')).toBe(true);
  });
});

describe('openLocalLog', () => {
  it('writes every line to the file and only warnings and errors to the terminal', () => {
    const file = join(dir, 'routing', 'gatehouse.log');
    const terminal: string[] = [];
    const log = openLocalLog(file, (text) => terminal.push(text));
    const lines = [
      line({ level: 'info', msg: 'request', path: '/v1/health', status: 200 }),
      line({ level: 'warn', msg: 'slow', path: '/v1/discovery' }),
      line({ level: 'error', msg: 'failed', code: 'INTERNAL' }),
    ];
    for (const l of lines) log.sink(l);
    log.close();
    expect(readFileSync(file, 'utf8')).toBe(`${lines.join('\n')}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(terminal).toEqual([compactLogLine(lines[1] ?? ''), compactLogLine(lines[2] ?? '')]);
    expect(terminal.join('\n')).not.toContain('/v1/health');
  });

  it('appends across runs, and moves a file over the size limit aside first', () => {
    const file = join(dir, 'rotate', 'gatehouse.log');
    const first = openLocalLog(file, () => undefined);
    first.sink(line({ level: 'info', msg: 'first run' }));
    first.close();
    const second = openLocalLog(file, () => undefined);
    second.sink(line({ level: 'info', msg: 'second run' }));
    second.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);

    writeFileSync(file, 'x'.repeat(LOG_ROTATE_BYTES + 1));
    const third = openLocalLog(file, () => undefined);
    third.sink(line({ level: 'info', msg: 'third run' }));
    third.close();
    expect(statSync(`${file}.1`).size).toBe(LOG_ROTATE_BYTES + 1);
    expect(readFileSync(file, 'utf8')).toContain('third run');
  });
});

const stack: BannerStack = {
  portalUrl: 'http://127.0.0.1:8787',
  demo: { tenantId: 'demo', tenantName: 'Demo Company', setupUrl: 'http://127.0.0.1:8787/setup/gsl_x' },
  operator: { username: 'alice', idpName: 'GatehouseOperators' },
  samlIdp: { metadataUrl: 'http://127.0.0.1:8790/metadata' } as BannerStack['samlIdp'],
  oidcIdp: { issuer: 'http://127.0.0.1:8789' } as BannerStack['oidcIdp'],
  dns: { address: '127.0.0.1:5300', setTxt: () => undefined, removeTxt: () => undefined, admin: { url: 'http://x', token: 't' } },
  demoLive: { domain: 'demo-sso.example.com', tenantId: 'demo-live' } as BannerStack['demoLive'],
  demoApp: { url: 'http://127.0.0.1:8791', clientId: 'app', callbackUrl: 'http://127.0.0.1:8791/callback' },
  apiClient: { clientId: 'api', clientSecret: 'secret', tokenUrl: 'http://127.0.0.1:8788/domains/d/oauth2/token' },
  cognitoEndpoint: 'http://127.0.0.1:8788',
  pool: { userPoolId: 'us-east-1_Local' } as BannerStack['pool'],
  dynamoEndpoint: 'http://127.0.0.1:8000',
};
const root = join(dir, 'repo');
const modes = {
  saved: { dataDir: join(root, '.data', 'local'), logFile: join(root, '.data', 'logs', 'gatehouse.log') },
  ephemeral: { dataDir: undefined, logFile: join(tmpdir(), 'gatehouse-local-abc', 'gatehouse.log') },
};

/** The CLI invocations a banner suggests, as argument lists. */
function suggestedCommands(banner: string): string[][] {
  return banner
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith(`${CLI_PREFIX} `))
    .map((l) => l.slice(CLI_PREFIX.length).trim().split(/\s+/));
}

describe('localBanner', () => {
  it.each(Object.entries(modes))('in %s mode suggests only commands the CLI has, and names the log file', (_mode, mode) => {
    const banner = localBanner(stack, { ...mode, cwd: root, bold: (s) => s });
    const commands = suggestedCommands(banner);
    expect(commands.map((c) => c.slice(0, 2).join(' ')).sort()).toEqual(['dns set-txt', 'tenants create', 'tenants list']);
    for (const [command, subcommand] of commands) {
      expect(isCommandName(command)).toBe(true);
      if (isCommandName(command)) expect(subcommandNames(command)).toContain(subcommand);
    }
    expect(commandNames()).toContain('local');
    for (const link of [stack.demo.setupUrl, `${stack.portalUrl}/admin`, stack.demoApp.url, stack.samlIdp.metadataUrl]) {
      expect(banner).toContain(link);
    }
    expect(banner).toContain(stack.oidcIdp.issuer);
    expect(banner).toContain(`${stack.portalUrl}/v1/discovery`);
    expect(banner).toContain('Press Ctrl-C to stop.');
  });

  it('shows saved paths from the repository root, and a temporary log file in full', () => {
    const saved = localBanner(stack, { ...modes.saved, cwd: root, bold: (s) => s });
    expect(saved).toMatch(/^ {2}Data {11}\.data\/local$/m);
    expect(saved).toMatch(/^ {2}Logs {11}\.data\/logs\/gatehouse\.log /m);
    const ephemeral = localBanner(stack, { ...modes.ephemeral, cwd: root, bold: (s) => s });
    expect(ephemeral).toContain('in memory (--ephemeral)');
    expect(ephemeral).toContain(`Logs           ${modes.ephemeral.logFile} `);
    expect(ephemeral).toContain(`tail -f ${modes.ephemeral.logFile}`);
  });
});
