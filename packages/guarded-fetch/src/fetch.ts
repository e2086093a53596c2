import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { GatehouseError } from '@gatehouse/core';
import { Agent, request } from 'undici';
import { classifyAddress, isIpLiteral } from './address.ts';

/** One answer of a resolver, as node:dns returns it with `all: true`. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a hostname to every address it has; injected in tests to simulate hostile DNS. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface GuardedFetchOptions {
  /**
   * Allows loopback and private addresses, any port, and plain http to loopback, for IdPs running on the
   * developer's machine. Off by default; only the local stack turns it on.
   */
  allowPrivateNetwork?: boolean;
  /** Replaces DNS resolution (tests). */
  resolve?: Resolver;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Longest silence between two body chunks. */
  bodyTimeoutMs?: number;
  /** Deadline for the whole fetch, redirects included. */
  totalTimeoutMs?: number;
  /** Largest body read, in bytes. */
  maxBytes?: number;
  /** Redirects followed, each hop checked like the first URL. */
  maxRedirects?: number;
  /** Ports allowed without the private-network setting; Cognito's own 443 and 80 unless told otherwise. */
  ports?: readonly number[];
}

export interface FetchedDocument {
  /** The URL the body came from, after redirects. */
  url: string;
  status: number;
  contentType: string | null;
  text: string;
}

export const GUARDED_FETCH_DEFAULTS = {
  allowPrivateNetwork: false,
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  totalTimeoutMs: 20_000,
  maxBytes: 1_048_576,
  maxRedirects: 3,
  ports: [443, 80],
} as const;

const defaultResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

type Settings = Required<Omit<GuardedFetchOptions, 'resolve'>> & { resolve: Resolver };

function refuseUrl(url: string, message: string, reason: string): GatehouseError {
  return new GatehouseError('FETCH_URL_REFUSED', message, { url, reason });
}

/** Checks scheme, credentials, port and literal addresses of one URL (each redirect hop included). */
function checkUrl(raw: string, settings: Settings): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuseUrl(raw, 'This is not an absolute URL.', 'invalid');
  }
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw refuseUrl(shown, `Only https URLs can be fetched, not ${url.protocol}.`, 'scheme');
  }
  if (url.username || url.password) throw refuseUrl(shown, 'URLs with a user name or password are not fetched.', 'credentials');
  const literal = isIpLiteral(url.hostname) ? classifyAddress(url.hostname) : null;
  if (url.protocol === 'http:') {
    // Plain http only reaches a test IdP on this machine, and only with the private-network setting.
    const loopbackName = url.hostname === 'localhost' || literal === 'loopback';
    if (!settings.allowPrivateNetwork || !loopbackName) {
      throw refuseUrl(shown, 'Only https URLs can be fetched; Cognito refuses plain http.', 'scheme');
    }
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  if (!settings.allowPrivateNetwork && !settings.ports.includes(port)) {
    throw refuseUrl(shown, `Port ${port} is not allowed: Cognito reaches identity providers only on ports 443 and 80.`, 'port');
  }
  // Node skips the lookup hook for IP literals, so they are judged here before any socket opens.
  if (literal !== null && !addressAllowed(literal, settings, url.protocol)) {
    throw new GatehouseError('FETCH_ADDRESS_REFUSED', refusedAddressMessage(url.hostname), { url: shown, address: url.hostname });
  }
  return url;
}

function addressAllowed(verdict: ReturnType<typeof classifyAddress>, settings: Settings, protocol: string): boolean {
  if (verdict === 'forbidden') return false;
  if (protocol === 'http:') return verdict === 'loopback';
  if (verdict === 'public') return true;
  return settings.allowPrivateNetwork;
}

function refusedAddressMessage(address: string): string {
  return `The address ${address} is on a private, loopback or reserved network; Gatehouse only fetches from public internet addresses.`;
}

