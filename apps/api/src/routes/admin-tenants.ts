import {
  adminCreateTenantInputSchema,
  issuedSetupLinkSchema,
  issueSetupLinkInputSchema,
  listTenantsQuerySchema,
  setupLinkSchema,
  tenantDetailSchema,
  tenantIdSchema,
  tenantPageSchema,
  tenantSchema,
} from '@gatehouse/core';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import { errorResponses, json, newRouter } from '../http/openapi.ts';
import { tenantDetail, tenantListPage } from '../services/admin-tenants.ts';
import { actorOf, audit } from '../services/audit.ts';
import { issueSetupLink, listSetupLinks, revokeSetupLink } from '../services/setup-links.ts';
import { createTenant } from '../services/tenants.ts';

const tenantParams = z.object({ tenantId: tenantIdSchema });
const linkParams = z.object({ tenantId: tenantIdSchema, linkId: z.string().regex(/^[0-9a-z]{9,40}$/) });

/** /v1/admin/tenants: the operator's tenants and their setup links. Every route needs an operator session. */
export function adminTenantRoutes(deps: AppDeps) {
  const router = newRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['admin'],
      summary: 'A page of tenants with their SSO state: newest first, of one status, by name prefix, or needing review',
      request: { query: listTenantsQuerySchema },
      responses: { 200: { description: 'The page', ...json(tenantPageSchema) }, ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await tenantListPage(deps, c.req.valid('query')), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['admin'],
      summary: 'Create a tenant (its id derives from the name unless given)',
      request: { body: { required: true, ...json(adminCreateTenantInputSchema) } },
      responses: { 201: { description: 'Created', ...json(tenantSchema) }, ...errorResponses(400, 401, 403, 409, 415) },
    }),
    async (c) => {
      const tenant = await createTenant(deps.tenants, c.req.valid('json'), deps.now());
      c.var.log.info('tenant created', { tenantId: tenant.id });
      await audit(deps, actorOf(c), {
        tenantId: tenant.id,
        action: 'tenant.created',
        summary: `Created tenant ${tenant.name}.`,
        after: tenant,
      });
      return c.json(tenant, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{tenantId}',
      tags: ['admin'],
      summary: 'A tenant with its setup links and connections',
      request: { params: tenantParams },
      responses: { 200: { description: 'The tenant', ...json(tenantDetailSchema) }, ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await tenantDetail(deps, c.req.valid('param').tenantId), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{tenantId}/setup-links',
      tags: ['admin'],
      summary: 'The tenant’s setup links, newest first (tokens are never shown again)',
      request: { params: tenantParams },
      responses: {
        200: { description: 'The links', ...json(z.object({ setupLinks: z.array(setupLinkSchema) })) },
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const setupLinks = await listSetupLinks(deps.tenants, c.req.valid('param').tenantId, deps.now());
      return c.json({ setupLinks }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{tenantId}/setup-links',
      tags: ['admin'],
      summary: 'Issue a setup link; the previous one is revoked. The token is in this response only.',
      request: { params: tenantParams, body: { required: true, ...json(issueSetupLinkInputSchema) } },
      responses: {
        201: { description: 'Issued', ...json(issuedSetupLinkSchema) },
        ...errorResponses(400, 401, 403, 404, 409, 415),
      },
    }),
    async (c) => {
      const { tenantId } = c.req.valid('param');
      const issued = await issueSetupLink(deps.tenants, {
        tenantId,
        ttlHours: c.req.valid('json').ttlHours ?? deps.config.setupLinkTtlHours,
        createdBy: c.var.client ? `client:${c.var.client.clientId}` : `operator:${c.var.operator.sub}`,
        publicUrl: deps.config.publicUrl,
        now: deps.now(),
      });
      // The token never reaches the log, where anyone reading it could open the link: only the link's id.
      c.var.log.info('setup link issued', { tenantId, linkId: issued.link.id, revokedLinkId: issued.revokedLinkId });
      await audit(deps, actorOf(c), {
        tenantId,
        action: 'setup-link.issued',
        target: { linkId: issued.link.id },
        summary: issued.revokedLinkId
          ? `Issued a setup link valid until ${issued.link.expiresAt}; the previous link was revoked.`
          : `Issued a setup link valid until ${issued.link.expiresAt}.`,
        ...(issued.revokedLinkId ? { before: { linkId: issued.revokedLinkId } } : {}),
        after: issued.link,
      });
      return c.json(issued, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{tenantId}/setup-links/{linkId}',
      tags: ['admin'],
      summary: 'Revoke a setup link and end the sessions opened with it',
      request: { params: linkParams },
      responses: { 204: { description: 'Revoked' }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { tenantId, linkId } = c.req.valid('param');
      await revokeSetupLink(deps.tenants, tenantId, linkId, deps.now());
      c.var.log.info('setup link revoked', { tenantId, linkId });
      await audit(deps, actorOf(c), {
        tenantId,
        action: 'setup-link.revoked',
        target: { linkId },
        summary: 'Revoked a setup link and ended its sessions.',
      });
      return c.body(null, 204);
    },
  );

  return router;
}
