import type { AddressInfo, Socket } from 'node:net';
import dns2 from 'dns2';

const { Packet } = dns2;
type DnsHandler = dns2.DnsHandler;
/** Response codes of RFC 1035 4.1.1 (dns2's typings leave out its `Packet.RCODE`). */
const RCODE = { FORMERR: 1, NXDOMAIN: 3 } as const;

/** A running authoritative DNS server. */
export interface TestDnsServer {
  host: string;
  /** The same port answers UDP and TCP. */
  port: number;
  /** `host:port`, ready for `Resolver.setServers([...])` of `node:dns`. */
  address: string;
  /**
   * Replaces the TXT record set of `name`: one record per value. Values longer than 255 bytes are sent
   * as several character-strings, as every DNS server must.
   */
  setTxt(name: string, values: string[]): void;
  /** Removes every TXT record of `name`; the name is then unknown (NXDOMAIN) unless others sit below it. */
  removeTxt(name: string): void;
  stop(): Promise<void>;
}

/** Options of {@link startDnsServer}. */
export interface DnsServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port (the same for UDP and TCP). */
  port?: number;
  /** TTL of every answer in seconds; default 0, so nothing downstream caches a record a test changes. */
  ttl?: number;
}

/** Most bytes in one DNS character-string (RFC 1035 3.3: a one-octet length). */
const MAX_CHARACTER_STRING = 255;

/** DNS names compare without case and without the root's trailing dot. */
export function normaliseName(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

/**
 * Splits a TXT value into character-strings of at most 255 UTF-8 bytes, never inside a character so each
 * piece still decodes on its own (verification tokens are ASCII; this matters only for odd values).
 */
export function splitCharacterStrings(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length === 0) return [''];
  const pieces: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + MAX_CHARACTER_STRING, bytes.length);
    // Continuation bytes look like 10xxxxxx: back off until the piece ends on a character boundary.
    while (end < bytes.length && end > start && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
    pieces.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
  }
  return pieces;
}

/**
 * Starts an authoritative DNS server (dns2) on UDP and TCP that answers TXT queries from records set at
 * run time: the answers domain verification reads through `node:dns`. Unknown names get NXDOMAIN; a
 * known name asked for another type, or a name with records only below it, gets an empty answer.
 */
export async function startDnsServer(options: DnsServerOptions = {}): Promise<TestDnsServer> {
  const host = options.host ?? '127.0.0.1';
  const ttl = options.ttl ?? 0;
  const records = new Map<string, string[]>();

  const nameExists = (name: string) => {
    if (records.has(name)) return true;
    const suffix = `.${name}`;
    for (const key of records.keys()) if (key.endsWith(suffix)) return true;
    return false;
  };

  const handle: DnsHandler = (request, send) => {
    const response = Packet.createResponseFromRequest(request);
    response.header.aa = 1;
    response.header.ra = 0;
    const [question] = request.questions;
    if (!question) {
      response.header.rcode = RCODE.FORMERR;
      send(response);
      return;
    }
    const name = normaliseName(question.name);
    if (!nameExists(name)) {
      response.header.rcode = RCODE.NXDOMAIN;
      send(response);
      return;
    }
    const values = records.get(name);
    if (values && (question.type === Packet.TYPE.TXT || question.type === Packet.TYPE.ANY)) {
      for (const value of values) {
        response.answers.push({
          name: question.name,
          type: Packet.TYPE.TXT,
          class: Packet.CLASS.IN,
          ttl,
          data: splitCharacterStrings(value),
          // dns2 encodes plain records; its typings describe decoded ones, which also carry toBuffer().
        } as dns2.Packet.Resource);
      }
    }
    send(response);
  };

  const { udp, tcp, port } = await bindSamePort(host, options.port ?? 0, handle);

  return {
    host,
    port,
    address: `${host}:${port}`,
    setTxt(name, values) {
      records.set(normaliseName(name), [...values]);
    },
    removeTxt(name) {
      records.delete(normaliseName(name));
    },
    async stop() {
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => {
          tcp.close(() => resolve());
          // Resolvers keep TCP connections open between queries; do not wait for their idle timeout.
          for (const socket of openSockets.get(tcp) ?? []) socket.destroy();
        }),
      ]);
    },
  };
}

const openSockets = new WeakMap<object, Set<Socket>>();

/**
 * Binds UDP first (port 0 picks a free one), then TCP on the same number, so a resolver's fallback to TCP
 * for a truncated answer reaches the same server. A port taken for TCP only is retried with another.
 */
async function bindSamePort(host: string, wanted: number, handle: DnsHandler) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const udp = dns2.createUDPServer({ type: host.includes(':') ? 'udp6' : 'udp4' });
    udp.on('request', handle);
    await udp.listen(wanted, host);
    const port = (udp.address() as AddressInfo).port;
    const tcp = dns2.createTCPServer(handle);
    const sockets = new Set<Socket>();
    openSockets.set(tcp, sockets);
    tcp.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, host, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
      return { udp, tcp, port };
    } catch (error) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if (wanted !== 0) throw error;
    }
  }
  throw new Error('no port free for both UDP and TCP');
}
