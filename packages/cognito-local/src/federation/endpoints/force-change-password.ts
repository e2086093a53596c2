import { Hono } from 'hono';
import type { Engine } from '../../engine.ts';
import { CognitoError } from '../../errors.ts';
import { answerNewPasswordChallenge } from '../../native/sign-in.ts';
import { issueCode } from '../authorization-code.ts';
import { authorizeRequestAt } from '../authorize-request.ts';
import { changePasswordPage, signInPage } from '../login-pages.ts';
import { errorPage } from '../responses.ts';

/**
 * The new password page's post: answers the NEW_PASSWORD_REQUIRED challenge as RespondToAuthChallenge does,
 * then sends the app its code. A password the policy refuses shows the page again; a session that is gone
 * goes back to the sign-in form.
 */
export function forceChangePasswordEndpoint(engine: Engine): Hono {
  const app = new Hono();

  app.post('/domains/:domain/forceChangePassword', async (c) => {
    const domain = c.req.param('domain');
    const q = c.req.query();
    const request = authorizeRequestAt(engine, domain, q);
    if (request instanceof Response) return request;
    const { pool, client } = request;
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      return errorPage('The form must be posted as application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(await c.req.text());
    const session = form.get('session') ?? '';
    const pageUrl = new URL(c.req.url);
    try {
      const user = await answerNewPasswordChallenge(engine, {
        pool,
        client,
        session,
        newPassword: form.get('newPassword') ?? '',
        attributes: {},
      });
      return await issueCode(engine, request.code, pool, client, user);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      if (error.type === 'InvalidPasswordException') return changePasswordPage(engine, domain, pageUrl, session, error.message);
      return signInPage(engine, domain, pool, client, pageUrl, { idps: !q.identity_provider, error: error.message });
    }
  });

  return app;
}
