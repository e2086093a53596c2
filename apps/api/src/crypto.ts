import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `bytes` random bytes from the OS CSPRNG as base64url text. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Hex SHA-256 of a string; bearer secrets are stored only as this. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Compares two strings in time independent of where they differ: the one comparison of secrets in the
 * API (an absent value never equals anything).
 */
export function constantTimeEqual(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Sortable unique id: millisecond time in base36 followed by 80 random bits. */
export function sortableId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, '0')}${randomBytes(10).toString('hex')}`;
}

/** The single-use secrets of an OAuth authorization code request: state, OIDC nonce and PKCE verifier. */
export interface AuthorizationSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** New secrets for one sign-in (the operator's, or an IT admin's test login). */
export function authorizationSecrets(): AuthorizationSecrets {
  return { state: randomToken(32), nonce: randomToken(32), codeVerifier: randomToken(48) };
}

/** The S256 code challenge of a verifier (RFC 7636, section 4.2). */
export function codeChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

/** Puts the state, the nonce and the S256 challenge of `secrets` on an /oauth2/authorize URL. */
export function withAuthorizationSecrets(url: URL, secrets: AuthorizationSecrets): URL {
  url.searchParams.set('state', secrets.state);
  url.searchParams.set('nonce', secrets.nonce);
  url.searchParams.set('code_challenge', codeChallenge(secrets.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return url;
}
