import { GatehouseError } from '@gatehouse/core';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { constantTimeEqual } from '../crypto.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { resolveOperatorSession } from '../services/operator-sessions.ts';
import { resolveSetupSession } from '../services/setup-sessions.ts';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

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

export const SETUP_COOKIE = { secure: '__Host-gh_setup', local: 'gh_setup' } as const;

export function setupCookieName(deps: AppDeps): string {
  return deps.config.secureCookies ? SETUP_COOKIE.secure : SETUP_COOKIE.local;
}

/**
 * Requires a live setup session; the tenant always comes from the session, never from the request.
 * State-changing requests must also echo the session's CSRF token in X-CSRF-Token.
 */
export function requireSetupSession(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cookie = getCookie(c, setupCookieName(deps));
    const resolved = cookie ? await resolveSetupSession(deps.tenants, cookie, deps.now()) : null;
    if (!resolved) {
      throw new GatehouseError('SESSION_REQUIRED', 'Your setup session has ended. Open your setup link again to continue.');
    }
    if (MUTATING.has(c.req.method)) {
      const sent = c.req.header('x-csrf-token') ?? '';
      if (!constantTimeEqual(sent, resolved.session.csrfToken)) {
        throw new GatehouseError('CSRF_FAILED', 'This request is missing its security token. Reload the page and try again.');
      }
    }
    c.set('setup', resolved);
    c.set('log', c.var.log.child({ tenantId: resolved.tenant.id }));
    return next();
  };
}

/** The operator console's cookies: a name of their own, so a setup session never counts as an operator's. */
export const OPERATOR_COOKIE = { secure: '__Host-gh_operator', local: 'gh_operator' } as const;
/** Binds a sign-in in progress to the browser that started it. */
export const OPERATOR_LOGIN_COOKIE = { secure: '__Host-gh_operator_login', local: 'gh_operator_login' } as const;

export function operatorCookieName(deps: AppDeps): string {
  return deps.config.secureCookies ? OPERATOR_COOKIE.secure : OPERATOR_COOKIE.local;
}

export function operatorLoginCookieName(deps: AppDeps): string {
  return deps.config.secureCookies ? OPERATOR_LOGIN_COOKIE.secure : OPERATOR_LOGIN_COOKIE.local;
}

/**
 * Requires a live operator session (security case 46): anonymous callers and IT admins' setup sessions
 * are refused alike. State-changing requests must also echo the session's CSRF token (case 48).
 */
export function requireOperatorSession(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cookie = getCookie(c, operatorCookieName(deps));
    const session = cookie ? await resolveOperatorSession(deps.operators, cookie, deps.now()) : null;
    if (!session) throw new GatehouseError('SESSION_REQUIRED', 'Sign in to the operator console to continue.');
    if (MUTATING.has(c.req.method)) {
      const sent = c.req.header('x-csrf-token') ?? '';
      if (!constantTimeEqual(sent, session.csrfToken)) {
        throw new GatehouseError('CSRF_FAILED', 'This request is missing its security token. Reload the page and try again.');
      }
    }
    c.set('operator', session);
    c.set('log', c.var.log.child({ operator: session.sub }));
    return next();
  };
}
