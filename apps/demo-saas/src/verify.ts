import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

/** Where the SaaS's tokens come from: its user pool and its app client. */
export interface TokenSource {
  userPoolId: string;
  clientId: string;
  /**
   * The pool's issuer, only when it is not Amazon Cognito's own
   * (`https://cognito-idp.<region>.amazonaws.com/<poolId>`): the local Cognito's, here.
   */
  localIssuer?: string | undefined;
}

export type VerifiedClaims = Record<string, unknown> & { sub: string; token_use: string };

export interface TokenVerifiers {
  /** Verifies an access token: signature and key id, issuer, expiry, `token_use` access, `client_id`. */
  access(token: string): Promise<VerifiedClaims>;
  /** Verifies an ID token: signature and key id, issuer, expiry, `token_use` id, `aud`. */
  id(token: string): Promise<VerifiedClaims>;
}

/**
 * The token checks a SaaS backend makes, with aws-jwt-verify. Against Amazon Cognito it is exactly
 * `CognitoJwtVerifier.create({ userPoolId, tokenUse, clientId })`. The local Cognito's issuer is
 * `http://127.0.0.1:<port>/<poolId>`, which CognitoJwtVerifier refuses by design, so locally the generic
 * RSA verifier makes the same checks: issuer, signature by a key of the pool's JWKS, expiry, and the
 * `token_use` and client id that CognitoJwtVerifier checks.
 */
export function tokenVerifiers(source: TokenSource): TokenVerifiers {
  if (!source.localIssuer) {
    const access = CognitoJwtVerifier.create({ userPoolId: source.userPoolId, tokenUse: 'access', clientId: source.clientId });
    const id = CognitoJwtVerifier.create({ userPoolId: source.userPoolId, tokenUse: 'id', clientId: source.clientId });
    return {
      access: async (token) => (await access.verify(token)) as unknown as VerifiedClaims,
      id: async (token) => (await id.verify(token)) as unknown as VerifiedClaims,
    };
  }
  const issuer = source.localIssuer;
  const jwksCache = new SimpleJwksCache({ fetcher: { fetch: async (uri) => (await fetch(uri)).arrayBuffer() } });
  const jwksUri = `${issuer}/.well-known/jwks.json`;
  const access = JwtRsaVerifier.create(
    {
      issuer,
      jwksUri,
      audience: null,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'access') throw new Error('not an access token');
        if (payload.client_id !== source.clientId) throw new Error('issued to another app client');
      },
    },
    { jwksCache },
  );
  const id = JwtRsaVerifier.create(
    {
      issuer,
      jwksUri,
      audience: source.clientId,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('not an ID token');
      },
    },
    { jwksCache },
  );
  return {
    access: async (token) => (await access.verify(token)) as unknown as VerifiedClaims,
    id: async (token) => (await id.verify(token)) as unknown as VerifiedClaims,
  };
}

/** Why a request to the SaaS's API is refused, as the demo API answers it. */
export type AccessRefusal = 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'NO_TENANT' | 'TENANT_MISMATCH';

/**
 * The tenant a request may act for: a valid access token's `tenant_id`, which must be the tenant whose
 * resource is asked for. The claim is Gatehouse's (added by its token trigger from the connection the user
 * signed in through); a token without one is a user of no tenant (a native user, or a tenant that was
 * suspended or deleted) and gets nothing of any tenant.
 */
export async function authorizeTenant(
  verifiers: TokenVerifiers,
  authorization: string | undefined,
  tenantId: string,
): Promise<{ ok: true; claims: VerifiedClaims } | { ok: false; status: 401 | 403; code: AccessRefusal }> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return { ok: false, status: 401, code: 'TOKEN_MISSING' };
  let claims: VerifiedClaims;
  try {
    claims = await verifiers.access(token);
  } catch {
    return { ok: false, status: 401, code: 'TOKEN_INVALID' };
  }
  if (typeof claims.tenant_id !== 'string' || !claims.tenant_id) return { ok: false, status: 403, code: 'NO_TENANT' };
  if (claims.tenant_id !== tenantId) return { ok: false, status: 403, code: 'TENANT_MISMATCH' };
  return { ok: true, claims };
}
