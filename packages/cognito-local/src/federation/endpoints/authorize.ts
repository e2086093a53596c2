import { Hono } from 'hono';
import type { Engine } from '../../engine.ts';
import { authorizeRequestAt, supportedProviders } from '../authorize-request.ts';
import { FederationError } from '../errors.ts';
import { signInPage } from '../login-pages.ts';
import { startOidcSignIn } from '../oidc.ts';
import { startSamlSignIn } from '../saml.ts';
import { type AuthorizeSession, randomToken } from '../sessions.ts';

/**
 * `GET /oauth2/authorize` (developer guide, authorize endpoint): checks the request, then shows the sign-in
 * page, or with `identity_provider` or `idp_identifier` sends the user straight to that SAML or OIDC IdP,
 * keeping the sign-in under a handle the IdP's response brings back (RelayState or state).
 */
export function authorizeEndpoint(engine: Engine): Hono {
  const app = new Hono();
  const state = engine.signIns;
  const now = () => engine.now().getTime();

  app.get('/domains/:domain/oauth2/authorize', async (c) => {
    state.sweep(now());
    const domain = c.req.param('domain');
    const q = c.req.query();
    const request = authorizeRequestAt(engine, domain, q);
    if (request instanceof Response) return request;
    const { pool, client, fail } = request;
    let providerName = q.identity_provider;
    if (!providerName && q.idp_identifier) {
      providerName = Object.values(pool.idps).find(
        (idp) => idp.IdpIdentifiers.includes(q.idp_identifier ?? '') && supportedProviders(client).includes(idp.ProviderName),
      )?.ProviderName;
      if (!providerName) return fail('invalid_request', 'No identity provider matches idp_identifier');
    }
    if (!providerName) return signInPage(engine, domain, pool, client, new URL(c.req.url), { idps: true });
    // identity_provider=COGNITO goes straight to the user pool's own sign-in (developer guide, authorize endpoint).
    if (providerName === 'COGNITO' && supportedProviders(client).includes('COGNITO')) {
      return signInPage(engine, domain, pool, client, new URL(c.req.url), { idps: false });
    }
    const idp = pool.idps[providerName];
    if (!idp || !supportedProviders(client).includes(providerName)) {
      return fail('invalid_request', `Login option ${providerName} is not enabled for this app client`);
    }
    if (idp.ProviderType !== 'SAML' && idp.ProviderType !== 'OIDC') {
      return fail('invalid_request', `${idp.ProviderType} sign-in is not emulated locally`);
    }
    const handle = randomToken();
    const session: AuthorizeSession = {
      poolId: pool.Id,
      clientId: client.ClientId,
      ...request.code,
      providerName,
      createdAt: now(),
    };
    try {
      if (idp.ProviderType === 'SAML') {
        const { url, requestId } = await startSamlSignIn(engine, pool, idp, domain, handle);
        state.sessions.set(handle, { ...session, samlRequestId: requestId });
        return c.redirect(url, 302);
      }
      const idpNonce = randomToken();
      const url = await startOidcSignIn(engine, idp, domain, handle, idpNonce, q.login_hint, q.prompt);
      state.sessions.set(handle, { ...session, idpNonce });
      return c.redirect(url, 302);
    } catch (error) {
      if (error instanceof FederationError) return fail(error.error, error.description);
      throw error;
    }
  });

  return app;
}
