import type { AppDeps } from './deps.ts';
import { useEdgeMiddleware, useErrorAnswers } from './http/edge.ts';
import { newRouter } from './http/openapi.ts';
import { withSecurity } from './http/openapi-security.ts';
import { adminAuditRoutes } from './routes/admin-audit.ts';
import { adminBrandingRoutes } from './routes/admin-branding.ts';
import { adminConnectionRoutes } from './routes/admin-connections.ts';
import { adminEventRoutes } from './routes/admin-events.ts';
import { adminIacRoutes } from './routes/admin-iac.ts';
import { adminLifecycleRoutes } from './routes/admin-lifecycle.ts';
import { adminMonitoringRoutes } from './routes/admin-monitoring.ts';
import { adminRouteLookupRoutes } from './routes/admin-route-lookup.ts';
import { adminGuard, adminSessionRoutes } from './routes/admin-session.ts';
import { adminSsoRoutes } from './routes/admin-sso.ts';
import { adminTenantRoutes } from './routes/admin-tenants.ts';
import { discoveryRoutes } from './routes/discovery.ts';
import { healthRoutes } from './routes/health.ts';
import { documentPublicRoutes } from './routes/public-docs.ts';
import { setupBrandingRoutes } from './routes/setup-branding.ts';
import { setupConnectionRoutes, setupPoolRoutes } from './routes/setup-connections.ts';
import { setupDomainRoutes } from './routes/setup-domains.ts';
import { setupSessionRoutes } from './routes/setup-session.ts';
import { setupSsoRoutes } from './routes/setup-sso.ts';
import { setupTestLoginRoutes } from './routes/setup-test-login.ts';

export { MAX_BODY_BYTES } from './http/edge.ts';

/**
 * The composition root: every route and middleware of the API, over the given dependencies. server.ts
 * serves exactly this app; the Lambda answers /v1/health and /v1/discovery from public-app.ts (the same
 * routes and middleware) and imports this app for everything else.
 */
export function createApp(deps: AppDeps) {
  const app = newRouter();

  useEdgeMiddleware(app, deps);

  app.route('/v1', healthRoutes(deps));
  app.route('/v1', discoveryRoutes(deps));
  documentPublicRoutes(app);
  app.route('/v1/setup', setupSessionRoutes(deps));
  app.route('/v1/setup/connections', setupConnectionRoutes(deps));
  app.route('/v1/setup', setupTestLoginRoutes(deps));
  app.route('/v1/setup/pool', setupPoolRoutes(deps));
  app.route('/v1/setup/domains', setupDomainRoutes(deps));
  app.route('/v1/setup', setupSsoRoutes(deps));
  app.route('/v1/setup', setupBrandingRoutes(deps));
  app.use('/v1/admin/*', adminGuard(deps));
  app.route('/v1/admin', adminSessionRoutes(deps));
  app.route('/v1/admin', adminAuditRoutes(deps));
  app.route('/v1/admin', adminBrandingRoutes(deps));
  app.route('/v1/admin', adminEventRoutes(deps));
  app.route('/v1/admin', adminMonitoringRoutes(deps));
  app.route('/v1/admin', adminRouteLookupRoutes(deps));
  app.route('/v1/admin/tenants', adminTenantRoutes(deps));
  app.route('/v1/admin/tenants', adminConnectionRoutes(deps));
  app.route('/v1/admin/tenants', adminLifecycleRoutes(deps));
  app.route('/v1/admin/tenants', adminIacRoutes(deps));
  app.route('/v1/admin/tenants', adminSsoRoutes(deps));

  const documentConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse API',
      version: deps.config.version,
      description: 'Self-service SSO onboarding for Amazon Cognito. Errors are { error: { code, message, details? } }.',
    },
  };
  app.get('/v1/openapi.json', (c) => c.json(withSecurity(app.getOpenAPI31Document(documentConfig), deps)));

  useErrorAnswers(app);
  return app;
}

export type GatehouseApp = ReturnType<typeof createApp>;
