import { escapeHtml, page, SECURITY_HEADERS } from './html.ts';

// The responses the federation endpoints answer with when they do not redirect to an IdP or the app.

/** Where a failure goes: the app's redirect_uri (query string, with its state), as Cognito sends it. */
export function redirectError(redirectUri: string, state: string | undefined, error: string, description: string): Response {
  const url = new URL(redirectUri);
  url.searchParams.set('error_description', description);
  url.searchParams.set('error', error);
  if (state !== undefined) url.searchParams.set('state', state);
  return new Response(null, { status: 302, headers: { location: url.toString(), 'cache-control': 'no-store' } });
}

/** A managed-login page with its security headers. */
export function htmlPage(title: string, body: string, status = 200): Response {
  return new Response(page(title, body), {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS },
  });
}

/** Managed login's error page, for failures that cannot go to the app (no valid redirect_uri yet). */
export function errorPage(message: string, status = 400): Response {
  return htmlPage(
    'Error',
    `<h1>An error was encountered with the requested page.</h1><p class="error">${escapeHtml(message)}</p>`,
    status,
  );
}

/** An OAuth error of the token and userInfo endpoints, as JSON. */
export function tokenError(error: string, status = 400, description?: string): Response {
  return new Response(JSON.stringify({ error, ...(description ? { error_description: description } : {}) }), {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store', pragma: 'no-cache' },
  });
}
