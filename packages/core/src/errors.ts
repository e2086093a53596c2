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
  'BRANDING_ACCENT_LOW_CONTRAST',
  'BRANDING_LOGO_NOT_AN_IMAGE',
  'BRANDING_LOGO_TYPE_NOT_ALLOWED',
  'BRANDING_LOGO_TOO_LARGE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * An expected failure at a use-case boundary. `code` is fixed per failure kind; `message` is written for
 * the person who will read it (an IT admin or an operator) and says how to put it right.
 */
export class GatehouseError extends Error {
  override readonly name = 'GatehouseError';
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
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
