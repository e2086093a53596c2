import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { isAcceptableIdpUrl } from '../control/urls.ts';
import type { Engine } from '../engine.ts';
import type { IdpRecord } from '../state.ts';
import { FederationError } from './errors.ts';
import type { Claims } from './federated-users.ts';

interface Endpoints {
  authorize: string;
  token: string;
  userinfo: string;
  jwks: string;
}

const discoveryCache = new Map<string, { endpoints: Endpoints; until: number }>();
const DISCOVERY_TTL_MS = 5 * 60_000;
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
const HMAC = ['HS256', 'HS384', 'HS512'];

export const oidcRedirectUri = (engine: Engine, domain: string) => `${engine.domainBaseUrl(domain)}/oauth2/idpresponse`;

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/**
 * The IdP's issuer as Cognito accepts it in discovery and in the ID token's `iss`: as configured, or with
 * the trailing slash the configured value may not have. AWS's OIDC IdP page says the issuer "shouldn't end
 * with a slash"; IdPs that publish a slashed issuer (Auth0) are entered without it and federate (AWS
 * knowledge center, Auth0 as an OIDC provider). Cognito's exact comparison is not documented.
 */
function acceptedIssuers(configured: string): string[] {
  return [configured, `${configured}/`];
}

/**
 * A failed token request. When the IdP answers with a standard OAuth error, Cognito "adds the provider name
 * and HTTP error code to the existing error strings", e.g. `LoginWithAmazon Error - 400 invalid_request
 * <the IdP's text>` (developer guide, managed login and federation error responses); otherwise the older
 * `<IdP> Error - <status> error getting token` of the authorization endpoint page.
 */
function tokenEndpointError(idp: IdpRecord, response: { status: number; text: string }): FederationError {
  let body: { error?: unknown; error_description?: unknown } = {};
  try {
    body = JSON.parse(response.text) as typeof body;
  } catch {
    // Not JSON: the generic form below.
  }
  if (typeof body.error === 'string' && /^[\x20-\x7e]+$/.test(body.error)) {
    const text = typeof body.error_description === 'string' ? ` ${body.error_description}` : '';
    return new FederationError('invalid_request', `${idp.ProviderName} Error - ${response.status} ${body.error}${text}`);
  }
  return new FederationError('invalid_request', `${idp.ProviderName} Error - ${response.status} error getting token`);
}

/** The IdP's endpoints: the explicit ones from ProviderDetails, else its discovery document. */
async function endpoints(engine: Engine, idp: IdpRecord): Promise<Endpoints> {
  const d = idp.ProviderDetails;
  if (d.authorize_url && d.token_url && d.attributes_url && d.jwks_uri) {
    return { authorize: d.authorize_url, token: d.token_url, userinfo: d.attributes_url, jwks: d.jwks_uri };
  }
  const issuer = d.oidc_issuer ?? '';
  const cached = discoveryCache.get(issuer);
  if (cached && cached.until > Date.now()) return cached.endpoints;
  let document: Record<string, unknown>;
  try {
    const response = await engine.options.fetchText(`${issuer}/.well-known/openid-configuration`);
    if (response.status !== 200) throw new Error(String(response.status));
    document = JSON.parse(response.text) as Record<string, unknown>;
  } catch {
    throw new FederationError('invalid_request', `${idp.ProviderName} Error - unable to retrieve the OIDC discovery document`);
  }
  const found: Endpoints = {
    authorize: String(document.authorization_endpoint ?? ''),
    token: String(document.token_endpoint ?? ''),
    userinfo: String(document.userinfo_endpoint ?? ''),
    jwks: String(document.jwks_uri ?? ''),
  };
  const allow = engine.options.allowLoopbackHttp;
  if (
    !acceptedIssuers(issuer).includes(String(document.issuer)) ||
    !Object.values(found).every((url) => isAcceptableIdpUrl(url, allow))
  ) {
    throw new FederationError('invalid_request', `${idp.ProviderName} Error - the OIDC discovery document is not valid`);
  }
  discoveryCache.set(issuer, { endpoints: found, until: Date.now() + DISCOVERY_TTL_MS });
  return found;
}

