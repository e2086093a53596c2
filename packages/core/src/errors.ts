import type { CodeWithDetails, ErrorDetails } from './error-details.ts';

/**
 * The closed set of error codes Gatehouse returns. The API maps each code to an HTTP status in one place
 * (apps/api/src/errors.ts); everything below the edge speaks only in codes.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'ROUTE_NOT_FOUND',
  'NOT_FOUND',
  'TENANT_NOT_FOUND',
  'TENANT_ALREADY_EXISTS',
  'TENANT_NOT_ACTIVE',
  'SETUP_LINK_INVALID',
  'SETUP_LINK_REPLACED',
  'SETUP_LINK_NOT_FOUND',
  'SESSION_REQUIRED',
  'SIGN_IN_FAILED',
  'NOT_AN_OPERATOR',
  'FORBIDDEN',
  'CSRF_FAILED',
  'TOKEN_INVALID',
  'SCOPE_MISSING',
  'VERSION_CONFLICT',
  'CONNECTION_NOT_EDITABLE',
  'PROTOCOL_LOCKED',
  'COGNITO_REJECTED',
  'TEST_LOGIN_NOT_READY',
  'TEST_LOGIN_STATE_INVALID',
  'SETTINGS_INVALID',
  'IDP_RESPONSE_UNREADABLE',
  'SECRET_REQUIRED',
  'SUBMISSION_BLOCKED',
  'INVALID_STATE',
  'ACTIVATION_FAILED',
  'LIFECYCLE_FAILED',
  'NO_PREVIOUS_REVISION',
  'CONNECTION_BUSY',
  'CONFIRMATION_MISMATCH',
  'RATE_LIMITED',
  'FETCH_URL_REFUSED',
  'FETCH_ADDRESS_REFUSED',
  'FETCH_REDIRECT_REFUSED',
  'FETCH_TIMEOUT',
  'FETCH_TOO_LARGE',
  'FETCH_HTTP_ERROR',
  'FETCH_FAILED',
  'DOMAIN_NOT_ALLOWED',
  'DOMAIN_TOO_LONG',
  'DOMAIN_ALREADY_CLAIMED',
  'DOMAIN_ALREADY_ADDED',
  'DOMAIN_LIMIT_REACHED',
  'CHECK_TIMEOUT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The details argument of an error with code `C`: required when its schema in ERROR_DETAILS needs them,
 * optional when the code is thrown both with and without, absent when it carries none.
 */
export type DetailsArgument<C extends ErrorCode> = C extends CodeWithDetails
  ? undefined extends ErrorDetails<C>
    ? [details?: ErrorDetails<C>]
    : [details: ErrorDetails<C>]
  : [];

/**
 * An expected failure at a use-case boundary. `code` is fixed per failure kind; `message` is written for
 * the person who will read it (an IT admin or an operator) and says how to put it right; `details` has
 * the shape ERROR_DETAILS gives the code, which the compiler checks where the error is made.
 */
export class GatehouseError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'GatehouseError';
  readonly code: C;
  readonly details: ErrorDetails<C>;

  constructor(code: C, message: string, ...[details]: DetailsArgument<C>) {
    super(message);
    this.code = code;
    this.details = details as ErrorDetails<C>;
  }
}

/** True when `value` is a GatehouseError, also across module copies. */
export function isGatehouseError(value: unknown): value is GatehouseError {
  return (
    value instanceof GatehouseError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'GatehouseError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}
