import { Resolver } from 'node:dns/promises';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDnsServer, type TestDnsServer } from '@gatehouse/test-dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DnsAdmin, startDnsAdmin } from '../src/local/dns-admin.ts';
import { stateFile } from '../src/local/state.ts';
import { main } from '../src/main.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('gatehouse dns', () => {
  let dns: TestDnsServer;
  let admin: DnsAdmin;
  let dataRoot: string;
  const resolver = new Resolver();
  const name = '_gatehouse-challenge.acme.example.com';

  beforeAll(async () => {
    dns = await startDnsServer();
    admin = await startDnsAdmin(dns);
    resolver.setServers([dns.address]);
    dataRoot = mkdtempSync(join(tmpdir(), 'gatehouse-dns-'));
    process.env.GATEHOUSE_DATA_DIR = dataRoot;
  });
  afterAll(async () => {
    delete process.env.GATEHOUSE_DATA_DIR;
    rmSync(dataRoot, { recursive: true, force: true });
    await admin.close();
    await dns.stop();
  });

  it('says to start the local portal when none is running', async () => {
    const result = await run('dns', 'set-txt', name, 'gatehouse-verification=v1.abc');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/npm start/);
  });

  it('publishes and removes TXT records on the running local portal’s DNS server', async () => {
    mkdirSync(join(dataRoot, 'local'), { recursive: true });
    writeFileSync(
      stateFile(join(dataRoot, 'local')),
      JSON.stringify({ pid: process.pid, dnsAdminUrl: admin.url, dnsAdminToken: admin.token }),
    );
    expect((await run('dns', 'set-txt', name, 'gatehouse-verification=v1.abc', 'other')).code).toBe(0);
    expect((await resolver.resolveTxt(name)).sort()).toEqual([['gatehouse-verification=v1.abc'], ['other']]);
    expect((await run('dns', 'remove-txt', name)).code).toBe(0);
    await expect(resolver.resolveTxt(name)).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect((await run('dns', 'set-txt', name)).code).toBe(2);
  });

  it('refuses changes without the admin token, so no web page can rewrite local records', async () => {
    const response = await fetch(`${admin.url}/txt/${name}`, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ values: ['forged'] }),
    });
    expect(response.status).toBe(403);
    await expect(resolver.resolveTxt(name)).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});
