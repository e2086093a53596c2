import { setupBrandingSchema } from '@gatehouse/core';
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { requireSetupSession } from '../http/middleware.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';
import { setupBranding } from '../services/branding.ts';

/** /v1/setup/branding: the product name, logo and accent colour the wizard shows its IT admin. */
export function setupBrandingRoutes(deps: AppDeps) {
  const router = newRouter();
  router.use('/branding', requireSetupSession(deps));
  router.openapi(
    createRoute({
      method: 'get',
      path: '/branding',
      tags: ['setup'],
      summary: 'The product name, logo and accent colour to show in the wizard',
      responses: { 200: { description: 'The branding', ...json(setupBrandingSchema) }, ...errorResponses(401) },
    }),
    async (c) => c.json(await setupBranding(deps), 200),
  );
  return router;
}
