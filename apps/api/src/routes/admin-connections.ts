import {
  adminConnectionSummarySchema,
  approveConnectionInputSchema,
  connectionIdSchema,
  connectionReviewSchema,
  explainRequestSchema,
  explanationSchema,
  rejectConnectionInputSchema,
  revisionListSchema,
  tenantIdSchema,
} from '@gatehouse/core';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';
import { activateRevision } from '../services/activation.ts';
import { connectionSummary } from '../services/admin-tenants.ts';
import { actorOf, audit, callerName, connectionTarget } from '../services/audit.ts';
import { connectionReview } from '../services/connection-review.ts';
import { requireConnection } from '../services/connections.ts';
import { explainIdpSent } from '../services/idp-sent.ts';
import { rejectRevision } from '../services/submission.ts';

const params = z.object({ id: tenantIdSchema, connectionId: connectionIdSchema });

/** /v1/admin/tenants/{id}/connections/{connectionId}: the operator's decision on a submitted revision. */
export function adminConnectionRoutes(deps: AppDeps) {
  const router = newRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/connections/{connectionId}/review',
      tags: ['admin'],
      summary: 'What to decide on: the submitted and active revisions side by side, domains, findings and test report',
      request: { params },
      responses: {
        200: { description: 'The review', ...json(connectionReviewSchema) },
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id, connectionId } = c.req.valid('param');
      const connection = requireConnection(await deps.connections.get(id, connectionId));
      return c.json(await connectionReview(deps, connection), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/connections/{connectionId}/explain',
      tags: ['admin'],
      summary: 'What the IdP sent: decode a pasted SAML response or ID token and check it against the revision under review',
      description: 'Nothing is stored or logged; only the issuer’s published keys are fetched, to check an ID token’s signature.',
      request: { params, body: { required: true, ...json(explainRequestSchema) } },
      responses: {
        200: { description: 'What the response or token says, checked', ...json(explanationSchema) },
        ...errorResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const { id, connectionId } = c.req.valid('param');
      const connection = requireConnection(await deps.connections.get(id, connectionId));
      return c.json(await explainIdpSent(deps, connection, c.req.valid('json').text, deps.now()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/connections/{connectionId}/approve',
      tags: ['admin'],
      summary: 'Approve the submitted revision and make it serve (an idempotent saga over Cognito)',
      request: { params, body: { required: true, ...json(approveConnectionInputSchema) } },
      responses: {
        200: { description: 'Active', ...json(adminConnectionSummarySchema) },
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { id, connectionId } = c.req.valid('param');
      const connection = requireConnection(await deps.connections.get(id, connectionId));
      const approvedBy = callerName(c);
      const active = await activateRevision(deps, connection, { version: c.req.valid('json').version, approvedBy });
      c.var.log.info('connection approved', { tenantId: id, connectionId, revision: active.activeRevision, approvedBy });
      await audit(deps, actorOf(c), {
        tenantId: id,
        action: 'connection.approved',
        target: connectionTarget(active, active.activeRevision),
        summary: `Approved revision ${active.activeRevision} of ${active.displayName}; it now serves users.`,
        before: { activeRevision: connection.activeRevision, status: 'submitted' },
        after: { activeRevision: active.activeRevision, status: 'active' },
      });
      return c.json(await connectionSummary(deps, active), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/connections/{connectionId}/revisions',
      tags: ['admin'],
      summary: 'Every revision of a connection, newest first, with its state and test login',
      request: { params },
      responses: { 200: { description: 'The revisions', ...json(revisionListSchema) }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { id, connectionId } = c.req.valid('param');
      const connection = requireConnection(await deps.connections.get(id, connectionId));
      const revisions = (await deps.connections.listRevisions(id, connectionId)).reverse();
      return c.json(
        {
          revisions: revisions.map((revision) => ({
            revision: revision.revision,
            state: revision.state,
            vendor: revision.vendor,
            protocol: revision.protocol,
            submittedAt: revision.submittedAt,
            test: { at: revision.test.at, passed: revision.test.passed },
            active: revision.revision === connection.activeRevision && revision.state === 'approved',
          })),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/connections/{connectionId}/reject',
      tags: ['admin'],
      summary: 'Send the submitted revision back to the IT admin with a reason',
      request: { params, body: { required: true, ...json(rejectConnectionInputSchema) } },
      responses: {
        200: { description: 'Sent back', ...json(adminConnectionSummarySchema) },
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { id, connectionId } = c.req.valid('param');
      const connection = requireConnection(await deps.connections.get(id, connectionId));
      const rejected = await rejectRevision(deps, connection, c.req.valid('json'));
      c.var.log.info('connection sent back', { tenantId: id, connectionId, by: callerName(c) });
      await audit(deps, actorOf(c), {
        tenantId: id,
        action: 'connection.rejected',
        target: connectionTarget(connection, connection.draftRevision),
        summary: `Sent revision ${connection.draftRevision} of ${connection.displayName} back: ${rejected.rejection?.reason ?? ''}`,
      });
      return c.json(await connectionSummary(deps, rejected), 200);
    },
  );

  return router;
}
