import { MiniBrowser } from '@gatehouse/cognito-local/testing';
import { ensureOperatorIdp, grantOperatorIfSignedIn, localCognitoClient, OPERATORS_IDP_NAME } from '@gatehouse/dev-pool';
import { DEMO_USERS, startOidcIdp, type TestOidcIdp } from '@gatehouse/test-idps';
import { expect, onTestFinished } from 'vitest';
import type { Config } from '../src/env.ts';
import { createHarness, type Harness } from './harness.ts';

export const user = (name: string) => {
  const found = DEMO_USERS.find((u) => u.username === name);
  if (!found) throw new Error(`no demo user ${name}`);
  return found;
};

/** A harness with the local Cognito, a test OIDC IdP registered as the operators' IdP, and alice an operator. */
export async function operatorHarness(options: { users?: typeof DEMO_USERS; config?: Partial<Config> } = {}) {
  // Local test IdPs speak http on 127.0.0.1, which only a portal allowing private networks accepts.
  const h = await createHarness({ allowPrivateNetwork: true, ...options.config }, { cognito: true });
  if (!h.pool || !h.cognitoEndpoint) throw new Error('no local Cognito');
  const pool = h.pool;
  const idp: TestOidcIdp = await startOidcIdp({
    users: options.users ?? DEMO_USERS,
    clients: [
      { clientId: 'operators', clientSecret: 'operators-secret', redirectUris: [`${pool.domainUrl}/oauth2/idpresponse`] },
    ],
  });
  onTestFinished(() => idp.stop());
  const cognito = localCognitoClient(h.cognitoEndpoint);
  await ensureOperatorIdp(cognito, pool, { issuer: idp.issuer, clientId: 'operators', clientSecret: 'operators-secret' });
  const callback = `${h.deps.config.publicUrl.origin}/v1/admin/session/callback`;

  /** Starts at /v1/admin/session/start, walks managed login and the IdP, and stops at the callback URL. */
  async function walk(username: string) {
    const start = await h.request('/v1/admin/session/start');
    expect(start.status).toBe(302);
    const loginCookie = (start.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const authorize = new URL(start.headers.get('location') ?? '');
    const result = await new MiniBrowser(callback).signIn(
      `${authorize.toString()}&identity_provider=${OPERATORS_IDP_NAME}`,
      username,
    );
    const back = new URL(result.finalUrl ?? 'http://invalid/');
    return { authorize, loginCookie, back, callbackPath: `${back.pathname}${back.search}` };
  }

  async function finish(callbackPath: string, loginCookie: string) {
    const response = await h.request(callbackPath, { cookie: loginCookie });
    const location = response.headers.get('location') ?? '';
    const sessionCookie = response.headers
      .getSetCookie()
      .find((line) => line.startsWith('gh_operator=') && !/Max-Age=0/i.test(line));
    return { response, location, sessionCookie, cookie: sessionCookie?.split(';')[0] };
  }

  /** A full sign-in; the first one creates the federated user, who is then made an operator. */
  async function signIn(username = 'alice', grant = true) {
    let { loginCookie, callbackPath } = await walk(username);
    let done = await finish(callbackPath, loginCookie);
    if (grant && done.location.includes('NOT_AN_OPERATOR')) {
      expect(await grantOperatorIfSignedIn(cognito, pool.userPoolId, `${OPERATORS_IDP_NAME}_${user(username).id}`)).toBe(true);
      ({ loginCookie, callbackPath } = await walk(username));
      done = await finish(callbackPath, loginCookie);
    }
    return done;
  }
  return { h, walk, finish, signIn };
}

export async function operatorSession(h: Harness, cookie: string) {
  const session = await (await h.request('/v1/admin/session', { cookie })).json();
  return { cookie, csrf: session.csrfToken as string, session };
}
