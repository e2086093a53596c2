import type { ServerResponse } from 'node:http';
import type { DemoUser } from './users.ts';

/** Escapes text for HTML and XML element content and attribute values. */
export function escapeXml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeXml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}button{display:block;width:100%;margin:.5rem 0;padding:.6rem;font-size:1rem}code{background:#eee;padding:0 .2rem}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * The sign-in page: one button per demo user, each labelled `Sign in as <username>` so browser tests can
 * pick a user by role and name. `hidden` fields travel with the form (the pending request's id).
 */
export function loginPage(options: {
  idpName: string;
  action: string;
  users: DemoUser[];
  hidden?: Record<string, string>;
  clientName?: string;
}): string {
  const hidden = Object.entries(options.hidden ?? {})
    .map(([name, value]) => `<input type="hidden" name="${escapeXml(name)}" value="${escapeXml(value)}">`)
    .join('\n');
  const buttons = options.users
    .map(
      (user) =>
        `<button type="submit" name="username" value="${escapeXml(user.username)}">Sign in as ${escapeXml(user.username)}</button>`,
    )
    .join('\n');
  const to = options.clientName ? `<p>to continue to <code>${escapeXml(options.clientName)}</code></p>` : '';
  return page(
    `Sign in - ${options.idpName}`,
    `<h1>${escapeXml(options.idpName)}</h1>\n${to}\n<form method="post" action="${escapeXml(options.action)}">\n${hidden}\n${buttons}\n</form>`,
  );
}

/** An error page that names a stable code, so tests assert the code rather than the wording. */
export function errorPage(idpName: string, code: string, message: string): string {
  return page(
    `Error - ${idpName}`,
    `<h1>Sign-in failed</h1>\n<p>${escapeXml(message)}</p>\n<p>Error code: <code data-error-code="${escapeXml(code)}">${escapeXml(code)}</code></p>`,
  );
}

/**
 * The HTTP-POST binding: a form the browser submits to the service provider by itself, with a visible
 * button for browsers that run no script.
 */
/** What the single logout endpoint shows: the demo IdP keeps no session to end. */
export function signedOutPage(idpName: string): string {
  return page(idpName, `<h1>Signed out</h1>\n<p>You are signed out of ${escapeXml(idpName)}.</p>`);
}

export function autoPostPage(idpName: string, action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeXml(name)}" value="${escapeXml(value)}">`)
    .join('\n');
  return page(
    `Continue - ${idpName}`,
    `<form method="post" action="${escapeXml(action)}">\n${inputs}\n<p>Signing you in...</p>\n<button type="submit">Continue</button>\n</form>\n<script>document.forms[0].submit();</script>`,
  );
}

/** Writes an HTML document. */
export function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(html);
}
