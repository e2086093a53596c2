import { GatehouseError } from '@gatehouse/core';
import type { Context, Next } from 'hono';
import { type PoolTokenVerifier, poolTokenVerifier } from '../cognito/pool-verifier.ts';
import type { AppDeps, AppEnv, MachineClient } from '../deps.ts';

/**
 * The capabilities an API client (the SaaS's backend, with a client-credentials token) may be granted,
 * as scopes of the resource server `M2M_RESOURCE_SERVER`: `<identifier>/read` reads everything the console
 * shows; `/tenants` creates and deletes tenants, issues and revokes setup links, sets SSO enforcement and
 * disables password users under enforced domains; `/connections` approves,
 * sends back, suspends, resumes and rolls back connections.
 */
export const MACHINE_SCOPES = ['read', 'tenants', 'connections'] as const;
export type MachineScope = (typeof MACHINE_SCOPES)[number];

const CONNECTION_DECISION = /^\/v1\/admin\/tenants\/[^/]+\/connections\/[^/]+\/(?:approve|reject|suspend|resume|rollback)$/;
const TENANT_SETTING = /^\/v1\/admin\/tenants\/[^/]+\/sso-enforcement$/;
const NATIVE_USERS_DISABLE = /^\/v1\/admin\/tenants\/[^/]+\/native-users\/disable$/;
const TENANT_WRITE = /^\/v1\/admin\/tenants(?:\/[^/]+(?:\/setup-links(?:\/[^/]+)?)?)?$/;

/**
 * The scope an admin route needs from an API client, or null when only an operator signed in to the
 * console may call it (the console's own session routes, and any write not given a scope here: a new
 * route is closed to machines until it is listed). `path` may be a concrete path or an OpenAPI template.
 */
export function requiredScope(method: string, path: string): MachineScope | null {
  if (path === '/v1/admin/session' || path.startsWith('/v1/admin/session/')) return null;
  if (method === 'GET' || method === 'HEAD') return 'read';
  // A lookup of where an address signs in changes nothing.
  if (method === 'POST' && path === '/v1/admin/route-lookup') return 'read';
  if (method === 'POST' && CONNECTION_DECISION.test(path)) return 'connections';
  if ((method === 'POST' || method === 'DELETE') && TENANT_WRITE.test(path)) return 'tenants';
  if (method === 'PUT' && TENANT_SETTING.test(path)) return 'tenants';
  if (method === 'POST' && NATIVE_USERS_DISABLE.test(path)) return 'tenants';
  return null;
}

/**
 * Admits a request to /v1/admin that carries `Authorization: Bearer <token>`: an access token of the
 * client-credentials grant (its `sub` is the client itself, never a user) of one of `M2M_CLIENT_IDS`,
 * verified with aws-jwt-verify, holding the scope the route needs. No cookie and no CSRF token on this
 * path, and an operator's session cookie sent with it is ignored: a session never stands in for a scope.
 */
export function machineAccess(deps: Pick<AppDeps, 'config'>) {
  const { clientIds, resourceServer } = deps.config.m2m;
  let verify: PoolTokenVerifier | undefined;
  return async (c: Context<AppEnv>, next: Next) => {
    if (clientIds.length === 0) {
      throw new GatehouseError(
        'TOKEN_INVALID',
        'This portal accepts no API clients (M2M_CLIENT_IDS is not set). Sign in to the operator console instead.',
      );
    }
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token) throw new GatehouseError('TOKEN_INVALID', 'Send the access token as Authorization: Bearer <token>.');
    let claims: Record<string, unknown>;
    try {
      verify ??= poolTokenVerifier(deps.config.cognito, { tokenUse: 'access', clientIds });
      claims = await verify(token);
    } catch {
      throw new GatehouseError(
        'TOKEN_INVALID',
        'The access token is not valid here: get a new one from the token endpoint with your app client’s credentials.',
      );
    }
    if (claims.sub !== claims.client_id) {
      throw new GatehouseError('TOKEN_INVALID', 'Only client-credentials tokens of an API client are accepted, not a user’s.');
    }
    const needed = requiredScope(c.req.method, c.req.path);
    if (!needed) {
      throw new GatehouseError('SCOPE_MISSING', 'This route is for operators signed in to the console, not for API clients.');
    }
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
    const scope = `${resourceServer}/${needed}`;
    if (!scopes.includes(scope)) {
      throw new GatehouseError(
        'SCOPE_MISSING',
        `This call needs the scope ${scope}; the token has ${scopes.join(' ') || 'none'}.`,
        {
          required: scope,
        },
      );
    }
    const client: MachineClient = { clientId: String(claims.client_id), scopes };
    c.set('client', client);
    c.set('log', c.var.log.child({ client: client.clientId }));
    return next();
  };
}
