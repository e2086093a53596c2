const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML bodies and attribute values. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

/** A minimal page in the spirit of Cognito's managed login. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#16191f}
a.button{display:block;margin:.5rem 0;padding:.7rem 1rem;border:1px solid #0972d3;border-radius:1.2rem;color:#0972d3;text-decoration:none;text-align:center}
.error{color:#d91515}</style></head>
<body>${body}</body></html>`;
}

// No form-action: browsers apply it to the redirect that follows a form post too, and the sign-in form's
// post ends in a redirect to the app's callback, on another origin.
export const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};
