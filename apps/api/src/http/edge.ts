import { randomUUID } from 'node:crypto';
import { GatehouseError } from '@gatehouse/core';
import type { Context, Hono, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv, PublicDeps } from '../deps.ts';
import { lazyChild } from '../logger.ts';
import { errorResponse, handleError } from './errors.ts';

// The middleware every request passes through, whatever its route. It imports no session or Cognito
// code, so an app made of the public routes alone (the Lambda's discovery path) stays small.

export const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Largest request body the API reads (SAML metadata files are at most 131,072 characters). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The Content-Security-Policy of every answer that is not a page of the web app (which sets its own). */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** Security headers on every answer (names in lower case, as Node sends them). */
function securityHeaders(deps: PublicDeps): Record<string, string> {
  return {
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'content-security-policy': API_CSP,
    ...(deps.config.publicUrl.protocol === 'https:'
      ? { 'strict-transport-security': 'max-age=63072000; includeSubDomains' }
      : {}),
  };
}

/**
 * A JSON answer that carries every edge header from the start (security headers, request id, no-store),
 * plus `extra`. The edge middleware then leaves its headers alone: adding them to a finished response
 * costs more than a small route's whole handling, which matters on the login page's discovery call.
 * Headers set with c.header() are not included; pass them in `extra`.
 */
export function sendJson(c: Context<AppEnv>, data: unknown, status: 200 | 201, extra: Record<string, string> = {}): Response {
  // Object.assign, not an object spread: on Node 20 spreading these headers into a new object literal
  // costs about ten times as much, a microsecond per answer.
  const headers: Record<string, string> = Object.assign({}, c.get('edgeHeaders'), extra);
  headers['x-request-id'] = c.get('requestId');
  headers['content-type'] = 'application/json';
  const response = new Response(JSON.stringify(data), { status, headers });
  c.set('completeAnswer', response);
  return response;
}

/** Adds the edge headers to a response made any other way (c.json, c.html, static files). */
function addEdgeHeaders(c: Context<AppEnv>, edgeHeaders: Record<string, string>, requestId: string): void {
  if (c.get('completeAnswer') === c.res) return;
  const headers = c.res.headers;
  headers.set('x-request-id', requestId);
  for (const [name, value] of Object.entries(edgeHeaders)) {
    // A page of the web app brings its own CSP, and a route may choose its own caching.
    if ((name === 'content-security-policy' || name === 'cache-control') && headers.has(name)) continue;
    headers.set(name, value);
  }
}

const REQUEST_ID = /^[\w-]{8,64}$/;

/**
 * First CSRF line for every state-changing request: a browser must say the request comes from the portal
 * itself (Origin, or Sec-Fetch-Site), and the body must be JSON, which no cross-site form can send
 * without a CORS preflight that this API never grants. Discovery is exempt: the SaaS's login page and
 * servers call it, it carries no cookie and changes nothing.
 */
function checkSameOriginWrite(c: Context, path: string, portalOrigin: string): void {
  if (!MUTATING.has(c.req.method) || path === '/v1/discovery') return;
  const origin = c.req.header('origin');
  // An API client's call carries its token in a header, which no other site can make a browser send
  // (a cross-site request setting Authorization needs a CORS preflight this API never grants).
  const machine = path.startsWith('/v1/admin/') && c.req.header('authorization') !== undefined;
  const fetchSite = c.req.header('sec-fetch-site');
  if (!machine && ((origin && origin !== portalOrigin) || (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none'))) {
    throw new GatehouseError('CSRF_FAILED', 'This request did not come from the Gatehouse portal and was refused.');
  }
  const hasBody = c.req.header('content-length') !== undefined && c.req.header('content-length') !== '0';
  const type = c.req.header('content-type') ?? '';
  if ((hasBody || c.req.header('transfer-encoding')) && !/^application\/json\b/i.test(type)) {
    throw new GatehouseError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as JSON (Content-Type: application/json).');
  }
}

/**
 * Runs the route under a body limit of `maxBytes`. Only requests that may carry a body are limited.
 * Looking at the body makes the Node adapter build a full Request, which costs more than the rest of a
 * small request's handling, so a declared length is checked from its header alone, as bodyLimit itself
 * would; only a body without one is counted as it streams. Either way nothing has read the body yet.
 */
export function bodyLimitOf(maxBytes: number) {
  const tooLarge = () => {
    throw new GatehouseError('PAYLOAD_TOO_LARGE', `The request is larger than ${Math.floor(maxBytes / 1024)} KB.`);
  };
  const limitBody = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return (c: Context, next: Next): Promise<unknown> => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return limitBody(c, next);
    if (Number.parseInt(declared, 10) > maxBytes) tooLarge();
    return next();
  };
}

const withinBodyLimit = bodyLimitOf(MAX_BODY_BYTES);

/**
 * The edge of every request, in one middleware: a request id (kept from X-Request-Id when well formed)
 * and a logger carrying it; for /v1/ paths the body limit and the same-origin check on writes; the
 * route; whatever it threw, answered in the API's error shape; the security headers and X-Request-Id
 * on the answer (Cache-Control no-store on /v1/); one JSON log line per request.
 */
function edge(deps: PublicDeps): MiddlewareHandler<AppEnv> {
  const otherHeaders = securityHeaders(deps);
  const apiHeaders = { ...otherHeaders, 'cache-control': 'no-store' };
  const portalOrigin = deps.config.publicUrl.origin;
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = lazyChild(deps.logger, { requestId });
    const path = c.req.path;
    const api = path.startsWith('/v1/');
    const edgeHeaders = api ? apiHeaders : otherHeaders;
    c.set('requestId', requestId);
    c.set('log', log);
    c.set('edgeHeaders', edgeHeaders);
    try {
      if (api) {
        checkSameOriginWrite(c, path, portalOrigin);
        await withinBodyLimit(c, next);
      } else {
        await next();
      }
    } catch (thrown) {
      // Errors the routes throw are answered by onError inside; these are the edge's own refusals, and
      // anything thrown that is not an Error (samlify throws strings), which Hono passes up unanswered.
      c.res = await handleError(thrown, c);
    }
    addEdgeHeaders(c, edgeHeaders, requestId);
    // The line log.info() would write, without making the request's child logger for it.
    deps.logger.info('request', {
      requestId,
      method: c.req.method,
      path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}

/** Puts the edge middleware on `app`. Call it before any route is added. */
export function useEdgeMiddleware(app: Hono<AppEnv>, deps: PublicDeps): void {
  app.use('*', edge(deps));
}

/** The API's 404 and error answers, in its one error shape. Call it after the last route. */
export function useErrorAnswers(app: Hono<AppEnv>): void {
  app.notFound((c) => errorResponse(c, new GatehouseError('ROUTE_NOT_FOUND', `There is no ${c.req.method} ${c.req.path}.`)));
  app.onError(handleError);
}
