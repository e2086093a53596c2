import { type ApiError, type ErrorCode, GatehouseError, isGatehouseError } from '@gatehouse/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../deps.ts';

/** The one place where an error code becomes an HTTP status. */
export const STATUS_BY_CODE: Record<ErrorCode, ContentfulStatusCode> = {
  VALIDATION_FAILED: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  ROUTE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  TENANT_NOT_FOUND: 404,
  TENANT_ALREADY_EXISTS: 409,
  TENANT_NOT_ACTIVE: 409,
  SETUP_LINK_INVALID: 401,
  SETUP_LINK_REPLACED: 401,
  SETUP_LINK_NOT_FOUND: 404,
  SESSION_REQUIRED: 401,
  // Operator sign-in: a callback that does not match its login attempt, or a user outside the operators group.
  SIGN_IN_FAILED: 401,
  NOT_AN_OPERATOR: 403,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  // The admin API's machine access: a bearer token that is not a valid client-credentials token of an
  // allowed app client, or one without the scope the route needs.
  TOKEN_INVALID: 401,
  SCOPE_MISSING: 403,
  VERSION_CONFLICT: 409,
  CONNECTION_NOT_EDITABLE: 409,
  PROTOCOL_LOCKED: 409,
  COGNITO_REJECTED: 422,
  // Test login: the connection has no test IdP yet; a callback whose state is missing, unknown or used.
  TEST_LOGIN_NOT_READY: 409,
  TEST_LOGIN_STATE_INVALID: 400,
  SETTINGS_INVALID: 422,
  IDP_RESPONSE_UNREADABLE: 422,
  SECRET_REQUIRED: 422,
  SUBMISSION_BLOCKED: 409,
  INVALID_STATE: 409,
  // Operator lifecycle (approval, suspend, resume, roll back, tenant deletion): Cognito failed part-way
  // (undone, or safe to repeat; `details.undone` says which), nothing to roll back to,
  // another change to the connection still running, a tenant deletion not confirmed with its id.
  LIFECYCLE_FAILED: 503,
  NO_PREVIOUS_REVISION: 409,
  CONNECTION_BUSY: 409,
  CONFIRMATION_MISMATCH: 422,
  RATE_LIMITED: 429,
  // A customer-supplied URL (metadata, discovery, JWKS) that was refused or could not be fetched.
  FETCH_URL_REFUSED: 422,
  FETCH_ADDRESS_REFUSED: 422,
  FETCH_REDIRECT_REFUSED: 422,
  FETCH_TOO_LARGE: 422,
  FETCH_TIMEOUT: 504,
  FETCH_HTTP_ERROR: 502,
  FETCH_FAILED: 502,
  // Email domains: refused by rule, taken by another organisation (never saying which), or over a limit.
  DOMAIN_NOT_ALLOWED: 422,
  DOMAIN_TOO_LONG: 422,
  DOMAIN_ALREADY_CLAIMED: 409,
  DOMAIN_ALREADY_ADDED: 409,
  DOMAIN_LIMIT_REACHED: 409,
  // A monitoring check that outlasted its time (the jobs never answer HTTP; listed for completeness).
  CHECK_TIMEOUT: 504,
  // The operator's branding: an accent white text cannot be read on, a logo that is not a small PNG, JPEG or WebP.
  BRANDING_ACCENT_LOW_CONTRAST: 422,
  BRANDING_LOGO_NOT_AN_IMAGE: 422,
  BRANDING_LOGO_TYPE_NOT_ALLOWED: 422,
  BRANDING_LOGO_TOO_LARGE: 413,
  INTERNAL: 500,
};

export function errorBody(error: GatehouseError): ApiError {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}

export function errorResponse(c: Context, error: GatehouseError) {
  return c.json(errorBody(error), STATUS_BY_CODE[error.code]);
}

/** Converts whatever was thrown into the API's error shape; unexpected errors are logged, never echoed. */
export function handleError(thrown: unknown, c: Context<AppEnv>) {
  if (isGatehouseError(thrown)) return errorResponse(c, thrown);
  if (thrown instanceof HTTPException) {
    const status = thrown.status;
    const code: ErrorCode =
      status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION_FAILED';
    if (status < 500) {
      return errorResponse(c, new GatehouseError(code, thrown.message || 'The request could not be read.'));
    }
  }
  c.var.log?.error('unhandled error', { error: thrown });
  return errorResponse(
    c,
    new GatehouseError('INTERNAL', 'Something went wrong on our side. Try again; if it keeps happening, quote the request id.', {
      requestId: c.var.requestId,
    }),
  );
}
