import { Hono } from 'hono';
import type { Engine } from '../../engine.ts';
import { completeFederatedSignIn } from '../authorization-code.ts';
import { poolOfDomain } from '../authorize-request.ts';
import { FederationError } from '../errors.ts';
import { errorPage, redirectError } from '../responses.ts';
import { consumeSamlResponse, MAX_SAML_RESPONSE_CHARS } from '../saml.ts';

/**
 * `POST /saml2/idpresponse`, the assertion consumer service (developer guide, IdP response endpoint): takes
 * the sign-in its RelayState names, checks the IdP's SAML response and that its assertion is used once,
 * then finishes the sign-in. Failures after the sign-in is found go to the app's redirect_uri.
 */
export function samlAcsEndpoint(engine: Engine): Hono {
  const app = new Hono();
  const state = engine.signIns;
  const now = () => engine.now().getTime();

  app.post('/domains/:domain/saml2/idpresponse', async (c) => {
    const domain = c.req.param('domain');
    const pool = poolOfDomain(engine, domain);
    if (!pool) return errorPage('Unknown domain.', 404);
    // Size is checked on the raw body before anything is parsed (base64 is 4/3 of the XML it carries).
    const length = Number(c.req.header('content-length') ?? '0');
    if (length > MAX_SAML_RESPONSE_CHARS * 2)
      return errorPage('Invalid SAML response received: SAML Response is too large.', 413);
    const body = await c.req.text();
    if (body.length > MAX_SAML_RESPONSE_CHARS * 2)
      return errorPage('Invalid SAML response received: SAML Response is too large.', 413);
    const form = new URLSearchParams(body);
    const samlResponse = form.get('SAMLResponse') ?? '';
    const relayState = form.get('RelayState') ?? '';
    // The sign-in is taken out before any await: of two posts racing with one response, one finds nothing.
    const session = state.takeSession(relayState, now());
    if (!session || session.poolId !== pool.Id || !session.samlRequestId) {
      return errorPage('Invalid SAML response received: the sign-in session is unknown or expired. Start the sign-in again.');
    }
    const idp = pool.idps[session.providerName];
    if (idp?.ProviderType !== 'SAML')
      return redirectError(session.redirectUri, session.state, 'invalid_request', 'Identity provider not found');
    try {
      if (!samlResponse) throw new FederationError('invalid_request', 'SAMLResponse is missing');
      const signIn = await consumeSamlResponse(engine, pool, idp, domain, samlResponse, relayState, session.samlRequestId);
      if (!state.markAssertionUsed(`${pool.Id}:${signIn.issuer}:${signIn.assertionId}`, now(), signIn.notOnOrAfter)) {
        throw new FederationError('server_error', 'Invalid SAML response received: SAML Assertion has already been used.');
      }
      return await completeFederatedSignIn(engine, session, pool, idp, signIn.subject, signIn.claims, signIn.issuer);
    } catch (error) {
      if (error instanceof FederationError)
        return redirectError(session.redirectUri, session.state, error.error, error.description);
      throw error;
    }
  });

  return app;
}