/** A lookup hook for the socket: resolves, refuses if any answer is not allowed, then dials. */
function guardedLookup(settings: Settings, protocol: string, state: { refused?: string }): LookupFunction {
  return (hostname, options, callback) => {
    settings.resolve(hostname).then(
      (addresses) => {
        const refused =
          addresses.length === 0
            ? hostname
            : addresses.find((a) => !addressAllowed(classifyAddress(a.address), settings, protocol))?.address;
        if (refused !== undefined) {
          state.refused = refused;
          callback(Object.assign(new Error(`address ${refused} refused`), { code: 'EADDRREFUSED' }), '', 0);
          return;
        }
        const family = options.family === 6 || options.family === 4 ? options.family : 0;
        const matching = family ? addresses.filter((a) => a.family === family) : addresses;
        if (options.all) {
          (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, matching);
        } else {
          const first = matching[0] ?? addresses[0];
          callback(null, first?.address ?? '', first?.family ?? 4);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code === 'string') return code;
    if (name === 'TimeoutError') return 'TIMEOUT';
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Makes a fetcher for customer-supplied URLs (SAML metadata, OIDC discovery, JWKS): https only on ports
 * 443/80, every dialled address checked at connect time (no DNS-rebinding gap), IP literals checked
 * before connecting, redirects re-checked hop by hop, connect/header/body/total timeouts and a byte cap.
 * Errors are GatehouseErrors whose messages never include the body of a refused or failed response.
 */
export function createGuardedFetch(options: GuardedFetchOptions = {}) {
  const settings: Settings = {
    ...GUARDED_FETCH_DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    resolve: options.resolve ?? defaultResolver,
  } as Settings;

  return async function guardedFetch(rawUrl: string, init: { accept?: string } = {}): Promise<FetchedDocument> {
    const deadline = AbortSignal.timeout(settings.totalTimeoutMs);
    let current = rawUrl;
    for (let hop = 0; ; hop++) {
      const url = checkUrl(current, settings);
      const shown = `${url.protocol}//${url.host}${url.pathname}`;
      const state: { refused?: string } = {};
      const agent = new Agent({
        connect: { lookup: guardedLookup(settings, url.protocol, state), timeout: settings.connectTimeoutMs },
        headersTimeout: settings.headersTimeoutMs,
        bodyTimeout: settings.bodyTimeoutMs,
        pipelining: 0,
      });
      try {
        let response: Awaited<ReturnType<typeof request>>;
        try {
          response = await request(url, {
            dispatcher: agent,
            method: 'GET',
            headers: { accept: init.accept ?? '*/*', 'user-agent': 'Gatehouse' },
            signal: deadline,
          });
        } catch (error) {
          throw translate(error, state, shown);
        }
        const { statusCode, headers, body } = response;
        // A body dropped unread (redirect, error status, cap) reports its abort as an error event.
        body.on('error', () => {});
        if (statusCode >= 300 && statusCode < 400 && typeof headers.location === 'string') {
          body.destroy();
          if (hop >= settings.maxRedirects) {
            throw new GatehouseError('FETCH_REDIRECT_REFUSED', `${shown} redirected more than ${settings.maxRedirects} times.`, {
              url: shown,
            });
          }
          current = new URL(headers.location, url).toString();
          continue;
        }
        if (statusCode < 200 || statusCode >= 300) {
          body.destroy();
          throw new GatehouseError('FETCH_HTTP_ERROR', `${shown} answered with HTTP status ${statusCode}.`, {
            url: shown,
            status: statusCode,
          });
        }
        const declared = Number(headers['content-length']);
        if (Number.isFinite(declared) && declared > settings.maxBytes) {
          body.destroy();
          throw tooLarge(shown, settings.maxBytes);
        }
        const chunks: Uint8Array[] = [];
        let total = 0;
        try {
          for await (const chunk of body as AsyncIterable<Uint8Array>) {
            total += chunk.byteLength;
            if (total > settings.maxBytes) {
              body.destroy();
              throw tooLarge(shown, settings.maxBytes);
            }
            chunks.push(chunk);
          }
        } catch (error) {
          throw translate(error, state, shown);
        }
        const bytes = new Uint8Array(total);
        let offset = 0;
        for (const chunk of chunks) {
          bytes.set(chunk, offset);
          offset += chunk.byteLength;
        }
        const contentType = headers['content-type'];
        return {
          url: url.toString(),
          status: statusCode,
          contentType: typeof contentType === 'string' ? contentType : null,
          text: new TextDecoder().decode(bytes),
        };
      } finally {
        await agent.destroy().catch(() => {});
      }
    }
  };
}

function tooLarge(url: string, maxBytes: number): GatehouseError {
  return new GatehouseError('FETCH_TOO_LARGE', `${url} sent more than ${maxBytes.toLocaleString('en-US')} bytes.`, {
    url,
    maxBytes,
  });
}

function translate(error: unknown, state: { refused?: string }, url: string): GatehouseError {
  if (error instanceof GatehouseError) return error;
  if (state.refused !== undefined) {
    return new GatehouseError('FETCH_ADDRESS_REFUSED', refusedAddressMessage(state.refused), { url, address: state.refused });
  }
  const code = errorCode(error);
  if (
    code === 'TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'ABORT_ERR' ||
    code === 'UND_ERR_ABORTED'
  ) {
    return new GatehouseError('FETCH_TIMEOUT', `${url} did not answer in time.`, { url, reason: code });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new GatehouseError('FETCH_FAILED', `The host of ${url} could not be found.`, { url, reason: code });
  }
  return new GatehouseError('FETCH_FAILED', `${url} could not be fetched${code ? ` (${code})` : ''}.`, {
    url,
    reason: code ?? 'unknown',
  });
}

export type GuardedFetch = ReturnType<typeof createGuardedFetch>;
