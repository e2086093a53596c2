import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MiniBrowser } from '@gatehouse/cognito-local/testing';
import { ensureDevPool, localCognitoClient } from '@gatehouse/dev-pool';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBundle } from '../scripts/build.ts';
import { commandNames, subcommandNames } from '../src/help.ts';
import { DEMO_LIVE_DOMAIN } from '../src/local/demo-connection.ts';
import { type LocalStackState, stateFile } from '../src/local/state.ts';
import { main } from '../src/main.ts';

// The bundled CLI (apps/cli/dist), as `npm run gatehouse` runs it: a plain `node` child process.

const fixtures = join(import.meta.dirname, '..', '..', '..', 'packages', 'core', 'test', 'fixtures', 'saml', 'generated');
const fixture = (folder: string) => join(fixtures, folder, 'metadata.xml');
/** Fixture certificates are judged at this date (see packages/core/scripts/generate-fixtures.ts). */
const AT = '2026-06-01T00:00:00Z';

let bundle: string;
beforeAll(async () => {
  bundle = await ensureCliBundle();
}, 180_000);

function runBundle(...args: string[]) {
  const result = spawnSync(process.execPath, [bundle, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

async function runSource(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the bundled CLI: --help', () => {
  it('documents every command in src/commands', () => {
    const files = readdirSync(join(import.meta.dirname, '..', 'src', 'commands')).map((name) => name.replace(/\.ts$/, ''));
    expect([...commandNames()].sort()).toEqual(files.sort());
  });

  const invocations = commandNames().flatMap((command) => [
    command,
    ...subcommandNames(command).map((subcommand) => `${command} ${subcommand}`),
  ]);

  it.each(invocations)('gatehouse %s --help prints its usage and exits 0', (invocation) => {
    const words = invocation.split(' ');
    for (const flag of ['--help', '-h']) {
      const result = runBundle(...words, flag);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toMatch(/^Usage:\n/);
      expect(result.out).toContain(`gatehouse ${words.join(' ')}`);
    }
  });

  it('prints the whole help for gatehouse --help, -h and help, and exits 2 without a command', () => {
    for (const flag of ['--help', '-h', 'help']) {
      const result = runBundle(flag);
      expect(result).toMatchObject({ code: 0, err: '' });
      for (const command of commandNames()) expect(result.out).toContain(`gatehouse ${command}`);
    }
    const bare = runBundle();
    expect(bare.code).toBe(2);
    expect(bare.out).toContain('gatehouse analyze saml-metadata');
    expect(runBundle('frobnicate', '--help').code).toBe(2);
  });

  it('prints a subcommand’s own usage only', () => {
    const result = runBundle('analyze', 'saml-metadata', '--help');
    expect(result.out).toContain('--allow-private-network');
    expect(result.out).not.toContain('gatehouse analyze oidc');
  });
});

describe('the bundled CLI: analyze saml-metadata', () => {
  it('prints the same JSON as the sources do', async () => {
    for (const folder of ['okta', 'adfs', 'entra']) {
      const bundled = runBundle('analyze', 'saml-metadata', fixture(folder), '--json', '--at', AT);
      const source = await runSource('analyze', 'saml-metadata', fixture(folder), '--json', '--at', AT);
      expect(bundled).toMatchObject({ code: source.code, err: '' });
      expect(JSON.parse(bundled.out)).toEqual(JSON.parse(source.out));
    }
    const okta = JSON.parse(runBundle('analyze', 'saml-metadata', fixture('okta'), '--json', '--at', AT).out);
    expect(okta).toMatchObject({
      ok: true,
      summary: { entityId: 'http://www.okta.com/exk1q2w3e4r5t6y7u8i9', vendor: 'okta' },
      source: { kind: 'file', location: fixture('okta') },
    });
    expect(okta.findings.map((f: { code: string }) => f.code)).toEqual([
      'METADATA_NO_SLO_ENDPOINT',
      'METADATA_VENDOR_DEFAULT_NAMEID',
    ]);
  });

  it('exits 1 on errors found and 2 on a file it cannot read', () => {
    const expired = runBundle('analyze', 'saml-metadata', fixture('bad/expired-certificate'), '--json', '--at', AT);
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.out).findings.map((f: { code: string }) => f.code)).toEqual(['METADATA_CERTIFICATE_EXPIRED']);
    const missing = runBundle('analyze', 'saml-metadata', join(fixtures, 'no-such-file.xml'), '--json');
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.out).error.code).toBe('FILE_UNREADABLE');
  });
});

/** The processes below `pid` (DynamoDB Local's java among them), from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

const running = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Whether anything accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** `gatehouse local` from the bundle as a child, as `npm start` runs it; stdout and stderr collected. */
function startLocal(dataRoot: string, ...args: string[]) {
  const child = spawn(process.execPath, [bundle, 'local', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GATEHOUSE_DATA_DIR: dataRoot, NO_COLOR: '1' },
  });
  const output = { out: '', err: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    output.out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output.err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (output.out.includes(text)) {
          child.stdout.off('data', check);
          resolve();
        }
      };
      child.stdout.on('data', check);
      check();
      exited.then((code) =>
        reject(new Error(`gatehouse local exited with ${code} before printing ${text}:\n${output.out}\n${output.err}`)),
      );
    });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // Stopped the way a user stops it, so that it stops DynamoDB Local and the rest too.
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    }
  };
  return { child, output, exited, printed, stop };
}

