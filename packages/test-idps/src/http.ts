import { createServer, IncomingMessage, type RequestListener, type Server } from 'node:http';
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

/** Reads a request body of at most MAX_FORM_BYTES. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error('form body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads an `application/x-www-form-urlencoded` body. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(req)).toString('utf8'));
}

/**
 * The same request with its body readable again, for a handler that parses the body itself after
 * another one has read it: oidc-provider warns on the console when handed an already-parsed `req.body`.
 */
export function replayRequest(req: IncomingMessage, body: Buffer): IncomingMessage {
  const replay = new IncomingMessage(req.socket);
  replay.method = req.method;
  replay.url = req.url;
  replay.headers = req.headers;
  replay.rawHeaders = req.rawHeaders;
  replay.httpVersion = req.httpVersion;
  replay.httpVersionMajor = req.httpVersionMajor;
  replay.httpVersionMinor = req.httpVersionMinor;
  replay.push(body);
  replay.push(null);
  // Without it, the stream's end counts as an abort, which would destroy the shared socket.
  replay.complete = true;
  return replay;
}
