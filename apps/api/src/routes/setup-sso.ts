import { setupSsoEnforcementInputSchema, ssoEnforcementViewSchema } from '@gatehouse/core';
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { requireSetupSession } from '../http/middleware.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';
import { actorOf } from '../services/audit.ts';
import { setSsoEnforcementByItAdmin, ssoEnforcementView } from '../services/sso-enforcement.ts';
import { requireTenant } from '../services/tenants.ts';

/** /v1/setup/sso-enforcement: the IT admin sees the setting, and changes it when the operator allows it. */
export function setupSsoRoutes(deps: AppDeps) {
  const router = newRouter();
  router.use('*', requireSetupSession(deps));

  router.openapi(
    createRoute({
      method: 'get',
      path: '/sso-enforcement',
      tags: ['setup'],
      summary: 'Whether single sign-on is required for your verified domains',
      responses: { 200: { description: 'The setting', ...json(ssoEnforcementViewSchema) }, ...errorResponses(401) },
    }),
    async (c) => c.json(await ssoEnforcementView(deps, await requireTenant(deps.tenants, c.var.setup.tenant.id)), 200),
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/sso-enforcement',
      tags: ['setup'],
      summary: 'Require single sign-on for your verified domains, or stop (when your service provider allows it)',
      request: { body: { required: true, ...json(setupSsoEnforcementInputSchema) } },
      responses: {
        200: { description: 'The new setting', ...json(ssoEnforcementViewSchema) },
        ...errorResponses(400, 401, 403, 409),
      },
    }),
    async (c) => c.json(await setSsoEnforcementByItAdmin(deps, actorOf(c), c.var.setup.tenant, c.req.valid('json')), 200),
  );

  return router;
}
