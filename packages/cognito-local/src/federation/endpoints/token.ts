import { createHash, randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { constantTimeEqual } from '../../constant-time.ts';
import { customScopeExists } from '../../control/resource-servers.ts';
import type { Engine } from '../../engine.ts';
import type { ClientRecord, PoolRecord } from '../../state.ts';
import { runPreTokenGeneration, runPreTokenGenerationForClient } from '../../triggers/pre-token-generation.ts';
import { poolOfDomain } from '../authorize-request.ts';
import { tokenError } from '../responses.ts';
import { randomToken } from '../sessions.ts';
import { issueClientCredentialsToken, issueTokens } from '../tokens.ts';

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** What each grant gets: the request, the authenticated client, its pool and the posted form. */
interface GrantRequest {
  c: Context;
  engine: Engine;
  pool: PoolRecord;
  client: ClientRecord;
  form: URLSearchParams;
}

/**
 * `POST /oauth2/token` (developer guide, token endpoint): authenticates the client (form fields or HTTP
 * Basic), then answers the authorization code, refresh token or client credentials grant.
 */
export function tokenEndpoint(engine: Engine): Hono {
  const app = new Hono();

  app.post('/domains/:domain/oauth2/token', async (c) => {
    const pool = poolOfDomain(engine, c.req.param('domain'));
    if (!pool) return tokenError('invalid_request', 404);
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded'))
      return tokenError('invalid_request');
    const form = new URLSearchParams(await c.req.text());
    let clientId = form.get('client_id') ?? '';
    let clientSecret = form.get('client_secret') ?? undefined;
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const client = pool.clients[clientId];
    if (!client) return tokenError('invalid_client', 400);
    if (client.ClientSecret && (!clientSecret || !constantTimeEqual(clientSecret, client.ClientSecret)))
      return tokenError('invalid_client');
    const grant = { c, engine, pool, client, form };
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') return authorizationCodeGrant(grant);
    if (grantType === 'refresh_token') return refreshTokenGrant(grant);
    if (grantType === 'client_credentials') return clientCredentialsGrant(grant);
    return tokenError('unsupported_grant_type');
  });

  return app;
}

/** Redeems a managed-login code (once, even when the attempt fails) for tokens and a refresh token. */
async function authorizationCodeGrant({ c, engine, pool, client, form }: GrantRequest): Promise<Response> {
  const state = engine.signIns;
  const now = () => engine.now().getTime();
  const code = form.get('code') ?? '';
  const grant = state.codes.get(code);
  // A code is good once, even when the attempt fails.
  state.codes.delete(code);
  if (!grant || grant.expiresAt < now() || grant.clientId !== client.ClientId || grant.poolId !== pool.Id)
    return tokenError('invalid_grant');
  if (form.get('redirect_uri') !== grant.redirectUri) return tokenError('invalid_grant');
  if (grant.codeChallenge) {
    const verifier = form.get('code_verifier') ?? '';
    if (!verifier || !constantTimeEqual(s256(verifier), grant.codeChallenge)) return tokenError('invalid_grant');
  }
  const user = pool.users[grant.username];
  if (!user) return tokenError('invalid_grant');
  const originJti = randomUUID();
  const tokens = await issueTokens(engine, pool, client, user, {
    scopes: grant.scopes,
    ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
    authTime: grant.authTime,
    originJti,
    ...(grant.overrides ? { overrides: grant.overrides } : {}),
  });
  const refreshToken = randomToken(64);
  state.refreshTokens.set(refreshToken, {
    poolId: pool.Id,
    clientId: client.ClientId,
    username: user.Username,
    scopes: grant.scopes,
    authTime: grant.authTime,
    originJti,
    expiresAt: now() + (typeof client.RefreshTokenValidity === 'number' ? client.RefreshTokenValidity : 30) * 86_400_000,
  });
  return c.json({ ...tokens, refresh_token: refreshToken }, 200, { 'cache-control': 'no-store', pragma: 'no-cache' });
}

/** New tokens for a refresh token of this client, the pre token generation trigger run again. */
async function refreshTokenGrant({ c, engine, pool, client, form }: GrantRequest): Promise<Response> {
  const grant = engine.signIns.refreshTokens.get(form.get('refresh_token') ?? '');
  if (!grant || grant.expiresAt < engine.now().getTime() || grant.clientId !== client.ClientId || grant.poolId !== pool.Id)
    return tokenError('invalid_grant');
  const user = pool.users[grant.username];
  if (!user?.Enabled) return tokenError('invalid_grant');
  // The trigger runs at every refresh; how Cognito's token endpoint reports its failure is not
  // documented: an OAuth error carrying the trigger's text is a guess.
  const trigger = await runPreTokenGeneration(engine, {
    pool,
    clientId: client.ClientId,
    user,
    scopes: grant.scopes,
    triggerSource: 'TokenGeneration_RefreshTokens',
  });
  if (!trigger.ok) return tokenError('invalid_request', 400, trigger.description);
  const tokens = await issueTokens(engine, pool, client, user, {
    scopes: grant.scopes,
    authTime: grant.authTime,
    originJti: grant.originJti,
    ...(trigger.overrides ? { overrides: trigger.overrides } : {}),
    ...(grant.alwaysIdToken ? { alwaysIdToken: true } : {}),
  });
  return c.json(tokens, 200, { 'cache-control': 'no-store', pragma: 'no-cache' });
}

/**
 * Developer guide, token endpoint (client credentials) and "Scopes, M2M, and API authorization with
 * resource servers": the client authenticates with its secret, asks for custom scopes it is allowed (all
 * of them when `scope` is left out) and gets an access token only.
 */
async function clientCredentialsGrant({ c, engine, pool, client, form }: GrantRequest): Promise<Response> {
  const flows = (client.AllowedOAuthFlows as string[] | undefined) ?? [];
  if (client.AllowedOAuthFlowsUserPoolClient !== true || !flows.includes('client_credentials'))
    return tokenError('unauthorized_client');
  if (!client.ClientSecret) return tokenError('invalid_client');
  // A scope whose resource server or scope was deleted since is granted no more (a guess: stricter than
  // honouring the client's stale list).
  const allowed = ((client.AllowedOAuthScopes as string[] | undefined) ?? []).filter((scope) => customScopeExists(pool, scope));
  const asked = form.get('scope');
  const scopes = asked ? [...new Set(asked.split(/\s+/).filter(Boolean))] : allowed;
  if (!scopes.length || scopes.some((scope) => !allowed.includes(scope))) return tokenError('invalid_scope');
  const trigger = await runPreTokenGenerationForClient(engine, { pool, clientId: client.ClientId, scopes });
  if (!trigger.ok) return tokenError('invalid_request', 400, trigger.description);
  const tokens = await issueClientCredentialsToken(engine, pool, client, scopes, trigger.overrides);
  return c.json(tokens, 200, { 'cache-control': 'no-store', pragma: 'no-cache' });
}
