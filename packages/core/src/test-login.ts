import { z } from 'zod';
import { CLAIM_PRESETS } from './claims/index.ts';
import type { CognitoSignInErrorExplanation } from './cognito-errors.ts';
import { COGNITO_SIGN_IN_ERROR_CODES } from './cognito-errors.ts';
import type { Protocol } from './connections.ts';
import type { IdpVendor } from './findings/vendors.ts';
import { TENANT_ID_CLAIM } from './tenant-claims.ts';

/** Problems a test login can reveal; `error` ones block submission, `warning` ones do not. */
export const TEST_LOGIN_PROBLEM_CODES = [
  'ATTRIBUTE_MISSING',
  'ATTRIBUTE_EMPTY',
  'REQUIRED_ATTRIBUTE_MISSING',
  'EMAIL_NOT_MAPPED',
  'EMAIL_NOT_VERIFIED',
  'USERNAME_FROM_EMAIL',
  'USERNAME_NOT_STABLE',
  'COGNITO_ERROR',
  'TOKEN_EXCHANGE_FAILED',
  'TOKEN_INVALID',
  'TENANT_CLAIM_MISSING',
  'TENANT_CLAIM_WRONG',
  'EMAIL_DOMAIN_NOT_VERIFIED',
] as const;
export type TestLoginProblemCode = (typeof TEST_LOGIN_PROBLEM_CODES)[number];

export const testLoginProblemSchema = z.object({
  code: z.enum(TEST_LOGIN_PROBLEM_CODES),
  severity: z.enum(['error', 'warning']),
  attribute: z.string().optional(),
  message: z.string(),
  fix: z.string(),
});
export type TestLoginProblem = z.infer<typeof testLoginProblemSchema>;

export const testLoginAttributeSchema = z.object({
  /** The user-pool attribute. */
  attribute: z.string(),
  /** The IdP claim mapped to it, or null when Cognito set it by itself. */
  claim: z.string().nullable(),
  /** What Cognito stored; null when nothing. */
  value: z.string().nullable(),
  status: z.enum(['present', 'missing', 'empty', 'unmapped']),
  required: z.boolean(),
});
export type TestLoginAttribute = z.infer<typeof testLoginAttributeSchema>;

/** What a test login found, as stored with the connection and shown in the wizard. */
export const testLoginReportSchema = z.object({
  outcome: z.enum(['signed-in', 'cognito-error', 'failed']),
  passed: z.boolean(),
  /** The Cognito username the sign-in created (`<test provider>_<id>`); the user is deleted afterwards. */
  username: z.string().optional(),
  identity: z.object({ providerType: z.string(), userId: z.string(), issuer: z.string().optional() }).optional(),
  usernameStable: z.boolean().optional(),
  emailVerified: z.boolean().nullable().optional(),
  /**
   * The `tenant_id` claim: the tenant every token of this connection's users carries (`expected`), and
   * what the test login's ID token carried (`received`; null when the pool's trigger added none).
   */
  tenantClaim: z.object({ expected: z.string(), received: z.string().nullable() }).optional(),
  attributes: z.array(testLoginAttributeSchema),
  problems: z.array(testLoginProblemSchema),
  cognitoError: z
    .object({
      code: z.enum(COGNITO_SIGN_IN_ERROR_CODES),
      error: z.string(),
      description: z.string(),
      explanation: z.string(),
      fix: z.string(),
    })
    .optional(),
});
export type TestLoginReport = z.infer<typeof testLoginReportSchema>;

/** The answer of POST /v1/setup/connections/{id}/test-login. */
export const testLoginStartSchema = z.object({
  authorizeUrl: z.string(),
  expiresAt: z.string(),
  /**
   * For a test as another user: `prompt` when the IdP is asked to sign in afresh (OIDC: Cognito passes
   * prompt=login on), `manual` when it cannot be asked (SAML) and `hint` says what to do instead.
   */
  freshSignIn: z.enum(['prompt', 'manual']).optional(),
  hint: z.string().optional(),
});
/** What starting a test login takes: nothing, or a fresh sign-in at the IdP to test another user. */
export const testLoginStartRequestSchema = z.object({ freshSignIn: z.boolean().optional() });
export type TestLoginStart = z.infer<typeof testLoginStartSchema>;

/** The pool attributes the report needs (from DescribeUserPool). */
export interface ReportPoolAttribute {
  name: string;
  required: boolean;
}

export interface TestLoginReportInput {
  protocol: Protocol;
  /** The draft's mapping: user-pool attribute -> IdP claim. */
  mapping: Record<string, string>;
  schema: readonly ReportPoolAttribute[];
  /** The verified ID token's claims. */
  claims: Record<string, unknown>;
  /** AdminGetUser's attributes, or null when the user could not be read. */
  userAttributes: Record<string, string> | null;
  /** The tenant of the connection: what `tenant_id` in its users' tokens must say. */
  tenantId: string;
  /** The connection's verified email domains, when known: users of other domains are not routed to it. */
  verifiedDomains?: readonly string[];
  /** The IdP the admin chose, whose usual attribute names a missing attribute's fix lists. */
  vendor?: IdpVendor;
}

