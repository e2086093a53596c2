import { z } from 'zod';
import { SUBMISSION_BLOCKERS } from './connection-constants.ts';
import type { ErrorCode } from './error-codes.ts';
import { EXPLAIN_REFUSAL_CODES } from './explain/schema.ts';
import { findingViewSchema } from './finding-view.ts';
import { jobRunSchema } from './monitoring.ts';

const fetchUrl = { url: z.string() };
/** Every reason the branding was refused; the error's code is the first one's. */
const brandingProblems = z.object({
  problems: z.array(
    z.object({
      code: z.enum([
        'BRANDING_ACCENT_LOW_CONTRAST',
        'BRANDING_LOGO_NOT_AN_IMAGE',
        'BRANDING_LOGO_TYPE_NOT_ALLOWED',
        'BRANDING_LOGO_TOO_LARGE',
      ]),
      field: z.enum(['accentColor', 'logo']),
      message: z.string(),
      fix: z.string(),
    }),
  ),
});
const lifecycle = {
  /** True when the same request is safe to send again. */
  retryable: z.boolean(),
  /** True when Cognito was put back as it was, false when it may be half-changed until the retry. */
  undone: z.boolean(),
};

/**
 * The `details` each error code carries, one schema per code. A code missing here carries no details. A
 * schema that accepts `undefined` belongs to a code thrown both with and without details. The API sends
 * these objects as they are; the web app reads them only through these schemas, so a change of shape
 * fails typecheck where the error is thrown and where it is read.
 */
export const ERROR_DETAILS = {
  VALIDATION_FAILED: z
    .object({
      /** One entry per failed check of the request, `field` a dotted path (empty for the whole body). */
      problems: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
      /** The one input that is wrong, when the check is not a schema's. */
      field: z.string().optional(),
      /** The user a bulk change refused, when it is about one. */
      username: z.string().optional(),
      /** The names that would have been accepted, when the input is one of a closed set. */
      known: z.array(z.string()).readonly().optional(),
    })
    .optional(),
  SETTINGS_INVALID: z.object({ findings: z.array(findingViewSchema) }),
  IDP_RESPONSE_UNREADABLE: z.object({ reason: z.enum(EXPLAIN_REFUSAL_CODES) }),
  BRANDING_ACCENT_LOW_CONTRAST: brandingProblems,
  BRANDING_LOGO_NOT_AN_IMAGE: brandingProblems,
  BRANDING_LOGO_TYPE_NOT_ALLOWED: brandingProblems,
  BRANDING_LOGO_TOO_LARGE: brandingProblems,
  SUBMISSION_BLOCKED: z.object({ blockers: z.array(z.enum(SUBMISSION_BLOCKERS)) }),
  SECRET_REQUIRED: z.object({ field: z.literal('clientSecret') }),
  VERSION_CONFLICT: z.object({ currentVersion: z.number() }).optional(),
  INVALID_STATE: z.object({ reason: z.literal('OIDC_CLIENT_CHANGED') }).optional(),
  LIFECYCLE_FAILED: z.object({
    ...lifecycle,
    undone: lifecycle.undone.optional(),
    /** Tenant deletion: the identity providers deleted before Cognito failed. */
    deletedProviders: z.array(z.string()).optional(),
    /** Tenant deletion: the users deleted before Cognito failed. */
    deletedUsers: z.number().optional(),
  }),
  NO_PREVIOUS_REVISION: z.object({ activeRevision: z.number().nullable() }),
  CONNECTION_BUSY: z
    .object({
      /** Tenant deletion: the changes still running on the tenant's connections. */
      operations: z.array(z.object({ connectionId: z.string(), operation: z.string() })).optional(),
      /** The change still running on the connection. */
      operation: z.string().optional(),
    })
    .optional(),
  COGNITO_REJECTED: z.object({ cognitoError: z.string() }),
  SIGN_IN_FAILED: z.object({ reason: z.string() }),
  SCOPE_MISSING: z.object({ required: z.string() }).optional(),
  RATE_LIMITED: z.object({ retryAfterSeconds: z.number() }).optional(),
  DOMAIN_LIMIT_REACHED: z.object({ max: z.number() }),
  DOMAIN_NOT_ALLOWED: z.object({ domain: z.string(), findings: z.array(findingViewSchema) }),
  DOMAIN_TOO_LONG: z.object({ domain: z.string(), max: z.number() }),
  DOMAIN_ALREADY_ADDED: z.object({ domain: z.string(), connectionId: z.string() }),
  FETCH_URL_REFUSED: z.object({ ...fetchUrl, reason: z.string() }),
  FETCH_ADDRESS_REFUSED: z.object({ ...fetchUrl, address: z.string() }),
  FETCH_REDIRECT_REFUSED: z.object(fetchUrl),
  FETCH_TIMEOUT: z.object({ ...fetchUrl, reason: z.string() }),
  FETCH_TOO_LARGE: z.object({ ...fetchUrl, maxBytes: z.number() }),
  FETCH_HTTP_ERROR: z.object({ ...fetchUrl, status: z.number() }),
  FETCH_FAILED: z.object({ ...fetchUrl, reason: z.string() }),
  INTERNAL: z
    .object({
      /** The request id to quote, on an HTTP answer. */
      requestId: z.string().optional(),
      /** Monitoring: the checks queued before queueing failed. */
      queued: z.number().optional(),
      /** Monitoring: the error codes SQS gave for the checks it refused. */
      codes: z.array(z.string().optional()).optional(),
      tenantId: z.string().optional(),
      connectionId: z.string().optional(),
      revision: z.number().nullable().optional(),
      /** A monitoring run that did not finish: its last recorded state. */
      result: jobRunSchema.nullable().optional(),
    })
    .optional(),
} satisfies { [C in ErrorCode]?: z.ZodType };

/** The error codes that carry details. */
export type CodeWithDetails = keyof typeof ERROR_DETAILS;

/** The details of an error with `code`: `undefined` for a code that carries none. */
export type ErrorDetails<C extends ErrorCode> = C extends CodeWithDetails ? z.infer<(typeof ERROR_DETAILS)[C]> : undefined;

/** True when errors with `code` carry details. */
export function hasErrorDetails(code: ErrorCode): code is CodeWithDetails {
  return Object.hasOwn(ERROR_DETAILS, code);
}

/** The details of an error with `code`, checked against their schema; null when absent or of another shape. */
export function parseErrorDetails<C extends CodeWithDetails>(code: C, details: unknown): ErrorDetails<C> | null {
  const parsed = ERROR_DETAILS[code].safeParse(details);
  return parsed.success && parsed.data !== undefined ? (parsed.data as ErrorDetails<C>) : null;
}
