import { GatehouseError, type OperatorSession } from '@gatehouse/core';
import { poolTokenVerifier } from '../cognito/pool-verifier.ts';
import { OAUTH_CALLBACK_PATHS, OPERATORS_GROUP } from '../cognito-access.ts';
import { authorizationSecrets, randomToken, sha256, withAuthorizationSecrets } from '../crypto.ts';
import type { Config } from '../env.ts';
import type { OperatorStore, StoredOperatorSession } from '../store/operator-store.ts';

/** How long a sign-in may stay at managed login before its state is forgotten. */
export const LOGIN_ATTEMPT_TTL_MS = 10 * 60_000;
/** Operators sign in again after a working day. */
export const OPERATOR_SESSION_TTL_MS = 8 * 3_600_000;

const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

export function operatorCallbackUrl(config: Config): string {
  return new URL(OAUTH_CALLBACK_PATHS.operatorSignIn, config.publicUrl).toString();
}

function requireOperatorClient(config: Config): string {
  const clientId = config.cognito.operatorClientId;
  if (!clientId) {
    throw new GatehouseError('INVALID_STATE', 'Operator sign-in is not configured: set COGNITO_OPERATOR_CLIENT_ID.');
  }
  return clientId;
}

function signInFailed(reason: string): GatehouseError {
  return new GatehouseError('SIGN_IN_FAILED', 'The sign-in could not be completed. Start it again.', { reason });
}

/**
 * Starts a sign-in: a login attempt holding the PKCE verifier and the nonce, keyed by the hash of the
 * state, and bound to this browser by a random value kept in a short-lived cookie.
 */
export async function startOperatorSignIn(
  store: OperatorStore,
  config: Config,
  now: Date,
): Promise<{ authorizeUrl: string; browserValue: string }> {
  const clientId = requireOperatorClient(config);
  const secrets = authorizationSecrets();
  const browserValue = randomToken(32);
  await store.createLoginAttempt({
    stateHash: sha256(secrets.state),
    browserHash: sha256(browserValue),
    nonce: secrets.nonce,
    codeVerifier: secrets.codeVerifier,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + LOGIN_ATTEMPT_TTL_MS).toISOString(),
  });
  const url = new URL(`${config.cognito.domainUrl}/oauth2/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', operatorCallbackUrl(config));
  url.searchParams.set('scope', 'openid email profile');
  withAuthorizationSecrets(url, secrets);
  if (config.cognito.operatorIdpName) url.searchParams.set('identity_provider', config.cognito.operatorIdpName);
  return { authorizeUrl: url.toString(), browserValue };
}

export interface IdTokenVerifier {
  verify(idToken: string): Promise<Record<string, unknown>>;
}

/** The ID token verifier of the operator console's client: issuer, audience and token_use pinned. */
export function idTokenVerifier(config: Config): IdTokenVerifier {
  const verify = poolTokenVerifier(config.cognito, { tokenUse: 'id', clientIds: [requireOperatorClient(config)] });
  return { verify };
}

async function exchangeCode(config: Config, code: string, codeVerifier: string): Promise<string> {
  const response = await fetch(`${config.cognito.domainUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: requireOperatorClient(config),
      code,
      redirect_uri: operatorCallbackUrl(config),
      code_verifier: codeVerifier,
    }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => null)) as { id_token?: unknown; error?: unknown } | null;
  if (!response.ok || typeof body?.id_token !== 'string') {
    throw signInFailed(`token endpoint: ${String(body?.error ?? response.status)}`);
  }
  return body.id_token;
}

/**
 * Completes a sign-in. The attempt is consumed first, and only by the browser that started it (checked
 * in the same conditional delete), so a state can be used once and a stranger cannot spend it; the ID
 * token must carry the attempt's nonce; and only the Cognito group in `cognito:groups` makes an operator. An IdP's own group claims arrive (if at all) as
 * mapped user attributes, never in `cognito:groups`, so no IdP can grant operator rights.
 */
export async function completeOperatorSignIn(
  store: OperatorStore,
  config: Config,
  verifier: IdTokenVerifier,
  input: {
    state: string | undefined;
    code: string | undefined;
    error: string | undefined;
    browserValue: string | undefined;
    now: Date;
  },
): Promise<{ cookieValue: string; session: StoredOperatorSession }> {
  if (!input.state || !COOKIE_VALUE.test(input.state)) throw signInFailed('missing state');
  if (!input.browserValue) throw signInFailed('other browser');
  // Consumed only together with its browser's value: a state learnt by someone else cannot burn it.
  const attempt = await store.consumeLoginAttempt(sha256(input.state), sha256(input.browserValue));
  if (!attempt) throw signInFailed('unknown or used state, or other browser');
  if (Date.parse(attempt.expiresAt) <= input.now.getTime()) throw signInFailed('expired state');
  if (input.error) throw signInFailed(`managed login: ${input.error}`);
  if (!input.code) throw signInFailed('missing code');

  const idToken = await exchangeCode(config, input.code, attempt.codeVerifier);
  let claims: Record<string, unknown>;
  try {
    claims = await verifier.verify(idToken);
  } catch {
    throw signInFailed('ID token not valid');
  }
  if (claims.nonce !== attempt.nonce) throw signInFailed('nonce mismatch');
  const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : [];
  if (!groups.includes(OPERATORS_GROUP)) {
    throw new GatehouseError('NOT_AN_OPERATOR', `This account is not a member of the ${OPERATORS_GROUP} group.`);
  }

  const cookieValue = randomToken(32);
  const session: StoredOperatorSession = {
    idHash: sha256(cookieValue),
    kind: 'operator',
    sub: String(claims.sub),
    username: String(claims['cognito:username'] ?? claims.sub),
    email: typeof claims.email === 'string' ? claims.email : null,
    csrfToken: randomToken(24),
    createdAt: input.now.toISOString(),
    expiresAt: new Date(input.now.getTime() + OPERATOR_SESSION_TTL_MS).toISOString(),
  };
  await store.createSession(session);
  return { cookieValue, session };
}

export async function resolveOperatorSession(
  store: OperatorStore,
  cookieValue: string,
  now: Date,
): Promise<StoredOperatorSession | null> {
  if (!COOKIE_VALUE.test(cookieValue)) return null;
  const session = await store.getSession(sha256(cookieValue));
  return session && Date.parse(session.expiresAt) > now.getTime() ? session : null;
}

export async function endOperatorSession(store: OperatorStore, cookieValue: string): Promise<void> {
  if (COOKIE_VALUE.test(cookieValue)) await store.deleteSession(sha256(cookieValue));
}

export function toOperatorSession(session: StoredOperatorSession): OperatorSession {
  return {
    operator: { sub: session.sub, email: session.email, username: session.username },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
  };
}
