import {
  chooseProviderInputSchema,
  connectionIdSchema,
  connectionViewSchema,
  setStepInputSchema,
  versionedSchema,
} from '@gatehouse/core';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { requireSetupSession } from '../http/middleware.ts';
import { errorResponses, newRouter } from '../http/openapi.ts';
import { chooseProvider, createConnection, recordStep, requireConnection, toConnectionView } from '../services/connections.ts';

const idParam = z.object({ id: connectionIdSchema });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

/**
 * /v1/setup/connections: an IT admin's connections. The tenant is always the session's; a connection
 * id of another tenant is simply not found (case 44).
 */
export function setupConnectionRoutes(deps: AppDeps) {
  const router = newRouter();
  router.use('*', requireSetupSession(deps));
  const view = (c: Parameters<typeof toConnectionView>[0]) => toConnectionView(c, deps.config);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['setup'],
      summary: 'The tenant’s connections',
      responses: {
        200: { description: 'Connections', ...json(z.object({ connections: z.array(connectionViewSchema) })) },
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const connections = await deps.connections.list(c.var.setup.tenant.id);
      return c.json({ connections: connections.map(view) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['setup'],
      summary: 'Start a connection with the chosen identity provider',
      request: { body: { required: true, ...json(chooseProviderInputSchema) } },
      responses: { 201: { description: 'Created', ...json(connectionViewSchema) }, ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const connection = await createConnection(deps.connections, c.var.setup.tenant.id, c.req.valid('json'), deps.now());
      c.var.log.info('connection created', {
        connectionId: connection.id,
        vendor: connection.vendor,
        protocol: connection.protocol,
      });
      return c.json(view(connection), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags: ['setup'],
      summary: 'One connection, with the values to register at the IdP',
      request: { params: idParam },
      responses: { 200: { description: 'The connection', ...json(connectionViewSchema) }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const connection = requireConnection(await deps.connections.get(c.var.setup.tenant.id, c.req.valid('param').id));
      return c.json(view(connection), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/{id}/provider',
      tags: ['setup'],
      summary: 'Change the identity provider or protocol of a draft',
      request: { params: idParam, body: { required: true, ...json(chooseProviderInputSchema.extend(versionedSchema.shape)) } },
      responses: { 200: { description: 'Saved', ...json(connectionViewSchema) }, ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const connection = requireConnection(await deps.connections.get(c.var.setup.tenant.id, c.req.valid('param').id));
      const saved = await chooseProvider(deps.connections, connection, c.req.valid('json'), deps.now());
      return c.json(view(saved), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/{id}/step',
      tags: ['setup'],
      summary: 'Record the wizard step the admin is on, so a reload resumes there',
      request: { params: idParam, body: { required: true, ...json(setStepInputSchema) } },
      responses: { 200: { description: 'Recorded', ...json(connectionViewSchema) }, ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const connection = requireConnection(await deps.connections.get(c.var.setup.tenant.id, c.req.valid('param').id));
      return c.json(view(await recordStep(deps.connections, connection, c.req.valid('json').step)), 200);
    },
  );

  return router;
}
