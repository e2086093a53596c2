import { randomUUID } from 'node:crypto';
import { importJWK, type JWK, SignJWT } from 'jose';
import type { Engine } from '../engine.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../state.ts';
import { applyTokenOverrides, type TokenClaims, type TokenOverrides } from '../triggers/pre-token-generation.ts';
import { identitiesAsClaim } from './federated-users.ts';
import { type GroupConfiguration, groupConfiguration } from './group-claims.ts';

const signingKeys = new Map<string, CryptoKey | Uint8Array>();

async function signingKey(engine: Engine, pool: PoolRecord) {
  const keys = await engine.poolKeys(pool);
  let key = signingKeys.get(keys.kid);
  if (!key) {
    key = await importJWK(keys.privateJwk as JWK, 'RS256');
    signingKeys.set(keys.kid, key);
  }
  return { key, kid: keys.kid };
}

/** The pool's JWKS document: its public RSA key with `kid`, `alg` and `use`. */
export async function jwks(engine: Engine, pool: PoolRecord) {
  const keys = await engine.poolKeys(pool);
  const { n, e, kty } = keys.publicJwk as { n: string; e: string; kty: string };
  return { keys: [{ alg: 'RS256', e, kid: keys.kid, kty, n, use: 'sig' }] };
}

const UNIT_SECONDS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 } as const;
type Unit = keyof typeof UNIT_SECONDS;

/** A token lifetime in seconds from the client's validity and unit (Cognito's defaults: 1 hour, 30 days). */
export function validitySeconds(client: ClientRecord, kind: 'AccessToken' | 'IdToken' | 'RefreshToken'): number {
  const units = (client.TokenValidityUnits ?? {}) as Partial<Record<typeof kind, Unit>>;
  const value = client[
    kind === 'AccessToken' ? 'AccessTokenValidity' : kind === 'IdToken' ? 'IdTokenValidity' : 'RefreshTokenValidity'
  ] as number | undefined;
  if (value === undefined) return kind === 'RefreshToken' ? 30 * 86400 : 3600;
  return value * UNIT_SECONDS[units[kind] ?? (kind === 'RefreshToken' ? 'days' : 'hours')];
}

/** The user's attributes as ID-token claims: booleans for *_verified, `identities` parsed, strings otherwise. */
function attributeClaims(client: ClientRecord, user: UserRecord): Record<string, unknown> {
  const readable = client.ReadAttributes as string[] | undefined;
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(user.Attributes)) {
    if (name === 'sub') continue;
    if (name === 'identities') {
      claims.identities = identitiesAsClaim(value);
      continue;
    }
    if (readable && !readable.includes(name)) continue;
    claims[name] = name.endsWith('_verified') ? value === 'true' : value;
  }
  return claims;
}

export interface IssuedTokens {
  id_token?: string;
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

export interface TokenGrant {
  scopes: string[];
  nonce?: string;
  authTime: number;
  originJti: string;
  /** Changes a pre token generation trigger asked for. */
  overrides?: TokenOverrides;
  /**
   * An ID token whatever the scopes: API sign-ins (InitiateAuth, AdminInitiateAuth) always return one, with
   * the access token's scope `aws.cognito.signin.user.admin` (developer guide, user pool tokens).
   */
  alwaysIdToken?: boolean;
}

/**
 * The claims Cognito writes for a user before any trigger: an ID token when `openid` was granted, and an
 * access token. Groups are in both tokens; IAM roles of the groups and the preferred role in the ID token.
 */
export function tokenClaims(
  input: { issuer: string; now: number; client: ClientRecord; user: UserRecord; groups: GroupConfiguration },
  grant: TokenGrant,
): TokenClaims {
  const { issuer, now, client, user, groups } = input;
  const sub = user.Attributes.sub ?? '';
  const cognitoGroups = groups.groupsToOverride.length ? { 'cognito:groups': [...groups.groupsToOverride] } : {};
  const access: Record<string, unknown> = {
    sub,
    ...cognitoGroups,
    iss: issuer,
    version: 2,
    client_id: client.ClientId,
    origin_jti: grant.originJti,
    token_use: 'access',
    scope: grant.scopes.join(' '),
    auth_time: grant.authTime,
    exp: now + validitySeconds(client, 'AccessToken'),
    iat: now,
    jti: randomUUID(),
    username: user.Username,
  };
  if (!grant.scopes.includes('openid') && !grant.alwaysIdToken) return { access };
  const id: Record<string, unknown> = {
    sub,
    ...cognitoGroups,
    ...(groups.iamRolesToOverride.length ? { 'cognito:roles': [...groups.iamRolesToOverride] } : {}),
    ...(groups.preferredRole ? { 'cognito:preferred_role': groups.preferredRole } : {}),
    ...attributeClaims(client, user),
    iss: issuer,
    'cognito:username': user.Username,
    ...(grant.nonce ? { nonce: grant.nonce } : {}),
    origin_jti: grant.originJti,
    aud: client.ClientId,
    token_use: 'id',
    auth_time: grant.authTime,
    exp: now + validitySeconds(client, 'IdToken'),
    iat: now,
    jti: randomUUID(),
  };
  return { id, access };
}

/**
 * Issues tokens as Cognito shapes them for a user: the claims are built, a pre token generation trigger's
 * changes applied, then each token is signed.
 */
export async function issueTokens(
  engine: Engine,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  grant: TokenGrant,
): Promise<IssuedTokens> {
  const { key, kid } = await signingKey(engine, pool);
  const built = tokenClaims(
    {
      issuer: engine.issuer(pool.Id),
      now: Math.floor(engine.now().getTime() / 1000),
      client,
      user,
      groups: groupConfiguration(pool, user),
    },
    grant,
  );
  const claims = grant.overrides ? applyTokenOverrides(built, grant.overrides) : built;
  const sign = (payload: Record<string, unknown>) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
  const tokens: IssuedTokens = {
    access_token: await sign(claims.access),
    expires_in: validitySeconds(client, 'AccessToken'),
    token_type: 'Bearer',
  };
  if (claims.id) tokens.id_token = await sign(claims.id);
  return tokens;
}

/**
 * The access token of a client credentials grant, as Cognito shapes it for a machine: `sub` and `client_id`
 * are the app client's id, `scope` the custom scopes granted, no user claims and no ID token (developer guide,
 * token endpoint: client credentials; access token). A V3_0 pre token generation trigger's changes apply.
 */
export async function issueClientCredentialsToken(
  engine: Engine,
  pool: PoolRecord,
  client: ClientRecord,
  scopes: string[],
  overrides?: TokenOverrides,
): Promise<IssuedTokens> {
  const { key, kid } = await signingKey(engine, pool);
  const now = Math.floor(engine.now().getTime() / 1000);
  const access: Record<string, unknown> = {
    sub: client.ClientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: now,
    iss: engine.issuer(pool.Id),
    exp: now + validitySeconds(client, 'AccessToken'),
    iat: now,
    version: 2,
    jti: randomUUID(),
    client_id: client.ClientId,
  };
  const claims = overrides ? applyTokenOverrides({ access }, overrides) : { access };
  return {
    access_token: await new SignJWT(claims.access).setProtectedHeader({ alg: 'RS256', kid }).sign(key),
    expires_in: validitySeconds(client, 'AccessToken'),
    token_type: 'Bearer',
  };
}
