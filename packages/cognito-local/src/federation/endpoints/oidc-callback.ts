import { Hono } from 'hono';
import type { Engine } from '../../engine.ts';
import { completeFederatedSignIn } from '../authorization-code.ts';
import { poolOfDomain } from '../authorize-request.ts';
import { FederationError } from '../errors.ts';
import { finishOidcSignIn } from '../oidc.ts';
import { errorPage, redirectError } from '../responses.ts';

/**
 * `GET /oauth2/idpresponse`, where an OIDC IdP sends the user back (developer guide, IdP response endpoint):
 * takes the sign-in its state names, redeems the IdP's code, then finishes the sign-in. The IdP's own
 * error and every failure after the sign-in is found go to the app's redirect_uri.
 */
export function oidcCallbackEndpoint(engine: Engine): Hono {
  const app = new Hono();
  const state = engine.signIns;
  const now = () => engine.now().getTime();

  app.get('/domains/:domain/oauth2/idpresponse', async (c) => {
    const domain = c.req.param('domain');
    const pool = poolOfDomain(engine, domain);
    if (!pool) return errorPage('Unknown domain.', 404);
    const q = c.req.query();
    const session = state.takeSession(q.state ?? '', now());
    if (!session || session.poolId !== pool.Id || !session.idpNonce) {
      return errorPage('The sign-in session is unknown or expired. Start the sign-in again.');
    }
    const idp = pool.idps[session.providerName];
    if (idp?.ProviderType !== 'OIDC')
      return redirectError(session.redirectUri, session.state, 'invalid_request', 'Identity provider not found');
    if (q.error)
      return redirectError(
        session.redirectUri,
        session.state,
        'invalid_request',
        `${idp.ProviderName} Error - ${q.error_description ?? q.error}`,
      );
    if (!q.code) return redirectError(session.redirectUri, session.state, 'invalid_request', 'code is missing');
    try {
      const { subject, claims } = await finishOidcSignIn(engine, idp, domain, q.code, session.idpNonce);
      return await completeFederatedSignIn(engine, session, pool, idp, subject, claims, null);
    } catch (error) {
      if (error instanceof FederationError)
        return redirectError(session.redirectUri, session.state, error.error, error.description);
      throw error;
    }
  });

  return app;
}
