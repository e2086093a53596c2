import type { ErrorCode } from '@gatehouse/core';

/** An API refusal: `code` decides what the UI does, `message` is written for the reader. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly details?: unknown,
    readonly requestId?: string | null,
  ) {
    super(message);
  }
}

let apiBase = '/v1';
let csrfToken: string | null = null;

export function configureApi(options: { baseUrl: string }) {
  apiBase = options.baseUrl.replace(/\/$/, '');
}

/** The session's CSRF token, sent with every state-changing request. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/**
 * Calls the Gatehouse API with the session cookie; throws ApiRequestError on any refusal. The answer is
 * `unknown` here: the web calls routes through `client.call` (client.ts), which gives each its type.
 */
export async function api(
  path: string,
  init: { method?: string; json?: unknown; signal?: AbortSignal | undefined } = {},
): Promise<unknown> {
  const method = init.method ?? (init.json === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: init.json === undefined ? null : JSON.stringify(init.json),
      signal: init.signal ?? null,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiRequestError(0, 'NETWORK', 'Gatehouse cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const requestId = response.headers.get('x-request-id');
    const error = readApiError(body);
    if (error) throw new ApiRequestError(response.status, error.code, error.message, error.details, requestId);
    throw new ApiRequestError(response.status, 'INTERNAL', 'Gatehouse answered unexpectedly. Try again.', undefined, requestId);
  }
  return body;
}

/**
 * Reads the API's error body. Checked by hand rather than with the shared zod schema: this module is on
 * the first page's critical path, and zod would triple the size of what loads before the setup link opens.
 */
function readApiError(body: unknown): { code: ErrorCode; message: string; details: unknown } | null {
  if (!body || typeof body !== 'object') return null;
  const error = (body as { error?: unknown }).error;
  if (!error || typeof error !== 'object') return null;
  const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
  if (typeof code !== 'string' || !/^[A-Z][A-Z_]+$/.test(code) || typeof message !== 'string') return null;
  return { code: code as ErrorCode, message, details };
}
