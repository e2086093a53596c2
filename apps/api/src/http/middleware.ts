import { GatehouseError } from '@gatehouse/core';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { constantTimeEqual } from '../crypto.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { resolveOperatorSession } from '../services/operator-sessions.ts';
import { resolveSetupSession } from '../services/setup-sessions.ts';

import { MUTATING } from './edge.ts';

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
 * Requires a live operator session: anonymous callers and IT admins' setup sessions are refused alike.
 * State-changing requests must also echo the session's CSRF token. See "Tenancy, sessions and the
 * browser" in docs/security.md.
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
