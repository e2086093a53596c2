import type { AppDeps } from '../deps.ts';
import { MACHINE_SCOPES, requiredScope } from './machine-access.ts';
import { operatorCookieName, setupCookieName } from './middleware.ts';

type Operation = { security?: Array<Record<string, string[]>> };

const SCOPE_MEANINGS: Record<(typeof MACHINE_SCOPES)[number], string> = {
  read: 'Read tenants, connections, reviews, the audit log and monitoring',
  tenants: 'Create and delete tenants; issue and revoke setup links',
  connections: 'Approve, send back, suspend, resume and roll back connections',
};

/**
 * Declares how each route is called in the OpenAPI document: the IT admin's setup session, the operator
 * console's session, or an API client's client-credentials token with the scope the route needs (the
 * same `requiredScope` the admin API enforces, so the document cannot drift from it).
 */
export function withSecurity<T extends { paths?: object; components?: object }>(document: T, deps: AppDeps): T {
  const resourceServer = deps.config.m2m.resourceServer;
  document.components = {
    ...document.components,
    securitySchemes: {
      setupSession: {
        type: 'apiKey',
        in: 'cookie',
        name: setupCookieName(deps),
        description: 'An IT admin’s session, from POST /v1/setup/session with their setup link. Writes also send x-csrf-token.',
      },
      operatorSession: {
        type: 'apiKey',
        in: 'cookie',
        name: operatorCookieName(deps),
        description: 'An operator’s console session (managed login). Writes also send x-csrf-token from GET /v1/admin/session.',
      },
      apiClient: {
        type: 'oauth2',
        description: `An access token of the client credentials grant of an app client listed in M2M_CLIENT_IDS, as Authorization: Bearer <token>.`,
        flows: {
          clientCredentials: {
            tokenUrl: `${deps.config.cognito.domainUrl}/oauth2/token`,
            scopes: Object.fromEntries(MACHINE_SCOPES.map((scope) => [`${resourceServer}/${scope}`, SCOPE_MEANINGS[scope]])),
          },
        },
      },
    },
  };
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, unknown>)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      if (path.startsWith('/v1/admin/')) {
        const scope = requiredScope(method.toUpperCase(), path);
        operation.security = scope
          ? [{ operatorSession: [] }, { apiClient: [`${resourceServer}/${scope}`] }]
          : [{ operatorSession: [] }];
      } else if (path.startsWith('/v1/setup/') && path !== '/v1/setup/session') {
        operation.security = [{ setupSession: [] }];
      }
    }
  }
  return document;
}
