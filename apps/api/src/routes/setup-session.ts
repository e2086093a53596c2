import { exchangeSetupLinkInputSchema, setupSessionSchema } from '@gatehouse/core';
import { createRoute } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../deps.ts';
import { requireSetupSession, setupCookieName } from '../http/middleware.ts';
import { errorResponses, newRouter } from '../http/openapi.ts';
import { endSetupSession, exchangeSetupToken, toSetupSession } from '../services/setup-sessions.ts';

/** /v1/setup/session: exchange a setup link for a session, read it, end it. */
export function setupSessionRoutes(deps: AppDeps) {
  const cookieName = setupCookieName(deps);
  const router = newRouter();

  router.openapi(
    createRoute({
      method: 'post',
      path: '/session',
      tags: ['setup'],
      summary: 'Exchange a setup-link token for a session cookie',
      request: { body: { required: true, content: { 'application/json': { schema: exchangeSetupLinkInputSchema } } } },
      responses: {
        200: {
          description: 'Session started; the cookie is set',
          content: { 'application/json': { schema: setupSessionSchema } },
        },
        ...errorResponses(400, 401, 403, 415),
      },
    }),
    async (c) => {
      const { token } = c.req.valid('json');
      const now = deps.now();
      const { cookieValue, resolved } = await exchangeSetupToken(deps.tenants, {
        token,
        now,
        ttlMinutes: deps.config.setupSessionTtlMinutes,
      });
      setCookie(c, cookieName, cookieValue, {
        httpOnly: true,
        secure: deps.config.secureCookies,
        sameSite: 'Lax',
        path: '/',
        maxAge: Math.max(1, Math.floor((Date.parse(resolved.session.expiresAt) - now.getTime()) / 1000)),
      });
      c.var.log.info('setup session started', { tenantId: resolved.tenant.id, linkId: resolved.session.linkId });
      return c.json(toSetupSession(resolved), 200);
    },
  );

  router.use('/session', async (c, next) => (c.req.method === 'POST' ? next() : requireSetupSession(deps)(c, next)));

  router.openapi(
    createRoute({
      method: 'get',
      path: '/session',
      tags: ['setup'],
      summary: 'The current setup session and its tenant',
      responses: {
        200: { description: 'The session', content: { 'application/json': { schema: setupSessionSchema } } },
        ...errorResponses(401),
      },
    }),
    (c) => c.json(toSetupSession(c.var.setup), 200),
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/session',
      tags: ['setup'],
      summary: 'End the setup session (sign out)',
      responses: { 204: { description: 'Signed out' }, ...errorResponses(401, 403) },
    }),
    async (c) => {
      const cookie = getCookie(c, cookieName);
      if (cookie) await endSetupSession(deps.tenants, cookie);
      deleteCookie(c, cookieName, { path: '/', secure: deps.config.secureCookies });
      return c.body(null, 204);
    },
  );

  return router;
}
