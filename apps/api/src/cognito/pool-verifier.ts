import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { CognitoConfig } from '../env.ts';

/** Verifies a token of the pool and resolves to its claims; rejects when it does not verify. */
export type PoolTokenVerifier = (token: string) => Promise<Record<string, unknown>>;

/**
 * Verifies tokens the pool issued to `clientIds`, with aws-jwt-verify: RS256 signature by a key of the
 * pool's JWKS (chosen by `kid`), issuer, expiry, `token_use`, and the client (`aud` of an ID token,
 * `client_id` of an access token). In AWS, CognitoJwtVerifier. Against the local Cognito (an endpoint is
 * configured), whose issuer is http://127.0.0.1:<port>/<poolId> and which CognitoJwtVerifier refuses, the
 * generic JwtRsaVerifier with the same checks and a JWKS fetcher that allows loopback http.
 */
export function poolTokenVerifier(
  cognito: Pick<CognitoConfig, 'userPoolId' | 'endpoint'>,
  options: { tokenUse: 'id' | 'access'; clientIds: string[] },
): PoolTokenVerifier {
  const { tokenUse, clientIds } = options;
  if (!cognito.endpoint) {
    const verifier = CognitoJwtVerifier.create({ userPoolId: cognito.userPoolId, tokenUse, clientId: clientIds });
    return async (token) => (await verifier.verify(token)) as unknown as Record<string, unknown>;
  }
  const issuer = `${cognito.endpoint.replace(/\/+$/, '')}/${cognito.userPoolId}`;
  const verifier = JwtRsaVerifier.create(
    {
      issuer,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      audience: tokenUse === 'id' ? clientIds : null,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== tokenUse) throw new Error(`not an ${tokenUse} token`);
        if (tokenUse === 'access' && !clientIds.includes(String(payload.client_id))) throw new Error('issued to another client');
      },
    },
    {
      jwksCache: new SimpleJwksCache({
        fetcher: { fetch: async (uri: string) => (await fetch(uri, { signal: AbortSignal.timeout(5000) })).arrayBuffer() },
      }),
    },
  );
  return async (token) => (await verifier.verify(token)) as Record<string, unknown>;
}
