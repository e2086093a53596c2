import { GatehouseError } from '@gatehouse/core';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from './deps.ts';
import { errorResponse, handleError } from './http/errors.ts';
import { normalizeThrown, requestContext, sameOriginWrites, securityHeaders } from './http/middleware.ts';
import { newRouter } from './http/openapi.ts';
import { adminAuditRoutes } from './routes/admin-audit.ts';
import { adminConnectionRoutes } from './routes/admin-connections.ts';
import { adminIacRoutes } from './routes/admin-iac.ts';
import { adminLifecycleRoutes } from './routes/admin-lifecycle.ts';
import { adminMonitoringRoutes } from './routes/admin-monitoring.ts';
import { adminRouteLookupRoutes } from './routes/admin-route-lookup.ts';
import { adminGuard, adminSessionRoutes } from './routes/admin-session.ts';
import { adminTenantRoutes } from './routes/admin-tenants.ts';
import { discoveryRoutes } from './routes/discovery.ts';
import { healthRoutes } from './routes/health.ts';
import { setupConnectionRoutes, setupPoolRoutes } from './routes/setup-connections.ts';
import { setupDomainRoutes } from './routes/setup-domains.ts';
import { setupSessionRoutes } from './routes/setup-session.ts';
import { setupTestLoginRoutes } from './routes/setup-test-login.ts';

/** Largest request body the API reads (SAML metadata files are at most 131,072 characters). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The composition root: every route and middleware of the API, over the given dependencies. lambda.ts
 * and server.ts both serve exactly this app.
 */
export function createApp(deps: AppDeps) {
  const app = newRouter();

  app.use('*', normalizeThrown);
  app.use('*', requestContext(deps));
  app.use('*', securityHeaders(deps));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new GatehouseError('PAYLOAD_TOO_LARGE', `The request is larger than ${MAX_BODY_BYTES / 1024} KB.`);
    },
  });
  // Only requests that may carry a body: looking at the body makes the Node adapter build a full
  // Request, which costs a GET more than the rest of its handling.
  app.use('/v1/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  app.use('/v1/*', sameOriginWrites(deps));

  app.route('/v1', healthRoutes(deps));
  app.route('/v1', discoveryRoutes(deps));
  app.route('/v1/setup', setupSessionRoutes(deps));
  app.route('/v1/setup/connections', setupConnectionRoutes(deps));
  app.route('/v1/setup', setupTestLoginRoutes(deps));
  app.route('/v1/setup/pool', setupPoolRoutes(deps));
  app.route('/v1/setup/domains', setupDomainRoutes(deps));
  app.use('/v1/admin/*', adminGuard(deps));
  app.route('/v1/admin', adminSessionRoutes(deps));
  app.route('/v1/admin', adminAuditRoutes(deps));
  app.route('/v1/admin', adminMonitoringRoutes(deps));
  app.route('/v1/admin', adminRouteLookupRoutes(deps));
  app.route('/v1/admin/tenants', adminTenantRoutes(deps));
  app.route('/v1/admin/tenants', adminConnectionRoutes(deps));
  app.route('/v1/admin/tenants', adminLifecycleRoutes(deps));
  app.route('/v1/admin/tenants', adminIacRoutes(deps));

  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse API',
      version: deps.config.version,
      description: 'Self-service SSO onboarding for Amazon Cognito. Errors are { error: { code, message, details? } }.',
    },
  });

  app.notFound((c) => errorResponse(c, new GatehouseError('ROUTE_NOT_FOUND', `There is no ${c.req.method} ${c.req.path}.`)));
  app.onError(handleError);
  return app;
}

export type GatehouseApp = ReturnType<typeof createApp>;
