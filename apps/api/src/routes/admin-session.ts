import { isGatehouseError, operatorSessionSchema } from '@gatehouse/core';
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps, AppEnv } from '../deps.ts';
import { machineAccess } from '../http/machine-access.ts';
import { operatorCookieName, operatorLoginCookieName, requireOperatorSession } from '../http/middleware.ts';
import { errorResponses, newRouter } from '../http/openapi.ts';
import {
  completeOperatorSignIn,
  endOperatorSession,
  type IdTokenVerifier,
  idTokenVerifier,
  LOGIN_ATTEMPT_TTL_MS,
  OPERATOR_SESSION_TTL_MS,
  startOperatorSignIn,
  toOperatorSession,
} from '../services/operator-sessions.ts';

/** Where the console shows a failed sign-in; only the error code travels in the URL. */
const SIGN_IN_PAGE = '/admin/sign-in';

/**
 * /v1/admin/session: operator sign-in through Cognito managed login (code + PKCE), the session, sign-out.
 * Start and callback are the only /v1/admin routes reachable without an operator session.
 */
export function adminSessionRoutes(deps: AppDeps) {
  const cookieName = operatorCookieName(deps);
  const loginCookieName = operatorLoginCookieName(deps);
  const cookieOptions = { httpOnly: true, secure: deps.config.secureCookies, sameSite: 'Lax', path: '/' } as const;
  let verifier: IdTokenVerifier | null = null;
  const router = newRouter();

  router.get('/session/start', async (c) => {
    const { authorizeUrl, browserValue } = await startOperatorSignIn(deps.operators, deps.config, deps.now());
    setCookie(c, loginCookieName, browserValue, { ...cookieOptions, maxAge: LOGIN_ATTEMPT_TTL_MS / 1000 });
    return c.redirect(authorizeUrl, 302);
  });

  router.get('/session/callback', async (c) => {
    const browserValue = getCookie(c, loginCookieName);
    deleteCookie(c, loginCookieName, { path: '/', secure: deps.config.secureCookies });
    try {
      verifier ??= idTokenVerifier(deps.config);
      const { cookieValue, session } = await completeOperatorSignIn(deps.operators, deps.config, verifier, {
        state: c.req.query('state'),
        code: c.req.query('code'),
        error: c.req.query('error'),
        browserValue,
        now: deps.now(),
      });
      setCookie(c, cookieName, cookieValue, { ...cookieOptions, maxAge: OPERATOR_SESSION_TTL_MS / 1000 });
      c.var.log.info('operator signed in', { operator: session.sub });
      return c.redirect('/admin', 302);
    } catch (error) {
      if (!isGatehouseError(error)) throw error;
      c.var.log.warn('operator sign-in refused', { code: error.code, details: error.details });
      return c.redirect(`${SIGN_IN_PAGE}?error=${encodeURIComponent(error.code)}`, 302);
    }
  });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/session',
      tags: ['admin'],
      summary: 'The signed-in operator and the CSRF token for changes',
      responses: {
        200: { description: 'The session', content: { 'application/json': { schema: operatorSessionSchema } } },
        ...errorResponses(401),
      },
    }),
    (c) => c.json(toOperatorSession(c.var.operator), 200),
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/session',
      tags: ['admin'],
      summary: 'Sign out of the operator console',
      responses: { 204: { description: 'Signed out' }, ...errorResponses(401, 403) },
    }),
    async (c) => {
      const cookie = getCookie(c, cookieName);
      if (cookie) await endOperatorSession(deps.operators, cookie);
      deleteCookie(c, cookieName, { path: '/', secure: deps.config.secureCookies });
      return c.body(null, 204);
    },
  );

  return router;
}

/**
 * Refuses every /v1/admin route but sign-in's start and callback without an operator session or an API
 * client's token with the route's scope, so a route added later cannot forget the check.
 */
export function adminGuard(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const open = new Set(['/v1/admin/session/start', '/v1/admin/session/callback']);
  const guard = requireOperatorSession(deps);
  const machine = machineAccess(deps);
  return (c, next) => {
    if (open.has(c.req.path) && c.req.method === 'GET') return next();
    // An Authorization header makes it an API client's request, judged by its token alone.
    return c.req.header('authorization') !== undefined ? machine(c, next) : guard(c, next);
  };
}
