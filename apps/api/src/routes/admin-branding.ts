import { brandingInputSchema, brandingSchema } from '@gatehouse/core';
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';
import { actorOf } from '../services/audit.ts';
import { currentBranding, setBranding } from '../services/branding.ts';

/** /v1/admin/branding: the product name, logo and accent colour the setup wizard shows. */
export function adminBrandingRoutes(deps: AppDeps) {
  const router = newRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/branding',
      tags: ['admin'],
      summary: 'The setup wizard’s branding (Gatehouse’s own until the operator sets one)',
      responses: { 200: { description: 'The branding', ...json(brandingSchema) }, ...errorResponses(401, 403) },
    }),
    async (c) => c.json(await currentBranding(deps), 200),
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/branding',
      tags: ['admin'],
      summary:
        'Set the setup wizard’s product name, accent colour (white text on it must reach 4.5:1) and logo (PNG, JPEG or WebP, at most 64 KB; never SVG)',
      request: { body: { required: true, ...json(brandingInputSchema) } },
      responses: {
        200: { description: 'The new branding', ...json(brandingSchema) },
        ...errorResponses(400, 401, 403, 409, 413, 422),
      },
    }),
    async (c) => c.json(await setBranding(deps, actorOf(c), c.req.valid('json')), 200),
  );

  return router;
}
