import { auditPageSchema, auditQuerySchema, tenantIdSchema } from '@gatehouse/core';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';

/** /v1/admin/audit and /v1/admin/tenants/{tenantId}/audit: the audit log, newest first, read-only. */
export function adminAuditRoutes(deps: AppDeps) {
  const router = newRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/audit',
      tags: ['admin'],
      summary: 'Every change by anyone, newest first',
      request: { query: auditQuerySchema },
      responses: { 200: { description: 'A page of the audit log', ...json(auditPageSchema) }, ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await deps.audit.listAll(c.req.valid('query')), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tenants/{tenantId}/audit',
      tags: ['admin'],
      summary: 'The changes to one tenant, newest first (kept after the tenant is deleted)',
      request: { params: z.object({ tenantId: tenantIdSchema }), query: auditQuerySchema },
      responses: { 200: { description: 'A page of the audit log', ...json(auditPageSchema) }, ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await deps.audit.listForTenant(c.req.valid('param').tenantId, c.req.valid('query')), 200),
  );

  return router;
}
