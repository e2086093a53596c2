import { constantTimeEqual } from '../crypto.ts';
import type { CognitoConfig } from '../env.ts';
import { poolTokenVerifier } from './pool-verifier.ts';

/** Why an ID token was refused; the token itself is never kept or logged. */
export class IdTokenRejected extends Error {
  override readonly name = 'IdTokenRejected';
}

export type IdTokenVerifier = (token: string, expectedNonce: string) => Promise<Record<string, unknown>>;

/**
 * Verifies ID tokens of the test-login app client against forged tokens ("OIDC settings and test logins"
 * in docs/security.md): signature against the pool's JWKS, RS256 only, issuer and audience pinned,
 * token_use "id", not expired, and the nonce of this attempt (poolTokenVerifier: aws-jwt-verify, in AWS
 * and against the local Cognito).
 */
export function createIdTokenVerifier(cognito: Pick<CognitoConfig, 'userPoolId' | 'endpoint' | 'testClientId'>): IdTokenVerifier {
  const verify = poolTokenVerifier(cognito, { tokenUse: 'id', clientIds: [cognito.testClientId] });

  return async (token, expectedNonce) => {
    const header = decodeHeader(token);
    // The pool signs with RS256 alone: anything else (none, HS256 keyed with the public key) is forged.
    if (header?.alg !== 'RS256') throw new IdTokenRejected('The ID token is not signed with RS256.');
    let claims: Record<string, unknown>;
    try {
      claims = await verify(token);
    } catch (error) {
      throw new IdTokenRejected(`The ID token did not verify: ${(error as Error).name}`);
    }
    if (claims.token_use !== 'id') throw new IdTokenRejected('The token is not an ID token.');
    const nonce = typeof claims.nonce === 'string' ? claims.nonce : '';
    if (!constantTimeEqual(nonce, expectedNonce)) throw new IdTokenRejected('The ID token’s nonce is not this attempt’s.');
    return claims;
  };
}

function decodeHeader(token: string): { alg?: unknown } | null {
  const [header] = token.split('.');
  if (!header) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as { alg?: unknown }) : null;
  } catch {
    return null;
  }
}
