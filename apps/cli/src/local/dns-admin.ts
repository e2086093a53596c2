import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestDnsServer } from '@gatehouse/test-dns';

/** The local DNS server's record editor, reachable from other processes (CLI, browser tests). */
export interface DnsAdmin {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Sent as `X-DNS-Admin-Token`; a web page cannot send it, so no site can rewrite local records. */
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body?: unknown) {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

/**
 * A tiny HTTP API over the local DNS server's TXT records, on 127.0.0.1:
 *   PUT    /txt/<name>  {"values": ["..."]}   replaces the TXT records of <name>
 *   DELETE /txt/<name>                        removes them
 * Every request carries the token; the local stack writes URL and token to its state file.
 */
export async function startDnsAdmin(dns: TestDnsServer, options: { port?: number } = {}): Promise<DnsAdmin> {
  const token = randomBytes(24).toString('base64url');
  const server = createServer(async (request, response) => {
    try {
      if (request.headers['x-dns-admin-token'] !== token) return reply(response, 403, { error: 'bad token' });
      const match = /^\/txt\/([^/?#]{1,253})$/.exec(request.url ?? '');
      const name = match?.[1] ? decodeURIComponent(match[1]) : null;
      if (!name) return reply(response, 404, { error: 'use /txt/<name>' });
      if (request.method === 'DELETE') {
        dns.removeTxt(name);
        return reply(response, 204);
      }
      if (request.method === 'PUT') {
        const body: unknown = JSON.parse(await readBody(request));
        const values = (body as { values?: unknown })?.values;
        if (!Array.isArray(values) || !values.every((v) => typeof v === 'string' && v.length <= 4096)) {
          return reply(response, 400, { error: 'send {"values": ["..."]}' });
        }
        dns.setTxt(name, values);
        return reply(response, 200, { name, values });
      }
      return reply(response, 405, { error: 'PUT or DELETE' });
    } catch {
      return reply(response, 400, { error: 'bad request' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Client side of the admin API: sets (or, with no values, removes) the TXT records of `name`. */
export async function setLocalTxt(admin: { url: string; token: string }, name: string, values: string[]): Promise<void> {
  const response = await fetch(`${admin.url}/txt/${encodeURIComponent(name)}`, {
    method: values.length ? 'PUT' : 'DELETE',
    headers: { 'x-dns-admin-token': admin.token, 'content-type': 'application/json' },
    ...(values.length ? { body: JSON.stringify({ values }) } : {}),
  });
  if (!response.ok) throw new Error(`The local DNS server refused the change (HTTP ${response.status}).`);
}
