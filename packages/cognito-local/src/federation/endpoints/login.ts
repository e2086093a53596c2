import { Hono } from 'hono';
import type { Engine } from '../../engine.ts';
import { CognitoError } from '../../errors.ts';
import { openPasswordChallenge, passwordSignIn } from '../../native/sign-in.ts';
import { issueCode } from '../authorization-code.ts';
import { authorizeRequestAt, supportedProviders } from '../authorize-request.ts';
import { changePasswordPage, signInPage } from '../login-pages.ts';
import { errorPage } from '../responses.ts';

/**
 * The sign-in form's post: a password sign-in of a native user with the checks of InitiateAuth (pre
 * authentication trigger included), then a code for the app (TokenGeneration_HostedAuth). A failure shows
 * the form again with Cognito's message above it. A user who must change a temporary password gets the
 * page to set a new one (the NEW_PASSWORD_REQUIRED challenge of managed login).
 */
export function loginEndpoint(engine: Engine): Hono {
  const app = new Hono();

  app.post('/domains/:domain/login', async (c) => {
    const domain = c.req.param('domain');
    const q = c.req.query();
    const request = authorizeRequestAt(engine, domain, q);
    if (request instanceof Response) return request;
    const { pool, client, fail } = request;
    if (!supportedProviders(client).includes('COGNITO')) {
      return fail('invalid_request', 'Login option COGNITO is not enabled for this app client');
    }
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      return errorPage('The sign-in form must be posted as application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(await c.req.text());
    const username = (form.get('username') ?? '').trim();
    const password = form.get('password') ?? '';
    const pageUrl = new URL(c.req.url);
    const again = (error: string) =>
      signInPage(engine, domain, pool, client, pageUrl, { idps: !q.identity_provider, error, username });
    if (!username || !password) return again('Username and password are required.');
    try {
      const signIn = await passwordSignIn(engine, { pool, client, username, password, validationData: {} });
      if (signIn.kind === 'new-password-required') {
        return changePasswordPage(engine, domain, pageUrl, openPasswordChallenge(engine, pool, client, signIn.user));
      }
      return await issueCode(engine, request.code, pool, client, signIn.user);
    } catch (error) {
      if (error instanceof CognitoError) return again(error.message);
      throw error;
    }
  });

  return app;
}
