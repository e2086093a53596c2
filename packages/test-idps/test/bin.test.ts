import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/gatehouse-test-idps.js', import.meta.url));

/** Starts the bin and waits for its last start-up line. */
function startBin(args: string[]): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`bin did not start:\n${output}`)), 25_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Demo users:')) {
        clearTimeout(timer);
        resolve({ child, output });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bin exited with ${code}:\n${output}`));
    });
  });
}

describe('gatehouse-test-idps', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('starts both IdPs on free ports, serves discovery and metadata, and stops on SIGTERM', async () => {
    const started = await startBin([
      '--oidc-client',
      'cognito,secret,https://rp.example/oauth2/idpresponse',
      '--saml-sp',
      'urn:amazon:cognito:sp:eu-west-1_Bin,https://rp.example/saml2/idpresponse',
      '--oidc-auth-methods',
      'client_secret_post',
    ]);
    child = started.child;
    const issuer = /^\s+issuer\s+(\S+)$/m.exec(started.output)?.[1] ?? '';
    const metadataUrl = /^\s+metadata\s+(\S+)$/m.exec(started.output)?.[1] ?? '';
    expect(started.output).toMatch(/OIDC IdP listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(started.output).toMatch(/SAML IdP listening on http:\/\/127\.0\.0\.1:\d+/);

    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(issuer);
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(['client_secret_post']);
    expect(await (await fetch(metadataUrl)).text()).toContain('IDPSSODescriptor');

    const exited = new Promise<number | null>((resolve) => started.child.on('exit', resolve));
    started.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
