import {
  adminConnectionSummarySchema,
  connectionIdSchema,
  connectionLifecycleInputSchema,
  deleteTenantInputSchema,
  tenantDeletionSchema,
  tenantIdSchema,
} from '@gatehouse/core';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';
import { connectionSummary } from '../services/admin-tenants.ts';
import { actorOf, audit, connectionTarget } from '../services/audit.ts';
import { resumeConnection, rollbackConnection, suspendConnection } from '../services/connection-lifecycle.ts';
import { requireConnection } from '../services/connections.ts';
import { deleteTenant } from '../services/tenant-deletion.ts';

const params = z.object({ id: tenantIdSchema, connectionId: connectionIdSchema });

const lifecycleRoute = (action: 'suspend' | 'resume' | 'rollback', summary: string) =>
  createRoute({
    method: 'post',
    path: `/{id}/connections/{connectionId}/${action}`,
    tags: ['admin'],
    summary,
    request: { params, body: { required: true, ...json(connectionLifecycleInputSchema) } },
    responses: {
      200: { description: 'Done', ...json(adminConnectionSummarySchema) },
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  });

/**
 * /v1/admin/tenants/...: what an operator does with a live connection (suspend, resume, roll back) and
 * deleting a whole tenant. Each is a saga over Cognito and DynamoDB and is recorded in the audit log.
 */
export function adminLifecycleRoutes(deps: AppDeps) {
  const router = newRouter();

  router.openapi(
    lifecycleRoute('suspend', 'Suspend a live connection: its IdP leaves the app clients and discovery stops routing to it'),
    async (c) => {
      const { id, connectionId } = c.req.valid('param');
      const connection = requireConnection(await deps.connections.get(id, connectionId));
      const suspended = await suspendConnection(deps, connection, c.req.valid('json').version);
      c.var.log.info('connection suspended', { tenantId: id, connectionId });
      await audit(deps, actorOf(c), {
        tenantId: id,
        action: 'connection.suspended',
        target: connectionTarget(connection),
        summary: `Suspended ${connection.displayName}: its users cannot sign in with it until it is resumed.`,
        before: { suspended: false },
        after: { suspended: true, removedFrom: deps.config.cognito.appClientIds },
      });
      return c.json(await connectionSummary(deps, suspended), 200);
    },
  );

  router.openapi(lifecycleRoute('resume', 'Resume a suspended connection: its IdP is back on the app clients'), async (c) => {
    const { id, connectionId } = c.req.valid('param');
    const connection = requireConnection(await deps.connections.get(id, connectionId));
    const resumed = await resumeConnection(deps, connection, c.req.valid('json').version);
    c.var.log.info('connection resumed', { tenantId: id, connectionId });
    await audit(deps, actorOf(c), {
      tenantId: id,
      action: 'connection.resumed',
      target: connectionTarget(connection),
      summary: `Resumed ${connection.displayName}: its users can sign in with it again.`,
      before: { suspended: true },
      after: { suspended: false },
    });
    return c.json(await connectionSummary(deps, resumed), 200);
  });

  router.openapi(
    lifecycleRoute('rollback', 'Restore the previous approved revision on the live IdP, in place under the same ProviderName'),
    async (c) => {
      const { id, connectionId } = c.req.valid('param');
      const connection = requireConnection(await deps.connections.get(id, connectionId));
      const { connection: restored, from, to } = await rollbackConnection(deps, connection, c.req.valid('json').version);
      c.var.log.info('connection rolled back', { tenantId: id, connectionId, from, to });
      await audit(deps, actorOf(c), {
        tenantId: id,
        action: 'connection.rolled-back',
        target: connectionTarget(connection, to),
        summary: `Rolled ${connection.displayName} back from revision ${from} to revision ${to}.`,
        before: { activeRevision: from },
        after: { activeRevision: to, rolledBack: from },
      });
      return c.json(await connectionSummary(deps, restored), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{tenantId}',
      tags: ['admin'],
      summary:
        'Delete a tenant, its Cognito IdPs, domains, setup links, sessions and connections (confirm with its id); its audit log is kept',
      request: { params: z.object({ tenantId: tenantIdSchema }), body: { required: true, ...json(deleteTenantInputSchema) } },
      responses: {
        200: { description: 'Deleted', ...json(tenantDeletionSchema) },
        ...errorResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const { tenantId } = c.req.valid('param');
      const result = await deleteTenant(deps, actorOf(c), tenantId, c.req.valid('json').confirm);
      return c.json(result, 200);
    },
  );

  return router;
}
