import { GatehouseError } from '@gatehouse/core';
import type { Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps, AppEnv } from '../deps.ts';
import { errorResponse, handleError } from './errors.ts';

// The middleware every request passes through, whatever its route. It imports no session or Cognito
// code, so an app made of the public routes alone (the Lambda's discovery path) stays small.

export const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Largest request body the API reads (SAML metadata files are at most 131,072 characters). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Some libraries throw strings (samlify throws 'ERR_EXCEPTION_VALIDATE_XML'); Hono hands only Error
 * instances to onError, so anything else is wrapped here.
 */
export const normalizeThrown: MiddlewareHandler = async (_c, next) => {
  try {
    await next();
  } catch (thrown) {
    if (thrown instanceof Error) throw thrown;
    throw new Error(`Non-error thrown: ${String(thrown)}`);
  }
};

export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    const log = deps.logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}

/** Security headers on every response; HTML responses replace the CSP with the web app's own. */
export function securityHeaders(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    if (!headers.has('Content-Security-Policy')) {
      headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    }
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (deps.config.publicUrl.protocol === 'https:') {
      headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
    }
    if (c.req.path.startsWith('/v1/') && !headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
  };
}

/**
 * First CSRF line for every state-changing request: a browser must say the request comes from the portal
 * itself (Origin, or Sec-Fetch-Site), and the body must be JSON, which no cross-site form can send
 * without a CORS preflight that this API never grants.
 */
export function sameOriginWrites(deps: AppDeps): MiddlewareHandler {
  const portalOrigin = deps.config.publicUrl.origin;
  return async (c, next) => {
    // Discovery is called by the SaaS's own login page or servers, carries no cookie and changes nothing.
    if (!MUTATING.has(c.req.method) || c.req.path === '/v1/discovery') return next();
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    if ((origin && origin !== portalOrigin) || (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none')) {
      throw new GatehouseError('CSRF_FAILED', 'This request did not come from the Gatehouse portal and was refused.');
    }
    const hasBody = c.req.header('content-length') !== undefined && c.req.header('content-length') !== '0';
    const type = c.req.header('content-type') ?? '';
    if ((hasBody || c.req.header('transfer-encoding')) && !/^application\/json\b/i.test(type)) {
      throw new GatehouseError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as JSON (Content-Type: application/json).');
    }
    return next();
  };
}

/**
 * Puts the edge middleware on `app`, in order: thrown non-errors wrapped, request id and log line,
 * security headers, body limit, same-origin writes. Call it before any route is added.
 */
export function useEdgeMiddleware(app: Hono<AppEnv>, deps: AppDeps): void {
  app.use('*', normalizeThrown);
  app.use('*', requestContext(deps));
  app.use('*', securityHeaders(deps));
  const tooLarge = () => {
    throw new GatehouseError('PAYLOAD_TOO_LARGE', `The request is larger than ${MAX_BODY_BYTES / 1024} KB.`);
  };
  const limitBody = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  // Only requests that may carry a body. Looking at the body makes the Node adapter build a full
  // Request, which costs more than the rest of a small request's handling, so a declared length is
  // checked from its header alone, as bodyLimit itself would; only a body without one is counted.
  app.use('/v1/*', (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return limitBody(c, next);
    if (Number.parseInt(declared, 10) > MAX_BODY_BYTES) tooLarge();
    return next();
  });
  app.use('/v1/*', sameOriginWrites(deps));
}

/** The API's 404 and error answers, in its one error shape. Call it after the last route. */
export function useErrorAnswers(app: Hono<AppEnv>): void {
  app.notFound((c) => errorResponse(c, new GatehouseError('ROUTE_NOT_FOUND', `There is no ${c.req.method} ${c.req.path}.`)));
  app.onError(handleError);
}
