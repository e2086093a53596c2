import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A started HTTP server and the origin it answers on. */
export interface Listening {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts an HTTP server on `host:port` (port 0 picks a free one). The handler is set later through
 * `setHandler`, because the IdPs need their own origin, known only once the port is bound, to build
 * issuers and entity ids.
 */
export async function listen(host: string, port: number): Promise<Listening & { setHandler(handler: RequestListener): void }> {
  let handler: RequestListener = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => handler(req, res));
  // Browsers keep connections alive; without this, stop() would wait for them to time out.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${hostForUrl}:${address.port}`,
    setHandler(next) {
      handler = next;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Most a login form may carry; anything larger is not one of ours. */
const MAX_FORM_BYTES = 64 * 1024;

/** Reads an `application/x-www-form-urlencoded` body. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error('form body too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
