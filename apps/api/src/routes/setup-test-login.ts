import {
  connectionIdSchema,
  explainRequestSchema,
  explanationSchema,
  GatehouseError,
  isGatehouseError,
  testLoginStartRequestSchema,
  testLoginStartSchema,
} from '@gatehouse/core';
import { createRoute, z } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import type { AppDeps } from '../deps.ts';
import { requireSetupSession, setupCookieName } from '../http/middleware.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';
import { audit, connectionTarget, setupActor } from '../services/audit.ts';
import { requireConnection } from '../services/connections.ts';
import { explainIdpSent } from '../services/idp-sent.ts';
import { resolveSetupSession } from '../services/setup-sessions.ts';
import { finishTestLogin, startTestLogin } from '../services/test-login.ts';

/** The SPA page the popup lands on: it tells the wizard (BroadcastChannel) and closes itself. */
export const TEST_LOGIN_DONE_PATH = '/setup/test-login/done';

/**
 * Test login: POST /v1/setup/connections/{id}/test-login starts one, and Cognito's managed login sends
 * the browser back to GET /v1/setup/test-login/callback, which finishes it and redirects to the SPA.
 */
export function setupTestLoginRoutes(deps: AppDeps) {
  const router = newRouter();
  router.use('/connections/:id/test-login', requireSetupSession(deps));
  router.use('/connections/:id/explain', requireSetupSession(deps));

  router.openapi(
    createRoute({
      method: 'post',
      path: '/connections/{id}/explain',
      tags: ['setup'],
      summary: 'What your IdP sent: decode a pasted SAML response or ID token and check it against the saved settings',
      description: 'Nothing is stored or logged; only the issuer’s published keys are fetched, to check an ID token’s signature.',
      request: {
        params: z.object({ id: connectionIdSchema }),
        body: { required: true, ...json(explainRequestSchema) },
      },
      responses: {
        200: { description: 'What the response or token says, checked', ...json(explanationSchema) },
        ...errorResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const connection = requireConnection(await deps.connections.get(c.var.setup.tenant.id, c.req.valid('param').id));
      return c.json(await explainIdpSent(deps, connection, c.req.valid('json').text, deps.now()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/connections/{id}/test-login',
      tags: ['setup'],
      summary: 'Start a test login through the connection’s test identity provider',
      request: {
        params: z.object({ id: connectionIdSchema }),
        body: { content: { 'application/json': { schema: testLoginStartRequestSchema } }, required: false },
      },
      responses: {
        200: { description: 'Open authorizeUrl (in a popup) to sign in', ...json(testLoginStartSchema) },
        ...errorResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      // The body is optional: a plain POST starts an ordinary test login.
      const body = testLoginStartRequestSchema.safeParse(await c.req.json().catch(() => ({})));
      const freshSignIn = body.success ? body.data.freshSignIn : undefined;
      const started = await startTestLogin(deps, c.var.setup, c.req.valid('param').id, deps.now(), { freshSignIn });
      c.var.log.info('test login started', { connectionId: c.req.valid('param').id });
      return c.json(started, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/test-login/callback',
      tags: ['setup'],
      summary: 'Where Cognito sends the test login back (code and state, or error and error_description)',
      request: {
        query: z.object({
          code: z.string().max(2048).optional(),
          state: z.string().max(256).optional(),
          error: z.string().max(256).optional(),
          error_description: z.string().max(2048).optional(),
        }),
      },
      responses: { 303: { description: `Redirect to ${TEST_LOGIN_DONE_PATH}` } },
    }),
    async (c) => {
      const done = new URL(TEST_LOGIN_DONE_PATH, deps.config.publicUrl.origin);
      const cookie = getCookie(c, setupCookieName(deps));
      const setup = cookie ? await resolveSetupSession(deps.tenants, cookie, deps.now()) : null;
      try {
        if (!setup) throw new GatehouseError('SESSION_REQUIRED', 'Your setup session has ended.');
        const query = c.req.valid('query');
        const log = c.var.log.child({ tenantId: setup.tenant.id });
        const { connectionId, displayName, result } = await finishTestLogin(
          deps,
          setup,
          { state: query.state, code: query.code, error: query.error, errorDescription: query.error_description },
          deps.now(),
          log,
        );
        await audit(deps, setupActor(setup), {
          tenantId: setup.tenant.id,
          action: result.passed ? 'connection.test-passed' : 'connection.test-failed',
          target: connectionTarget({ id: connectionId, displayName }),
          summary: result.passed ? 'A test login passed.' : `A test login failed (${String(result.report.outcome ?? 'error')}).`,
        });
        done.searchParams.set('connection', connectionId);
      } catch (error) {
        if (!isGatehouseError(error)) throw error;
        c.var.log.warn('test login callback refused', { code: error.code });
        done.searchParams.set('error', error.code);
      }
      return c.redirect(done.toString(), 303);
    },
  );

  return router;
}
