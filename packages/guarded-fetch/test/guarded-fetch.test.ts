import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress, createGuardedFetch, type GuardedFetchOptions, type Resolver } from '../src/index.ts';

interface CountingServer {
  port: number;
  connections: () => number;
  close: () => Promise<void>;
}

const SECRET = 'internal-secret-7f3a';

/** A server on 127.0.0.1 that counts every TCP connection, to prove refused requests never connect. */
async function startServer(): Promise<CountingServer> {
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/doc') {
      res.writeHead(200, { 'content-type': 'application/xml' }).end('<ok/>');
    } else if (path === '/redirect-local') {
      res.writeHead(302, { location: '/doc' }).end();
    } else if (path === '/redirect-metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    } else if (path === '/redirect-https-metadata') {
      res.writeHead(307, { location: 'https://169.254.169.254/latest/meta-data/' }).end();
    } else if (path === '/redirect-rebinding') {
      res.writeHead(302, { location: 'https://rebind.example/metadata.xml' }).end();
    } else if (path === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (path === '/error') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`stack trace with ${SECRET}`);
    } else if (path === '/huge-declared') {
      res.writeHead(200, { 'content-length': String(10_000_000) }).end();
    } else if (path === '/endless') {
      res.writeHead(200, { 'content-type': 'application/xml' });
      const chunk = Buffer.alloc(16_384, 0x61);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {}
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    } else if (path === '/stall-headers') {
      // Never answers.
    } else if (path === '/stall-body') {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.write('<partial>');
    } else {
      res.writeHead(404).end(SECRET);
    }
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A resolver that answers from a table and counts its calls, standing in for DNS. */
function fakeDns(table: Record<string, string[]>) {
  let calls = 0;
  const resolve: Resolver = async (hostname) => {
    calls++;
    const answers = table[hostname];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, calls: () => calls };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; details: unknown };
  }
  throw new Error('expected the fetch to fail');
}

let server: CountingServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** Production settings, except that the test server's port counts as allowed. */
const production = (extra: GuardedFetchOptions = {}) => createGuardedFetch({ ports: [443, 80, server.port], ...extra });

describe('without the private-network setting', () => {
  it.each(['file:///etc/passwd', 'data:text/xml,<x/>', 'gopher://127.0.0.1/', 'ftp://example.com/x', 'javascript:alert(1)'])(
    'refuses the scheme of %s',
    async (url) => {
      const error = await failure(createGuardedFetch()(url));
      expect(error.code).toBe('FETCH_URL_REFUSED');
    },
  );

  it('refuses plain http and ports other than 443/80 before connecting', async () => {
    const before = server.connections();
    expect((await failure(createGuardedFetch()(`http://127.0.0.1:${server.port}/doc`))).code).toBe('FETCH_URL_REFUSED');
    expect((await failure(createGuardedFetch()(`https://idp.example.com:8443/doc`))).code).toBe('FETCH_URL_REFUSED');
    expect((await failure(createGuardedFetch()('https://user:pw@idp.example.com/doc'))).code).toBe('FETCH_URL_REFUSED');
    expect(server.connections()).toBe(before);
  });

  it.each([
    '127.0.0.1',
    '2130706433',
    '0x7f.1',
    '127.1',
    '0177.0.0.1',
    '0.0.0.0',
    '[::1]',
    '[::ffff:127.0.0.1]',
    '169.254.169.254',
    '[::ffff:a9fe:a9fe]',
    '10.0.0.1',
    '172.16.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '[fc00::1]',
    '[fd12:3456::1]',
    '[fe80::1]',
    '[64:ff9b::7f00:1]',
    '[2002:7f00:1::1]',
    '[::]',
  ])('refuses the literal address %s without resolving or connecting', async (host) => {
    const dns = fakeDns({});
    const before = server.connections();
    const error = await failure(production({ resolve: dns.resolve })(`https://${host}:${server.port}/doc`));
    expect(error.code).toBe('FETCH_ADDRESS_REFUSED');
    expect(dns.calls()).toBe(0);
    expect(server.connections()).toBe(before);
  });

  it('refuses a hostname that resolves to loopback, checked on the address dialled', async () => {
    const dns = fakeDns({ 'idp.attacker.example': ['127.0.0.1'] });
    const before = server.connections();
    const error = await failure(production({ resolve: dns.resolve })(`https://idp.attacker.example:${server.port}/doc`));
    expect(error.code).toBe('FETCH_ADDRESS_REFUSED');
    expect(dns.calls()).toBeGreaterThan(0);
    expect(server.connections()).toBe(before);
  });

  it('refuses a hostname whose answers mix public and private addresses', async () => {
    for (const answers of [
      ['93.184.216.34', '127.0.0.1'],
      ['127.0.0.1', '93.184.216.34'],
      ['2606:2800:220:1:248:1893:25c8:1946', '::ffff:127.0.0.1'],
    ]) {
      const dns = fakeDns({ 'mixed.example': answers });
      const before = server.connections();
      const error = await failure(production({ resolve: dns.resolve })(`https://mixed.example:${server.port}/doc`));
      expect(error.code).toBe('FETCH_ADDRESS_REFUSED');
      expect(server.connections()).toBe(before);
    }
  });

  it('says so when a host does not exist', async () => {
    const error = await failure(production({ resolve: fakeDns({}).resolve })(`https://nowhere.example:${server.port}/doc`));
    expect(error.code).toBe('FETCH_FAILED');
  });
});

