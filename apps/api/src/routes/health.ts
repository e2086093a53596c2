import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { newRouter } from '../http/openapi.ts';

const healthSchema = z.object({ status: z.literal('ok'), version: z.string() });

export function healthRoutes(deps: AppDeps) {
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['public'],
      summary: 'Liveness check',
      responses: { 200: { description: 'The API is up', content: { 'application/json': { schema: healthSchema } } } },
    }),
    (c) => c.json({ status: 'ok' as const, version: deps.config.version }, 200),
  );
}