describe('the bundled CLI: local', () => {
  it('starts in memory, keeps the terminal to the banner, runs the commands it suggests, and stops on Ctrl-C', async () => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'gatehouse-bundle-'));
    const local = startLocal(dataRoot, '--ephemeral');
    const { output } = local;
    try {
      await local.printed('Press Ctrl-C to stop.');
      // --ephemeral still writes the state file the other commands connect with.
      const state = JSON.parse(readFileSync(stateFile(join(dataRoot, 'local')), 'utf8')) as LocalStackState;
      expect(state).toMatchObject({ pid: local.child.pid, ephemeral: true });
      expect(output.out).toContain(`Portal         ${state.portalUrl}`);
      const logFile = /^ {2}Logs {11}(\S+)/m.exec(output.out)?.[1] ?? '';
      expect(logFile.startsWith(tmpdir())).toBe(true);

      // Every command the banner suggests works against this stack.
      const suggested = output.out
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.startsWith('npm run gatehouse -- '))
        .map((line) =>
          line.slice('npm run gatehouse -- '.length).replace('<value shown in the wizard>', 'gatehouse-verification=v1.test'),
        );
      expect(suggested.length).toBe(3);
      for (const command of suggested) {
        const words = (command.match(/"[^"]*"|\S+/g) ?? []).map((word) => word.replace(/^"|"$/g, ''));
        const result = spawnSync(process.execPath, [bundle, ...words], {
          encoding: 'utf8',
          timeout: 30_000,
          env: { ...process.env, GATEHOUSE_DATA_DIR: dataRoot },
        });
        expect({ command, code: result.status, err: result.stderr }).toEqual({ command, code: 0, err: '' });
      }

      // The SAML sign-in runs samlify and its XML schema validator, which the bundle must load whole.
      const discovery = await fetch(`${state.portalUrl}/v1/discovery`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `someone@${DEMO_LIVE_DOMAIN}` }),
      });
      const { providerName } = (await discovery.json()) as { providerName: string };
      const pool = await ensureDevPool(localCognitoClient(state.cognitoEndpoint ?? ''), {
        portalUrl: state.portalUrl,
        domainUrl: () => state.cognitoDomainUrl,
      });
      const callback = `${state.demoAppUrl}/callback`;
      const authorize = new URL(`${state.cognitoDomainUrl}/oauth2/authorize`);
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: pool.appClientId,
        redirect_uri: callback,
        scope: 'openid email',
        identity_provider: providerName,
        state: 'bundle-test',
      }).toString();
      const signedIn = await new MiniBrowser(callback).signIn(authorize.toString(), 'bob');
      expect(signedIn.finalUrl).toMatch(/\/callback\?code=[^&]+&state=bundle-test$/);
      expect(signedIn.finalUrl?.startsWith(callback)).toBe(true);

      // Request lines went to the log file; the terminal kept the banner only, and stderr stayed empty.
      const logged = readFileSync(logFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged.some((record) => record.path === '/v1/discovery' && record.status === 200)).toBe(true);
      expect(output.out).not.toMatch(/^\{/m);
      expect(output.out.trimEnd().endsWith('Press Ctrl-C to stop.')).toBe(true);
      expect(output.err).toBe('');

      // Every address the banner shows, and the DNS record editor's, which only the state file names.
      const addresses = `${output.out} ${state.dnsAdminUrl}`;
      const ports = [...new Set([...addresses.matchAll(/127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1])))];
      expect(ports.length).toBeGreaterThanOrEqual(8);
      const children = descendants(local.child.pid ?? 0);
      expect(children.length).toBeGreaterThan(0);
      local.child.kill('SIGINT');
      expect(await local.exited).toBe(0);
      expect(output.out.trimEnd().split('\n').at(-1)).toMatch(/^Stopped\./);
      expect(await Promise.all(ports.map(listening))).toEqual(ports.map(() => false));
      expect(children.filter(running)).toEqual([]);
      expect(existsSync(stateFile(join(dataRoot, 'local')))).toBe(false);
    } finally {
      await local.stop();
      rmSync(dataRoot, { recursive: true, force: true });
    }
  }, 180_000);

  it('stops cleanly on Ctrl-C while it is still starting', async () => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'gatehouse-bundle-'));
    const local = startLocal(dataRoot, '--ephemeral');
    try {
      await local.printed('Starting Gatehouse locally');
      // DynamoDB Local is among the first things started: wait until it is, then interrupt.
      const deadline = Date.now() + 30_000;
      while (descendants(local.child.pid ?? 0).length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const children = descendants(local.child.pid ?? 0);
      expect(children.length).toBeGreaterThan(0);
      local.child.kill('SIGINT');
      expect(await local.exited).toBe(0);
      expect(local.output.out).not.toContain('Gatehouse is running.');
      expect(local.output.out.trimEnd().split('\n').at(-1)).toMatch(/^Stopped\./);
      expect(children.filter(running)).toEqual([]);
      expect(existsSync(stateFile(join(dataRoot, 'local')))).toBe(false);
    } finally {
      await local.stop();
      rmSync(dataRoot, { recursive: true, force: true });
    }
  }, 120_000);
});
