import type { Engine } from '../engine.ts';
import type { ClientRecord, PoolRecord } from '../state.ts';
import { errorPage, redirectError } from './responses.ts';
import type { AuthorizeSession } from './sessions.ts';

/** The pool a managed-login domain belongs to. */
export function poolOfDomain(engine: Engine, domain: string): PoolRecord | undefined {
  const poolId = engine.data.domains[domain];
  return poolId ? engine.data.pools[poolId] : undefined;
}

/** The client's SupportedIdentityProviders: `COGNITO` for the user pool directory, and IdP names. */
export const supportedProviders = (client: ClientRecord) => (client.SupportedIdentityProviders as string[] | undefined) ?? [];

export interface AuthorizeRequest {
  client: ClientRecord;
  /** What the code must carry back to the token endpoint: redirect URI, scopes, state, nonce, PKCE challenge. */
  code: Pick<AuthorizeSession, 'redirectUri' | 'state' | 'nonce' | 'codeChallenge' | 'scopes'>;
  /** Sends an error to the app's redirect_uri. */
  fail: (error: string, description: string) => Response;
}

/**
 * Reads and checks an authorization request (its query string), as `/oauth2/authorize` and the sign-in form
 * post both must: the client, its redirect_uri, OAuth flows, scopes and PKCE. A failure is the response to
 * send (the error page or a redirect to the app).
 */
export function readAuthorizeRequest(
  engine: Engine,
  domain: string,
  pool: PoolRecord,
  q: Record<string, string>,
): Response | AuthorizeRequest {
  const client = q.client_id ? pool.clients[q.client_id] : undefined;
  if (!client) return errorPage('Invalid client id.');
  const callbacks = (client.CallbackURLs as string[] | undefined) ?? [];
  const redirectUri = q.redirect_uri ?? (client.DefaultRedirectURI as string | undefined);
  if (!redirectUri || !callbacks.includes(redirectUri)) {
    return new Response(null, {
      status: 302,
      headers: {
        location: `${engine.domainBaseUrl(domain)}/error?error=redirect_mismatch&client_id=${encodeURIComponent(client.ClientId)}`,
      },
    });
  }
  const fail = (error: string, description: string) => redirectError(redirectUri, q.state, error, description);
  if (client.AllowedOAuthFlowsUserPoolClient !== true) return fail('invalid_request', 'Client is not enabled for OAuth2.0 flows');
  if (!q.response_type) return fail('invalid_request', 'response_type is required');
  const flows = (client.AllowedOAuthFlows as string[] | undefined) ?? [];
  if (q.response_type !== 'code' || !flows.includes('code')) return fail('unauthorized_client', 'unauthorized_client');
  const allowedScopes = (client.AllowedOAuthScopes as string[] | undefined) ?? [];
  const scopes = q.scope ? q.scope.split(/\s+/).filter(Boolean) : allowedScopes;
  if (scopes.some((s) => !allowedScopes.includes(s))) return fail('invalid_scope', 'invalid_scope');
  if (q.code_challenge !== undefined || q.code_challenge_method !== undefined) {
    if (q.code_challenge_method !== 'S256') return fail('invalid_request', 'Unsupported code challenge method');
    if (!q.code_challenge || !/^[A-Za-z0-9_-]{43,128}$/.test(q.code_challenge))
      return fail('invalid_request', 'Invalid code challenge');
  }
  const code = {
    redirectUri,
    scopes,
    ...(q.state !== undefined ? { state: q.state } : {}),
    ...(q.nonce !== undefined ? { nonce: q.nonce } : {}),
    ...(q.code_challenge !== undefined ? { codeChallenge: q.code_challenge } : {}),
  };
  return { client, code, fail };
}

/**
 * The authorization request an endpoint of a managed-login domain was called with (its query string),
 * checked: the domain's pool, then `readAuthorizeRequest`. A failure is the response to send.
 */
export function authorizeRequestAt(
  engine: Engine,
  domain: string,
  q: Record<string, string>,
): Response | (AuthorizeRequest & { pool: PoolRecord }) {
  const pool = poolOfDomain(engine, domain);
  if (!pool) return errorPage('Unknown domain.', 404);
  const request = readAuthorizeRequest(engine, domain, pool, q);
  return request instanceof Response ? request : { ...request, pool };
}