/** The redirect to the IdP's authorization endpoint. */
export async function startOidcSignIn(
  engine: Engine,
  idp: IdpRecord,
  domain: string,
  state: string,
  nonce: string,
  loginHint?: string,
  prompt?: string,
): Promise<string> {
  const { authorize } = await endpoints(engine, idp);
  const url = new URL(authorize);
  url.searchParams.set('client_id', idp.ProviderDetails.client_id ?? '');
  url.searchParams.set('redirect_uri', oidcRedirectUri(engine, domain));
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', idp.ProviderDetails.authorize_scopes ?? 'openid');
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  if (loginHint) url.searchParams.set('login_hint', loginHint);
  // Cognito passes prompt (login, select_account, consent) on to OIDC IdPs (developer guide, authorize
  // endpoint: managed login); nothing documents an equivalent for SAML IdPs (no ForceAuthn).
  const prompts = (prompt ?? '').split(' ').filter((p) => ['login', 'select_account', 'consent'].includes(p));
  if (prompts.length) url.searchParams.set('prompt', prompts.join(' '));
  return url.toString();
}

/**
 * Finishes an OIDC sign-in: exchanges the code with client_secret_post (the only method Cognito uses),
 * verifies the ID token against the IdP's JWKS (issuer, audience, nonce, algorithm allow-list), then
 * reads userinfo with attributes_request_method. Returns the subject and the merged claims.
 */
export async function finishOidcSignIn(
  engine: Engine,
  idp: IdpRecord,
  domain: string,
  code: string,
  nonce: string,
): Promise<{ subject: string; claims: Claims }> {
  const d = idp.ProviderDetails;
  const found = await endpoints(engine, idp);
  let tokenResponse: { status: number; text: string };
  try {
    tokenResponse = await engine.options.fetchText(found.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: oidcRedirectUri(engine, domain),
        client_id: d.client_id ?? '',
        client_secret: d.client_secret ?? '',
      }).toString(),
    });
  } catch (error) {
    if (isTimeout(error)) throw new FederationError('invalid_request', 'Timeout occurred in calling IdP token endpoint');
    throw new FederationError('invalid_request', `${idp.ProviderName} Error - 500 error getting token`);
  }
  if (tokenResponse.status !== 200) throw tokenEndpointError(idp, tokenResponse);
  let tokens: { id_token?: unknown; access_token?: unknown };
  try {
    tokens = JSON.parse(tokenResponse.text) as typeof tokens;
  } catch {
    throw new FederationError('invalid_request', `${idp.ProviderName} Error - 200 error getting token`);
  }
  if (typeof tokens.id_token !== 'string')
    throw new FederationError('invalid_request', 'id_token not present in the IdP response');

  let claims: Claims;
  try {
    const { alg } = decodeProtectedHeader(tokens.id_token);
    const options = {
      issuer: acceptedIssuers(d.oidc_issuer ?? ''),
      audience: d.client_id ?? '',
      algorithms: [...ASYMMETRIC, ...HMAC],
    };
    let payload: Record<string, unknown>;
    if (alg && HMAC.includes(alg)) {
      ({ payload } = await jwtVerify(tokens.id_token, new TextEncoder().encode(d.client_secret ?? ''), options));
    } else {
      let jwksText: { status: number; text: string };
      try {
        jwksText = await engine.options.fetchText(found.jwks);
      } catch (error) {
        if (isTimeout(error)) throw new FederationError('invalid_request', 'Timeout in calling jwks uri');
        throw error;
      }
      const keySet = createLocalJWKSet(JSON.parse(jwksText.text) as JSONWebKeySet);
      ({ payload } = await jwtVerify(tokens.id_token, keySet, options));
    }
    if (payload.nonce !== nonce) throw new Error('nonce');
    claims = Object.fromEntries(
      Object.entries(payload).map(([k, v]) => [
        k,
        Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v : JSON.stringify(v),
      ]),
    );
  } catch (error) {
    if (error instanceof FederationError) throw error;
    throw new FederationError('invalid_request', `${idp.ProviderName} Error - Invalid id_token`);
  }
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  if (!subject) throw new FederationError('invalid_request', `${idp.ProviderName} Error - Invalid id_token`);

  if (typeof tokens.access_token === 'string' && found.userinfo) {
    const post = d.attributes_request_method === 'POST';
    try {
      const response = await engine.options.fetchText(found.userinfo, {
        method: post ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'application/json' },
      });
      if (response.status === 200) {
        const info = JSON.parse(response.text) as Record<string, unknown>;
        // Userinfo about another subject is ignored, as OIDC Core 5.3.2 requires.
        if (info.sub === subject) {
          for (const [k, v] of Object.entries(info)) {
            claims[k] = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v : JSON.stringify(v);
          }
        }
      }
    } catch {
      throw new FederationError('invalid_request', `${idp.ProviderName} Error - error getting user attributes`);
    }
  }
  return { subject, claims };
}
