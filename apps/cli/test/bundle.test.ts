import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

const fixtures = join(import.meta.dirname, '..', '..', '..', 'packages', 'core', 'test', 'fixtures', 'saml');
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

describe('the bundled CLI: local', () => {
  it('starts the whole local stack, signs a user in through its live SAML IdP, and stops on Ctrl-C', async () => {
    // Saved data (not --ephemeral), so that the state file tells where the local Cognito listens.
    const dataRoot = mkdtempSync(join(tmpdir(), 'gatehouse-bundle-'));
    const child = spawn(process.execPath, [bundle, 'local', '--port', '0', '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GATEHOUSE_DATA_DIR: dataRoot },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let out = '';
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Press Ctrl-C to stop.')) resolve();
        });
        exited.then((code) => reject(new Error(`gatehouse local exited with ${code} before its banner:\n${out}\n${err}`)));
      });
      const state = JSON.parse(readFileSync(stateFile(join(dataRoot, 'local')), 'utf8')) as LocalStackState;
      expect(out).toContain(`Portal         ${state.portalUrl}`);

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

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(out).toContain('Stopped. Nothing is left running.');
    } finally {
      // Stopped the way a user stops it, so that it stops DynamoDB Local and the rest too.
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      }
      rmSync(dataRoot, { recursive: true, force: true });
    }
  }, 180_000);
});
