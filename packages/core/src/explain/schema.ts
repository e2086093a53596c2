import { z } from 'zod';
import { findingSeveritySchema } from '../finding-view.ts';

/**
 * "What your IdP sent": a SAML response or an OIDC ID token the admin pasted, decoded and checked against
 * the connection's saved settings. The schemas are shared by the API (its answer) and the web app.
 */

/** At most this many characters are read: Cognito refuses SAML responses over 100,000, base64 adds a third. */
export const MAX_EXPLAIN_INPUT_CHARACTERS = 200_000;

export const explainRequestSchema = z.object({
  /** A SAML response (XML, base64 or URL-encoded, or a whole `SAMLResponse=...` form body) or an ID token. */
  text: z.string().min(1).max(MAX_EXPLAIN_INPUT_CHARACTERS),
});
export type ExplainRequest = z.infer<typeof explainRequestSchema>;

/** Why a pasted text could not be read at all: the answer is a 422 with this code. */
export const EXPLAIN_REFUSAL_CODES = [
  'EXPLAIN_NOT_RECOGNISED',
  'EXPLAIN_NOT_XML',
  'EXPLAIN_XML_FORBIDDEN',
  'EXPLAIN_NOT_SAML_RESPONSE',
  'EXPLAIN_TOKEN_ENCRYPTED',
  'EXPLAIN_TOKEN_MALFORMED',
  'EXPLAIN_PROTOCOL_MISMATCH',
  'EXPLAIN_DETAILS_MISSING',
] as const;
export type ExplainRefusalCode = (typeof EXPLAIN_REFUSAL_CODES)[number];

/** What the pasted response or token shows to be wrong, or worth knowing. */
export const EXPLAIN_PROBLEM_CODES = [
  'SAML_STATUS_NOT_SUCCESS',
  'ASSERTION_ENCRYPTED',
  'ISSUER_MISMATCH',
  'AUDIENCE_MISMATCH',
  'RECIPIENT_MISMATCH',
  'EXPIRED',
  'NOT_YET_VALID',
  'SIGNATURE_INVALID',
  'SIGNATURE_UNKNOWN_KEY',
  'UNSIGNED',
  'SIGNATURE_NOT_CHECKED',
  'SUBJECT_MISSING',
  'SUBJECT_NOT_STABLE',
  'SUBJECT_IS_EMAIL',
  'MAPPED_CLAIM_MISSING',
  'EMAIL_NOT_VERIFIED',
] as const;
export type ExplainProblemCode = (typeof EXPLAIN_PROBLEM_CODES)[number];

export const explainProblemSchema = z.object({
  code: z.enum(EXPLAIN_PROBLEM_CODES),
  severity: findingSeveritySchema,
  message: z.string(),
  fix: z.string(),
});
export type ExplainProblem = z.infer<typeof explainProblemSchema>;

/** How the signature was judged against the saved metadata's certificates or the issuer's JWKS. */
export const SIGNATURE_STATUSES = ['verified', 'invalid', 'unknown-key', 'unsigned', 'not-checked'] as const;
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number];

export const explainClaimSchema = z.object({
  /** The SAML attribute Name or the OIDC claim, exactly as sent: what a mapping must name. */
  name: z.string(),
  /** A SAML attribute's FriendlyName, when it has one. */
  friendlyName: z.string().optional(),
  values: z.array(z.string()),
  /** The user-pool attributes the saved mapping fills from it. */
  mappedTo: z.array(z.string()),
});
export type ExplainClaim = z.infer<typeof explainClaimSchema>;

export const explanationSchema = z.object({
  kind: z.enum(['saml', 'oidc']),
  /** One verdict for the badge: problems (an error), warnings, or nothing to change. */
  verdict: z.enum(['ok', 'warnings', 'problems']),
  issuer: z.string().nullable(),
  /** What Cognito keys the user on: the NameID (SAML) or `sub` (OIDC). */
  subject: z.object({ value: z.string().nullable(), format: z.string().nullable() }),
  audiences: z.array(z.string()),
  /** SAML: where the IdP posted the response (SubjectConfirmationData Recipient). */
  recipient: z.string().nullable(),
  /** The time window: SAML Conditions, OIDC iat / nbf / exp. ISO 8601. */
  window: z.object({
    issuedAt: z.string().nullable(),
    notBefore: z.string().nullable(),
    notOnOrAfter: z.string().nullable(),
  }),
  signature: z.object({
    status: z.enum(SIGNATURE_STATUSES),
    /** SAML: what the signature covers; OIDC: the algorithm and key id. */
    detail: z.string(),
  }),
  /** SAML: the IdP's status code when it is not Success. */
  status: z.string().nullable(),
  claims: z.array(explainClaimSchema),
  problems: z.array(explainProblemSchema),
});
export type Explanation = z.infer<typeof explanationSchema>;
