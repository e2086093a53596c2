import { monitoringOverviewSchema } from '@gatehouse/core';
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';
import { monitoringOverview } from '../services/monitoring/overview.ts';

/** /v1/admin/monitoring: what the scheduled monitoring jobs last did and found, read-only. */
export function adminMonitoringRoutes(deps: AppDeps) {
  const router = newRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/monitoring',
      tags: ['admin'],
      summary: 'The last run of each monitoring job and every connection with open findings',
      responses: {
        200: { description: 'Job runs and open findings', ...json(monitoringOverviewSchema) },
        ...errorResponses(401),
      },
    }),
    async (c) => c.json(await monitoringOverview(deps), 200),
  );
  return router;
}
