import {
  addDomainRequestSchema,
  domainClaimListSchema,
  domainClaimViewSchema,
  domainListQuerySchema,
  domainParamSchema,
} from '@gatehouse/core';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { requireSetupSession } from '../http/middleware.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';
import { actorOf, audit, connectionTarget } from '../services/audit.ts';
import { requireConnection } from '../services/connections.ts';
import { addDomain, removeDomain, requireClaim, toDomainClaimView, verifyDomain } from '../services/domains.ts';

const domainParam = z.object({ domain: domainParamSchema });

/**
 * /v1/setup/domains: the email domains an IT admin proves their organisation owns, each routed to one of
 * its connections. The tenant is always the session's: another tenant's connection or domain is simply
 * not found ("Tenancy, sessions and the browser" in docs/security.md).
 */
export function setupDomainRoutes(deps: AppDeps) {
  const router = newRouter();
  router.use('*', requireSetupSession(deps));

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['setup'],
      summary: 'The tenant’s email domains, optionally those of one connection',
      request: { query: domainListQuerySchema },
      responses: { 200: { description: 'Domains', ...json(domainClaimListSchema) }, ...errorResponses(400, 401) },
    }),
    async (c) => {
      const tenantId = c.var.setup.tenant.id;
      const { connectionId } = c.req.valid('query');
      const claims = connectionId
        ? await deps.domains.listForConnection(tenantId, connectionId)
        : await deps.domains.listForTenant(tenantId);
      return c.json({ domains: claims.map(toDomainClaimView) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['setup'],
      summary: 'Add a domain to a connection; returns the TXT record to publish',
      request: {
        body: { required: true, ...json(addDomainRequestSchema) },
      },
      responses: {
        201: { description: 'Added, pending verification', ...json(domainClaimViewSchema) },
        200: { description: 'Already on this connection', ...json(domainClaimViewSchema) },
        ...errorResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const tenantId = c.var.setup.tenant.id;
      const input = c.req.valid('json');
      const connection = requireConnection(await deps.connections.get(tenantId, input.connectionId));
      const { claim, created } = await addDomain(deps, tenantId, connection.id, input.domain, deps.now());
      if (created) {
        c.var.log.info('domain added', { domain: claim.domain, connectionId: connection.id });
        await audit(deps, actorOf(c), {
          tenantId,
          action: 'domain.added',
          target: { ...connectionTarget(connection), domain: claim.domain },
          summary: `Added ${claim.domain}, waiting for its TXT record.`,
        });
      }
      return c.json(toDomainClaimView(claim), created ? 201 : 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{domain}/verify',
      tags: ['setup'],
      summary: 'Look the TXT record up now; returns the new status (failed with a reason when not found)',
      request: { params: domainParam },
      responses: {
        200: { description: 'Checked', ...json(domainClaimViewSchema) },
        ...errorResponses(400, 401, 403, 404, 409, 429),
      },
    }),
    async (c) => {
      const claim = requireClaim(await deps.domains.get(c.var.setup.tenant.id, c.req.valid('param').domain));
      const checked = await verifyDomain(deps, claim, deps.now());
      c.var.log.info('domain checked', { domain: checked.domain, status: checked.status, reason: checked.failure?.reason });
      if (checked.status !== claim.status) {
        await audit(deps, actorOf(c), {
          tenantId: claim.tenantId,
          action: checked.status === 'verified' ? 'domain.verified' : 'domain.verification-failed',
          target: { connectionId: claim.connectionId, domain: claim.domain },
          summary:
            checked.status === 'verified'
              ? `Verified ${claim.domain} by its TXT record.`
              : `${claim.domain} could not be verified (${checked.failure?.reason ?? checked.status}).`,
          before: { status: claim.status },
          after: { status: checked.status },
        });
      }
      return c.json(toDomainClaimView(checked), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{domain}',
      tags: ['setup'],
      summary: 'Remove a domain; a verified domain is released',
      request: { params: domainParam },
      responses: { 204: { description: 'Removed' }, ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const claim = requireClaim(await deps.domains.get(c.var.setup.tenant.id, c.req.valid('param').domain));
      await removeDomain(deps, claim, deps.now());
      c.var.log.info('domain removed', { domain: claim.domain });
      await audit(deps, actorOf(c), {
        tenantId: claim.tenantId,
        action: 'domain.removed',
        target: { connectionId: claim.connectionId, domain: claim.domain },
        summary: `Removed ${claim.domain}${claim.status === 'verified' ? '; it no longer routes users' : ''}.`,
        before: { status: claim.status },
      });
      return c.body(null, 204);
    },
  );

  return router;
}