describe('with the private-network setting (local test IdPs)', () => {
  const local = (extra: GuardedFetchOptions = {}) => createGuardedFetch({ allowPrivateNetwork: true, ...extra });

  it('fetches over plain http from loopback', async () => {
    const before = server.connections();
    const doc = await local()(`http://127.0.0.1:${server.port}/doc`);
    expect(doc).toMatchObject({ status: 200, text: '<ok/>', contentType: 'application/xml' });
    expect(server.connections()).toBe(before + 1);
  });

  it('fetches http://localhost, resolving it through the guard', async () => {
    const dns = fakeDns({ localhost: ['127.0.0.1'] });
    const doc = await local({ resolve: dns.resolve })(`http://localhost:${server.port}/doc`);
    expect(doc.text).toBe('<ok/>');
    expect(dns.calls()).toBe(1);
  });

  it('still refuses plain http to anything but loopback, and the metadata address always', async () => {
    const dns = fakeDns({ localhost: ['192.168.1.20'] });
    expect((await failure(local()('http://10.0.0.5/metadata.xml'))).code).toBe('FETCH_URL_REFUSED');
    expect((await failure(local({ resolve: dns.resolve })(`http://localhost:${server.port}/doc`))).code).toBe(
      'FETCH_ADDRESS_REFUSED',
    );
    expect((await failure(local()('https://169.254.169.254/latest/meta-data/'))).code).toBe('FETCH_ADDRESS_REFUSED');
    expect((await failure(local()('https://[::ffff:a9fe:a9fe]/'))).code).toBe('FETCH_ADDRESS_REFUSED');
  });

  it('follows a redirect on the same server, re-checking the hop', async () => {
    const doc = await local()(`http://127.0.0.1:${server.port}/redirect-local`);
    expect(doc.text).toBe('<ok/>');
    expect(doc.url).toBe(`http://127.0.0.1:${server.port}/doc`);
  });

  it('refuses a redirect to the metadata address or to plain http elsewhere', async () => {
    expect((await failure(local()(`http://127.0.0.1:${server.port}/redirect-metadata`))).code).toBe('FETCH_URL_REFUSED');
    expect((await failure(local()(`http://127.0.0.1:${server.port}/redirect-https-metadata`))).code).toBe(
      'FETCH_ADDRESS_REFUSED',
    );
    expect((await failure(local()(`http://127.0.0.1:${server.port}/loop`))).code).toBe('FETCH_REDIRECT_REFUSED');
  });

  it('checks the address a redirect hop resolves to when it is dialled', async () => {
    const dns = fakeDns({ 'rebind.example': ['169.254.169.254'] });
    const error = await failure(local({ resolve: dns.resolve })(`http://127.0.0.1:${server.port}/redirect-rebinding`));
    expect(error.code).toBe('FETCH_ADDRESS_REFUSED');
    expect(dns.calls()).toBe(1);
  });

  it('gives up on a server that never answers, or stalls mid-body', async () => {
    const started = Date.now();
    expect((await failure(local({ headersTimeoutMs: 200 })(`http://127.0.0.1:${server.port}/stall-headers`))).code).toBe(
      'FETCH_TIMEOUT',
    );
    expect((await failure(local({ bodyTimeoutMs: 200 })(`http://127.0.0.1:${server.port}/stall-body`))).code).toBe(
      'FETCH_TIMEOUT',
    );
    expect((await failure(local({ totalTimeoutMs: 300 })(`http://127.0.0.1:${server.port}/stall-headers`))).code).toBe(
      'FETCH_TIMEOUT',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops reading at the byte cap, declared or not', async () => {
    expect((await failure(local({ maxBytes: 100_000 })(`http://127.0.0.1:${server.port}/endless`))).code).toBe('FETCH_TOO_LARGE');
    expect((await failure(local()(`http://127.0.0.1:${server.port}/huge-declared`))).code).toBe('FETCH_TOO_LARGE');
  });

  it('never shows the body of a failed response', async () => {
    for (const path of ['/error', '/missing']) {
      const error = await failure(local()(`http://127.0.0.1:${server.port}${path}`));
      expect(error.code).toBe('FETCH_HTTP_ERROR');
      expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(SECRET);
    }
  });
});

describe('classifyAddress', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['2606:2800:220:1:248:1893:25c8:1946', 'public'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['100.64.0.1', 'private'],
    ['fd00::1', 'private'],
    ['169.254.169.254', 'forbidden'],
    ['::ffff:169.254.169.254', 'forbidden'],
    ['64:ff9b::a9fe:a9fe', 'forbidden'],
    ['2002:a9fe:a9fe::', 'forbidden'],
    ['224.0.0.1', 'forbidden'],
    ['not an address', 'forbidden'],
  ])('%s is %s', (address, verdict) => {
    expect(classifyAddress(address)).toBe(verdict);
  });
});
