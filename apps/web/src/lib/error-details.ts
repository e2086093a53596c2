import { type CodeWithDetails, type ErrorDetails, parseErrorDetails } from '@gatehouse/core/error-details';
import { ApiRequestError } from './api.ts';

/**
 * The details of an API refusal with `code`, checked against the code's schema; null when `error` is
 * something else or its details are absent or of another shape. The only way the web reads `details`.
 * It loads zod: import it from pages that load zod already, never from the first page.
 */
export function errorDetails<C extends CodeWithDetails>(error: unknown, code: C): ErrorDetails<C> | null {
  if (!(error instanceof ApiRequestError) || error.code !== code) return null;
  return parseErrorDetails(code, error.details);
}
