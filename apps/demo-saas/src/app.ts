import { createHash, randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { html, raw } from 'hono/html';
import { projectsOf } from './projects.ts';
import { authorizeTenant, type TokenSource, tokenVerifiers, type VerifiedClaims } from './verify.ts';

export interface DemoSaasOptions extends TokenSource {
  /** Where this app is served, e.g. http://127.0.0.1:8791; its callback is `<baseUrl>/callback`. */
  baseUrl: string;
  /** Gatehouse's public API, for discovery: `<portal>/v1`. */
  gatehouseApiUrl: string;
  /** The pool's managed login: https://<domain> in AWS. */
  cognitoDomainUrl: string;
  now?: () => number;
}

const SESSION_COOKIE = 'demo_saas_session';
const STATE_COOKIE = 'demo_saas_state';
const ATTEMPT_MS = 10 * 60_000;

interface Attempt {
  verifier: string;
  nonce: string;
  email: string;
  until: number;
}

interface Session {
  id: VerifiedClaims;
  accessToken: string;
  access: VerifiedClaims;
  until: number;
}

const random = () => randomBytes(32).toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * A small SaaS application, as a customer of Gatehouse would build it: the sign-in page asks for the
 * email address, asks Gatehouse's discovery which IdP serves its domain, and sends the user through
 * Cognito's managed login (code + PKCE). Signed in, it shows who the user is and their tenant (the
 * `tenant_id` Gatehouse's trigger put in their tokens). Its API serves a tenant's projects only to a
 * valid access token of that tenant (see authorizeTenant).
 *
 * Sessions live in memory and the access token is handed to the page for its API calls: enough for a
 * demo on one machine. A production app keeps tokens server-side or in HttpOnly cookies.
 */
export function createDemoSaasApp(options: DemoSaasOptions) {
  const now = options.now ?? Date.now;
  const verifiers = tokenVerifiers(options);
  const attempts = new Map<string, Attempt>();
  const sessions = new Map<string, Session>();
  const callbackUrl = `${options.baseUrl}/callback`;
  const secure = options.baseUrl.startsWith('https:');
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  });

  const sessionOf = (id: string | undefined) => {
    const session = id ? sessions.get(id) : undefined;
    if (session && session.until > now()) return session;
    if (id) sessions.delete(id);
    return null;
  };

  app.get('/', (c) => {
    const session = sessionOf(getCookie(c, SESSION_COOKIE));
    return c.html(session ? signedInPage(session) : signInPage());
  });

  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const email = typeof form.email === 'string' ? form.email.trim().slice(0, 320) : '';
    if (!/^[^\s@]+@[^\s@]+$/.test(email))
      return c.html(signInPage({ email, error: 'Enter your work email address, such as pat@company.com.' }), 400);
    let providerName: string | null;
    try {
      const answer = await fetch(`${options.gatehouseApiUrl}/discovery`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: options.baseUrl },
        body: JSON.stringify({ email }),
        signal: AbortSignal.timeout(5000),
      });
      providerName = answer.ok ? (((await answer.json()) as { providerName?: string | null }).providerName ?? null) : null;
      if (!answer.ok) throw new Error(`discovery answered ${answer.status}`);
    } catch {
      return c.html(signInPage({ email, error: 'Sign-in is unavailable right now. Try again in a moment.' }), 503);
    }
    if (!providerName) {
      const domain = email.slice(email.lastIndexOf('@') + 1);
      return c.html(
        signInPage({
          email,
          error: `No single sign-on is set up for ${domain}. Ask your IT admin to set it up, or use another address.`,
        }),
        404,
      );
    }
    return c.redirect(startSignIn(c, providerName, email), 302);
  });

  /** The app's own accounts: Cognito's managed login with its username and password form. */
  app.get('/sign-in/password', (c) => c.redirect(startSignIn(c, 'COGNITO', ''), 302));

  /** A managed-login URL for `identityProvider` (code + PKCE), with the attempt kept and bound to this browser. */
  function startSignIn(c: Context, identityProvider: string, email: string): string {
    const state = random();
    const attempt: Attempt = { verifier: random(), nonce: random(), email, until: now() + ATTEMPT_MS };
    attempts.set(state, attempt);
    for (const [key, value] of attempts) if (value.until <= now()) attempts.delete(key);
    // The state is also bound to this browser, so a callback started elsewhere is refused.
    setCookie(c, STATE_COOKIE, state, { httpOnly: true, sameSite: 'Lax', path: '/', secure, maxAge: ATTEMPT_MS / 1000 });
    const url = new URL(`${options.cognitoDomainUrl}/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: options.clientId,
      redirect_uri: callbackUrl,
      scope: 'openid email profile',
      state,
      nonce: attempt.nonce,
      code_challenge: sha256(attempt.verifier),
      code_challenge_method: 'S256',
      identity_provider: identityProvider,
      ...(email ? { login_hint: email } : {}),
    }).toString();
    return url.toString();
  }

  app.get('/callback', async (c) => {
    const q = c.req.query();
    const state = q.state ?? '';
    const attempt = attempts.get(state);
    attempts.delete(state);
    if (!attempt || attempt.until <= now() || getCookie(c, STATE_COOKIE) !== state) {
      return c.html(signInPage({ error: 'That sign-in expired or was started elsewhere. Sign in again.' }), 400);
    }
    setCookie(c, STATE_COOKIE, '', { path: '/', maxAge: 0 });
    if (q.error) {
      return c.html(signInPage({ email: attempt.email, error: `Sign-in failed: ${q.error_description ?? q.error}` }), 400);
    }
    try {
      const response = await fetch(`${options.cognitoDomainUrl}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: options.clientId,
          code: q.code ?? '',
          redirect_uri: callbackUrl,
          code_verifier: attempt.verifier,
        }).toString(),
        signal: AbortSignal.timeout(10_000),
      });
      const tokens = (await response.json()) as { id_token?: string; access_token?: string; expires_in?: number };
      if (!response.ok || !tokens.id_token || !tokens.access_token) throw new Error(`token endpoint answered ${response.status}`);
      const [id, access] = await Promise.all([verifiers.id(tokens.id_token), verifiers.access(tokens.access_token)]);
      if (id.nonce !== attempt.nonce) throw new Error('nonce mismatch');
      const sessionId = random();
      sessions.set(sessionId, {
        id,
        access,
        accessToken: tokens.access_token,
        until: now() + (tokens.expires_in ?? 3600) * 1000,
      });
      setCookie(c, SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'Lax', path: '/', secure });
      return c.redirect('/', 302);
    } catch {
      return c.html(signInPage({ email: attempt.email, error: 'Sign-in could not be completed. Sign in again.' }), 502);
    }
  });

  app.post('/sign-out', (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) sessions.delete(id);
    setCookie(c, SESSION_COOKIE, '', { path: '/', maxAge: 0 });
    return c.redirect('/', 303);
  });

  /** The demo API: one tenant's projects, to an access token of that tenant only. */
  app.get('/api/tenants/:tenantId/projects', async (c) => {
    const tenantId = c.req.param('tenantId');
    const decision = await authorizeTenant(verifiers, c.req.header('authorization'), tenantId);
    if (!decision.ok) {
      return c.json({ error: { code: decision.code, message: refusalMessage(decision.code, tenantId) } }, decision.status);
    }
    return c.json({ tenantId, projects: projectsOf(tenantId) });
  });

  app.get('/app.js', (c) => c.body(CLIENT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/styles.css', (c) => c.body(STYLES, 200, { 'content-type': 'text/css; charset=utf-8' }));

  return app;
}

function refusalMessage(code: string, tenantId: string): string {
  switch (code) {
    case 'TOKEN_MISSING':
      return 'Send an access token: Authorization: Bearer <token>.';
    case 'TOKEN_INVALID':
      return 'The access token is not valid for this app (signature, issuer, expiry, token use or client).';
    case 'NO_TENANT':
      return 'The access token carries no tenant_id: this user belongs to no tenant that serves.';
    default:
      return `The access token belongs to another tenant than ${tenantId}.`;
  }
}

function layout(body: unknown) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Acme Projects (demo SaaS)</title>
    <link rel="stylesheet" href="/styles.css" />
  </head>
  <body>
    <main>
      <p class="tag">A demo SaaS application signing in through Gatehouse</p>
      ${body}
    </main>
    <script type="module" src="/app.js"></script>
  </body>
</html>`;
}

function signInPage(state: { email?: string; error?: string } = {}) {
  return layout(html`<h1>Sign in to Acme Projects</h1>
    <form method="post" action="/sign-in">
      <label for="email">Work email</label>
      <input id="email" name="email" type="email" autocomplete="email" required value="${state.email ?? ''}" />
      <button type="submit">Continue</button>
    </form>
    ${state.error ? html`<p role="alert" class="error">${state.error}</p>` : ''}
    <p class="hint">Your company's identity provider is found from your email's domain (Gatehouse discovery).</p>
    <p><a href="/sign-in/password">Sign in with a password instead</a></p>`);
}

function signedInPage(session: Session) {
  const email = typeof session.id.email === 'string' ? session.id.email : '(no email)';
  const tenant = typeof session.access.tenant_id === 'string' ? session.access.tenant_id : null;
  return layout(html`<h1>Acme Projects</h1>
    <meta name="demo-access-token" content="${session.accessToken}" />
    <p>Signed in as <strong>${email}</strong> (<code>${String(session.id['cognito:username'] ?? '')}</code>).</p>
    <dl>
      <dt>Your tenant (the tenant_id claim in your tokens)</dt>
      <dd><code data-testid="tenant-id">${tenant ?? 'none'}</code></dd>
    </dl>
    <h2>Projects</h2>
    <p>
      <button type="button" id="mine" data-tenant="${tenant ?? ''}" ${tenant ? '' : raw('disabled')}>Load my tenant’s projects</button>
    </p>
    <form id="other">
      <label for="other-tenant">Another tenant’s id</label>
      <input id="other-tenant" name="tenant" required />
      <button type="submit">Try to load its projects</button>
    </form>
    <section aria-live="polite">
      <p role="status" id="result"></p>
      <ul id="projects"></ul>
    </section>
    <form method="post" action="/sign-out"><button type="submit">Sign out</button></form>`);
}

const CLIENT_SCRIPT = `
const token = document.querySelector('meta[name="demo-access-token"]')?.content;
const result = document.getElementById('result');
const list = document.getElementById('projects');
async function load(tenant) {
  list.replaceChildren();
  const response = await fetch('/api/tenants/' + encodeURIComponent(tenant) + '/projects', {
    headers: { authorization: 'Bearer ' + token },
  });
  const body = await response.json();
  if (response.ok) {
    result.textContent = body.projects.length + ' projects of ' + body.tenantId + ' (HTTP ' + response.status + ')';
    for (const project of body.projects) {
      const item = document.createElement('li');
      item.textContent = project.name;
      list.append(item);
    }
  } else {
    result.textContent = 'Refused (HTTP ' + response.status + ', ' + body.error.code + '): ' + body.error.message;
  }
}
document.getElementById('mine')?.addEventListener('click', (event) => load(event.currentTarget.dataset.tenant));
document.getElementById('other')?.addEventListener('submit', (event) => {
  event.preventDefault();
  load(new FormData(event.currentTarget).get('tenant'));
});
`;

const STYLES = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d232b; }
main { max-width: 40rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px #0002; }
.tag { font-size: .85rem; color: #5b6675; margin: 0; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input { font: inherit; padding: .4rem .5rem; width: 100%; max-width: 22rem; box-sizing: border-box; }
button { font: inherit; margin-top: .75rem; padding: .45rem 1rem; cursor: pointer; }
.error { color: #a61b1b; background: #fdecec; padding: .5rem .75rem; border-radius: 4px; }
.hint { color: #5b6675; font-size: .9rem; }
`;
