import { routeLookupAnswerSchema, routeLookupInputSchema } from '@gatehouse/core';
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';
import { lookUpRoute } from '../services/route-lookup.ts';

/** POST /v1/admin/route-lookup: where an email address signs in, and why, as only an operator may see it. */
export function adminRouteLookupRoutes(deps: AppDeps) {
  const router = newRouter();
  return router.openapi(
    createRoute({
      method: 'post',
      path: '/route-lookup',
      tags: ['admin'],
      summary: 'Where an email address is routed: tenant, connection, domain claims, and why not when it is not',
      request: { body: { required: true, ...json(routeLookupInputSchema) } },
      responses: {
        200: { description: 'The answer', ...json(routeLookupAnswerSchema) },
        ...errorResponses(400, 401, 403, 415),
      },
    }),
    async (c) => c.json(await lookUpRoute(deps, c.req.valid('json').email), 200),
  );
}