/** Attributes Cognito manages itself: never a mapping target, never worth a row. */
const POOL_MANAGED = new Set(['sub', 'identities', 'username', TENANT_ID_CLAIM]);
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function stringValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function firstIdentity(claims: Record<string, unknown>): TestLoginReport['identity'] {
  const identities = claims.identities;
  const list = Array.isArray(identities) ? identities : typeof identities === 'string' ? safeParse(identities) : [];
  const first = list.find((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
  if (!first) return undefined;
  return {
    providerType: String(first.providerType ?? ''),
    userId: String(first.userId ?? ''),
    ...(typeof first.issuer === 'string' ? { issuer: first.issuer } : {}),
  };
}

function safeParse(text: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/**
 * Compares what Cognito stored for the test user with the mapping: each mapped attribute present,
 * missing or empty; required attributes filled; the username keyed on an immutable subject, never on an
 * email address (an email can change hands); email verified. Passed means no error-level problem.
 */
export function buildTestLoginReport(input: TestLoginReportInput): TestLoginReport {
  const { mapping, schema, claims, protocol } = input;
  const stored: Record<string, string> = { ...(input.userAttributes ?? {}) };
  // The token carries what the app client may read; AdminGetUser everything. Take both.
  for (const [name, value] of Object.entries(claims)) {
    if (schema.some((a) => a.name === name) && !(name in stored)) {
      const text = stringValue(value);
      if (text !== null) stored[name] = text;
    }
  }
  const required = new Set(schema.filter((a) => a.required && !POOL_MANAGED.has(a.name)).map((a) => a.name));
  const problems: TestLoginProblem[] = [];
  const attributes: TestLoginAttribute[] = [];

  for (const [attribute, claim] of Object.entries(mapping)) {
    if (POOL_MANAGED.has(attribute)) continue;
    const value = stored[attribute];
    const status = value === undefined ? 'missing' : value.trim() === '' ? 'empty' : 'present';
    const isRequired = required.has(attribute);
    attributes.push({ attribute, claim, value: value ?? null, status, required: isRequired });
    if (status !== 'present') {
      const blocking = isRequired || attribute === 'email';
      problems.push({
        code: isRequired ? 'REQUIRED_ATTRIBUTE_MISSING' : status === 'missing' ? 'ATTRIBUTE_MISSING' : 'ATTRIBUTE_EMPTY',
        severity: blocking ? 'error' : 'warning',
        attribute,
        message:
          status === 'missing'
            ? `Your identity provider sent no "${claim}", so "${attribute}" was not set.`
            : `Your identity provider sent "${claim}" empty, so "${attribute}" is empty.`,
        fix: `Make your identity provider send "${claim}" for every user, or map "${attribute}" to the claim it does send.${usualNames(input.vendor, protocol)}`,
      });
    }
  }
  for (const [attribute, value] of Object.entries(stored)) {
    if (POOL_MANAGED.has(attribute) || attribute in mapping) continue;
    attributes.push({ attribute, claim: null, value, status: 'unmapped', required: required.has(attribute) });
  }
  for (const attribute of required) {
    if (attribute in mapping) continue;
    problems.push({
      code: 'REQUIRED_ATTRIBUTE_MISSING',
      severity: 'error',
      attribute,
      message: `The user pool requires "${attribute}", but nothing is mapped to it.`,
      fix: `Map "${attribute}" in the Attributes step.`,
    });
  }
  if (schema.some((a) => a.name === 'email') && !('email' in mapping)) {
    problems.push({
      code: 'EMAIL_NOT_MAPPED',
      severity: 'error',
      attribute: 'email',
      message: 'No claim is mapped to "email", so users arrive without an email address.',
      fix: 'In the Attributes step, map "email" to the claim your identity provider sends the address in.',
    });
  }

  const identity = firstIdentity(claims);
  const userId = identity?.userId ?? '';
  const mappedUsername = mapping.username;
  let usernameStable = true;
  if (EMAIL_LIKE.test(userId)) {
    usernameStable = false;
    problems.push({
      code: 'USERNAME_FROM_EMAIL',
      severity: 'error',
      message: `Users are keyed by their email address ("${userId}"), which can change or be given to someone else.`,
      fix:
        protocol === 'saml'
          ? 'In your identity provider, send a persistent, immutable Name ID (an object ID or user ID), not the email address.'
          : 'Map the username from "sub", the identity provider’s immutable subject.',
    });
  } else if (protocol === 'oidc' && mappedUsername !== undefined && mappedUsername !== 'sub' && mappedUsername !== 'oid') {
    usernameStable = false;
    problems.push({
      code: 'USERNAME_NOT_STABLE',
      severity: 'error',
      message: `Users are keyed by "${mappedUsername}" rather than the immutable subject.`,
      fix: 'Map the username from "sub".',
    });
  }

  const verified = claims.email_verified ?? stored.email_verified;
  const emailVerified = stored.email === undefined ? null : verified === true || verified === 'true';
  if (emailVerified === false) {
    problems.push({
      code: 'EMAIL_NOT_VERIFIED',
      severity: 'warning',
      attribute: 'email_verified',
      message: 'Cognito marked the email address as not verified.',
      // The advice follows the mapping as it is: telling an admin to map what is mapped already misleads.
      fix:
        mapping.email_verified !== undefined
          ? `"email_verified" is mapped from "${mapping.email_verified}", and your identity provider said the address is not verified: verify it there, or test with a user whose address is verified.`
          : protocol === 'oidc'
            ? 'If your identity provider vouches for its addresses, map "email_verified" to its "email_verified" claim in the Attributes step.'
            : 'SAML identity providers do not say whether an address is verified; if yours sends an attribute that does, map "email_verified" to it in the Attributes step.',
    });
  }

  const received = typeof claims[TENANT_ID_CLAIM] === 'string' ? (claims[TENANT_ID_CLAIM] as string) : null;
  if (received === null) {
    problems.push({
      code: 'TENANT_CLAIM_MISSING',
      severity: 'warning',
      message: `The tokens carried no ${TENANT_ID_CLAIM}: the service you are setting up would not learn from them that your users belong to ${input.tenantId}.`,
      fix: 'Nothing to change on your side: tell your contact at the service provider that the tenant claims trigger is not attached to their user pool.',
    });
  } else if (received !== input.tenantId) {
    problems.push({
      code: 'TENANT_CLAIM_WRONG',
      severity: 'error',
      message: `The tokens said ${TENANT_ID_CLAIM} "${received}", not "${input.tenantId}".`,
      fix: 'Tell your contact at the service provider: their user pool adds a tenant that is not this one.',
    });
  }

  const email = stored.email?.trim().toLowerCase();
  const domain = email?.includes('@') ? email.slice(email.lastIndexOf('@') + 1) : undefined;
  if (domain && input.verifiedDomains?.length && !input.verifiedDomains.includes(domain)) {
    // Discovery routes a user by the domain of their address: this user's would go nowhere (or elsewhere).
    problems.push({
      code: 'EMAIL_DOMAIN_NOT_VERIFIED',
      severity: 'warning',
      attribute: 'email',
      message: `The tested user's address is at ${domain}, which is not one of this connection's verified domains (${input.verifiedDomains.join(', ')}): users like them would not be routed to this identity provider.`,
      fix: `Add and verify ${domain} in the Domains step if its users belong to this identity provider, or test with a user whose address is under a verified domain.`,
    });
  }

  const username = typeof claims['cognito:username'] === 'string' ? claims['cognito:username'] : undefined;
  return {
    outcome: 'signed-in',
    passed: !problems.some((p) => p.severity === 'error'),
    ...(username ? { username } : {}),
    ...(identity ? { identity } : {}),
    usernameStable,
    emailVerified,
    tenantClaim: { expected: input.tenantId, received },
    attributes,
    problems,
  };
}

/** " <Vendor> usually sends: a, b, c." from the vendor's one-click mapping, or nothing for a generic IdP. */
function usualNames(vendor: IdpVendor | undefined, protocol: Protocol): string {
  if (!vendor || vendor === 'generic') return '';
  const names = [...new Set(Object.values(CLAIM_PRESETS[vendor][protocol]))];
  return names.length ? ` This identity provider usually sends: ${names.join(', ')}.` : '';
}

/** The report of a sign-in Cognito ended with `error` / `error_description`. */
export function cognitoErrorReport(explained: CognitoSignInErrorExplanation): TestLoginReport {
  return {
    outcome: 'cognito-error',
    passed: false,
    attributes: [],
    problems: [{ code: 'COGNITO_ERROR', severity: 'error', message: explained.explanation, fix: explained.fix }],
    cognitoError: explained,
  };
}

/** The report of a sign-in that reached the portal but whose tokens could not be obtained or trusted. */
export function failedTestLoginReport(code: 'TOKEN_EXCHANGE_FAILED' | 'TOKEN_INVALID'): TestLoginReport {
  return {
    outcome: 'failed',
    passed: false,
    attributes: [],
    problems: [
      code === 'TOKEN_EXCHANGE_FAILED'
        ? {
            code,
            severity: 'error',
            message: 'The sign-in finished, but Cognito did not hand over the tokens.',
            fix: 'Run the test again; if it keeps failing, tell your contact at the service provider.',
          }
        : {
            code,
            severity: 'error',
            message: 'The tokens Cognito returned did not pass verification, so the result was not trusted.',
            fix: 'Run the test again; if it keeps failing, tell your contact at the service provider.',
          },
    ],
  };
}
