import { randomUUID } from 'node:crypto';
import { importJWK, type JWK, SignJWT } from 'jose';
import type { Engine } from '../engine.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../state.ts';
import { identitiesAsClaim } from './federated-users.ts';

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

/** Signs an ID token (when `openid` was granted) and an access token as Cognito shapes them for a user. */
export async function issueTokens(
  engine: Engine,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  grant: { scopes: string[]; nonce?: string; authTime: number; originJti: string },
): Promise<IssuedTokens> {
  const { key, kid } = await signingKey(engine, pool);
  const now = Math.floor(engine.now().getTime() / 1000);
  const issuer = engine.issuer(pool.Id);
  const sub = user.Attributes.sub ?? '';
  const groups = user.groups.length ? { 'cognito:groups': [...user.groups] } : {};
  const accessLifetime = validitySeconds(client, 'AccessToken');
  const access = await new SignJWT({
    ...groups,
    version: 2,
    client_id: client.ClientId,
    origin_jti: grant.originJti,
    token_use: 'access',
    scope: grant.scopes.join(' '),
    auth_time: grant.authTime,
    username: user.Username,
  })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setSubject(sub)
    .setIssuer(issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + accessLifetime)
    .setJti(randomUUID())
    .sign(key);
  const tokens: IssuedTokens = { access_token: access, expires_in: accessLifetime, token_type: 'Bearer' };
  if (grant.scopes.includes('openid')) {
    tokens.id_token = await new SignJWT({
      ...attributeClaims(client, user),
      ...groups,
      'cognito:username': user.Username,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
      origin_jti: grant.originJti,
      token_use: 'id',
      auth_time: grant.authTime,
    })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject(sub)
      .setAudience(client.ClientId)
      .setIssuer(issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + validitySeconds(client, 'IdToken'))
      .setJti(randomUUID())
      .sign(key);
  }
  return tokens;
}
