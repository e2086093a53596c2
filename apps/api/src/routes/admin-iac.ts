import { connectionIdSchema, iacExportQuerySchema, iacExportSchema, tenantIdSchema } from '@gatehouse/core';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';
import { requireConnection } from '../services/connections.ts';
import { exportConnectionAsCode } from '../services/iac-export.ts';

const params = z.object({ id: tenantIdSchema, connectionId: connectionIdSchema });

/** /v1/admin/tenants/{id}/connections/{connectionId}/iac: a live connection as AWS CDK and Terraform code. */
export function adminIacRoutes(deps: AppDeps) {
  const router = newRouter();
  return router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/connections/{connectionId}/iac',
      tags: ['admin'],
      summary: 'The live identity provider as AWS CDK and Terraform code (never with its client secret)',
      request: { params, query: iacExportQuerySchema },
      responses: {
        200: { description: 'The code', ...json(iacExportSchema) },
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { id, connectionId } = c.req.valid('param');
      const connection = requireConnection(await deps.connections.get(id, connectionId));
      return c.json(await exportConnectionAsCode(deps, connection, c.req.valid('query').format), 200);
    },
  );
}
