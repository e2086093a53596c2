import { recentEventsQuerySchema, recentEventsSchema } from '@gatehouse/core';
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';

/** /v1/admin/events: what Gatehouse sent to the SaaS lately (docs/events.md). */
export function adminEventRoutes(deps: AppDeps) {
  const router = newRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/events',
      tags: ['admin'],
      summary: 'The latest lifecycle events sent to the SaaS, newest first (local runs; in AWS, where they go)',
      request: { query: recentEventsQuerySchema },
      responses: { 200: { description: 'The latest events', ...json(recentEventsSchema) }, ...errorResponses(400, 401) },
    }),
    (c) => {
      const { limit } = c.req.valid('query');
      return c.json(
        deps.localEvents
          ? { delivery: 'local' as const, busName: null, events: deps.localEvents.latest(limit) }
          : { delivery: 'eventbridge' as const, busName: deps.config.eventBusName ?? null, events: [] },
        200,
      );
    },
  );

  return router;
}
