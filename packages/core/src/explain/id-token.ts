import { signatureChecks, windowChecks } from './saml-response.ts';
import type { ExplainClaim, ExplainProblem, Explanation, SignatureStatus } from './schema.ts';
import { type ClaimMapping, explanationOf, mappingChecks, problem } from './shared.ts';

export interface IdTokenExplainContext {
  now: Date;
  /** The issuer saved in Provider details. */
  issuer: string;
  /** The client ID saved in Provider details: the audience the token must name. */
  clientId: string;
  mapping: ClaimMapping;
  /** The signature as checked against the issuer's JWKS by the caller. */
  signature: { status: SignatureStatus; detail: string };
}

const iso = (seconds: unknown): string | null =>
  typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : null;

function claimValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  if (typeof value === 'string') return [value];
  if (value === null || value === undefined) return [];
  return [typeof value === 'object' ? JSON.stringify(value) : String(value)];
}

/** Claims every ID token carries about itself rather than the user: not offered for mapping. */
const TOKEN_CLAIMS = new Set([
  'iss',
  'aud',
  'exp',
  'iat',
  'nbf',
  'auth_time',
  'nonce',
  'at_hash',
  'c_hash',
  'azp',
  'jti',
  'sid',
  'acr',
  'amr',
  'uti',
  'rh',
  'ver',
  'aio',
]);

/**
 * Checks an ID token's claims against what Cognito will require: the saved issuer exactly, the saved
 * client ID among the audiences, a time window that holds, a signature by a key the issuer publishes, a
 * `sub`, and every mapped claim present. Pure: the signature verdict and the clock come from the caller.
 */
export function explainIdToken(payload: Record<string, unknown>, context: IdTokenExplainContext): Explanation {
  const problems: ExplainProblem[] = [];
  const issuer = typeof payload.iss === 'string' ? payload.iss : null;
  const audiences = claimValues(payload.aud);
  if (issuer !== context.issuer) {
    const slashOnly = issuer !== null && issuer.replace(/\/+$/, '') === context.issuer.replace(/\/+$/, '');
    problems.push(
      problem(
        'ISSUER_MISMATCH',
        'error',
        `The token's issuer is ${issuer === null ? 'missing' : `"${issuer}"`}, but Provider details say "${context.issuer}". Cognito compares them exactly.`,
        slashOnly
          ? `Only the trailing slash differs: set the issuer in Provider details to exactly ${issuer}.`
          : `Set the issuer in Provider details to ${issuer ?? 'the one your identity provider puts in its tokens'}.`,
      ),
    );
  }
  if (!audiences.includes(context.clientId)) {
    problems.push(
      problem(
        'AUDIENCE_MISMATCH',
        'error',
        `The token is issued to ${audiences.length ? audiences.map((a) => `"${a}"`).join(', ') : 'no audience'}, not to the client ID in Provider details ("${context.clientId}").`,
        'Paste an ID token issued to the application you registered for this connection, or correct the client ID in Provider details.',
      ),
    );
  }
  problems.push(...windowChecks(iso(payload.iat), iso(payload.nbf), iso(payload.exp), context.now));
  problems.push(...signatureChecks('oidc', context.signature));
  const subject = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null;
  if (subject === null) {
    problems.push(
      problem(
        'SUBJECT_MISSING',
        'error',
        'The token has no "sub", so Cognito has nothing to key the user on.',
        'Make your identity provider include "sub" in ID tokens.',
      ),
    );
  }

  const claims: ExplainClaim[] = Object.entries(payload)
    .filter(([name]) => !TOKEN_CLAIMS.has(name))
    .map(([name, value]) => ({
      name,
      values: claimValues(value),
      mappedTo: Object.entries(context.mapping.attributes)
        .filter(([, source]) => source === name)
        .map(([target]) => target),
    }));
  problems.push(...mappingChecks(claims, context.mapping, 'oidc'));

  // What to do about email_verified depends on what the token says and on whether it is already mapped.
  const verifiedMapped = context.mapping.attributes.email_verified !== undefined;
  const verified = payload.email_verified;
  if (verified === false || verified === 'false') {
    problems.push(
      problem(
        'EMAIL_NOT_VERIFIED',
        'warning',
        'Your identity provider says this user’s email address is not verified.',
        verifiedMapped
          ? 'The mapping already passes that on, so Cognito will mark the address unverified: verify the address in your identity provider, or test with a user whose address is verified.'
          : 'Cognito will treat the address as unverified either way. Verify the address in your identity provider.',
      ),
    );
  } else if ((verified === true || verified === 'true') && !verifiedMapped && context.mapping.attributes.email !== undefined) {
    problems.push(
      problem(
        'EMAIL_NOT_VERIFIED',
        'info',
        'Your identity provider vouches for the address (email_verified is true), but that is not mapped, so Cognito will mark it unverified.',
        'Choose “Map this” beside email_verified and map it to email_verified.',
      ),
    );
  }

  return explanationOf('oidc', problems, {
    issuer,
    subject: { value: subject, format: null },
    audiences,
    recipient: null,
    window: { issuedAt: iso(payload.iat), notBefore: iso(payload.nbf), notOnOrAfter: iso(payload.exp) },
    signature: context.signature,
    status: null,
    claims,
  });
}
