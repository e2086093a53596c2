import {
  disableNativeUsersInputSchema,
  disableNativeUsersResultSchema,
  nativeUserListSchema,
  nativeUsersQuerySchema,
  ssoEnforcementInputSchema,
  ssoEnforcementViewSchema,
  tenantIdSchema,
} from '@gatehouse/core';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';
import { actorOf } from '../services/audit.ts';
import { disableNativeUsers, listNativeUsers, setSsoEnforcement, ssoEnforcementView } from '../services/sso-enforcement.ts';
import { requireTenant } from '../services/tenants.ts';

const params = z.object({ tenantId: tenantIdSchema });

/**
 * /v1/admin/tenants/{tenantId}/sso-enforcement and /native-users: whether a tenant's verified domains
 * sign in only through its IdP, and the password users that setting locks out.
 */
export function adminSsoRoutes(deps: AppDeps) {
  const router = newRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{tenantId}/sso-enforcement',
      tags: ['admin'],
      summary: 'Whether single sign-on is required for the tenant’s verified domains, and where it applies now',
      request: { params },
      responses: { 200: { description: 'The setting', ...json(ssoEnforcementViewSchema) }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const tenant = await requireTenant(deps.tenants, c.req.valid('param').tenantId);
      return c.json(await ssoEnforcementView(deps, tenant), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/{tenantId}/sso-enforcement',
      tags: ['admin'],
      summary: 'Require single sign-on for the tenant’s verified domains (or stop), and whether its IT admin may change it',
      request: { params, body: { required: true, ...json(ssoEnforcementInputSchema) } },
      responses: {
        200: { description: 'The new setting', ...json(ssoEnforcementViewSchema) },
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const view = await setSsoEnforcement(deps, actorOf(c), c.req.valid('param').tenantId, c.req.valid('json'));
      return c.json(view, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{tenantId}/native-users',
      tags: ['admin'],
      summary: 'Enabled password users whose email is under one of the tenant’s verified domains (a page of the pool at a time)',
      request: { params, query: nativeUsersQuerySchema },
      responses: { 200: { description: 'Users', ...json(nativeUserListSchema) }, ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await listNativeUsers(deps, c.req.valid('param').tenantId, c.req.valid('query').cursor), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{tenantId}/native-users/disable',
      tags: ['admin'],
      summary: 'Disable password users under the tenant’s verified domains (all named users are checked first)',
      request: { params, body: { required: true, ...json(disableNativeUsersInputSchema) } },
      responses: {
        200: { description: 'How many were disabled', ...json(disableNativeUsersResultSchema) },
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const disabled = await disableNativeUsers(deps, actorOf(c), c.req.valid('param').tenantId, c.req.valid('json').usernames);
      return c.json({ disabled }, 200);
    },
  );

  return router;
}
