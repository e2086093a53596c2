import type { Engine } from '../engine.ts';
import type { ClientRecord, PoolRecord } from '../state.ts';
import { supportedProviders } from './authorize-request.ts';
import { escapeHtml } from './html.ts';
import { htmlPage } from './responses.ts';

// Managed login's own pages for native users, their bodies and the responses that carry them. Labels and button names are what a user reads and
// what tests find them by ("Username", "Password", "Sign in"; "New password", "Change password"); an error
// sits above the form in an element with role="alert", so assistive technology announces it.

const alert = (error: string | undefined) => (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '');

/**
 * The sign-in page: the user name and password form when the client offers the user pool directory
 * (`COGNITO`), then one button per IdP; a text saying there is nothing to sign in with otherwise.
 */
export function signInPageBody(input: {
  withCognito: boolean;
  /** Where the form posts: `<domain path>/login?<the authorize query>`. */
  loginAction: string;
  idpLinks: Array<{ name: string; href: string }>;
  error?: string | undefined;
  username?: string | undefined;
}): string {
  const form = input.withCognito
    ? `<h1>Sign in</h1>${alert(input.error)}
<form method="post" action="${escapeHtml(input.loginAction)}">
<p><label for="username">Username</label><br><input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" required value="${escapeHtml(input.username ?? '')}"></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form>`
    : '';
  const links = input.idpLinks
    .map(({ name, href }) => `<a class="button" href="${escapeHtml(href)}">${escapeHtml(name)}</a>`)
    .join('');
  const federated = links ? `<h2>Sign in with your corporate ID</h2>${links}` : '';
  return form || federated ? `${form}${federated}` : '<p>No identity provider is enabled for this app.</p>';
}

/** The page a user with a temporary password sets a new one on; the challenge's session rides in the form. */
export function changePasswordPageBody(input: { action: string; session: string; error?: string | undefined }): string {
  return `<h1>Change password</h1><p>Please enter a new password to finish signing in.</p>${alert(input.error)}
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="session" value="${escapeHtml(input.session)}">
<p><label for="new-password">New password</label><br><input id="new-password" name="newPassword" type="password" autocomplete="new-password" required></p>
<p><button type="submit">Change password</button></p>
</form>`;
}

/**
 * The managed login page: a user name and password form when the client lists `COGNITO` among its
 * SupportedIdentityProviders (the user pool directory, developer guide, managed login), and one button per
 * IdP the client may use. A failed password sign-in shows the page again with the error above the form, in
 * an element with role="alert".
 */
export function signInPage(
  engine: Engine,
  domain: string,
  pool: PoolRecord,
  client: ClientRecord,
  requestUrl: URL,
  options: { idps: boolean; error?: string; username?: string },
): Response {
  const idpLinks = options.idps
    ? supportedProviders(client)
        .filter((name) => pool.idps[name])
        .map((name) => {
          const url = new URL(requestUrl);
          url.searchParams.set('identity_provider', name);
          return { name, href: url.pathname + url.search };
        })
    : [];
  const body = signInPageBody({
    withCognito: supportedProviders(client).includes('COGNITO'),
    loginAction: `${new URL(engine.domainBaseUrl(domain)).pathname}/login${requestUrl.search}`,
    idpLinks,
    error: options.error,
    username: options.username,
  });
  return htmlPage('Sign in', body, options.error ? 400 : 200);
}

/** The page a user with a temporary password sets a new one on. */
export function changePasswordPage(engine: Engine, domain: string, requestUrl: URL, session: string, error?: string): Response {
  return htmlPage(
    'Change password',
    changePasswordPageBody({
      action: `${new URL(engine.domainBaseUrl(domain)).pathname}/forceChangePassword${requestUrl.search}`,
      session,
      error,
    }),
    error ? 400 : 200,
  );
}
