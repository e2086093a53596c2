import type { ErrorCode } from './error-codes.ts';
import type { CodeWithDetails, ErrorDetails } from './error-details.ts';

export { ERROR_CODES, type ErrorCode } from './error-codes.ts';

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
