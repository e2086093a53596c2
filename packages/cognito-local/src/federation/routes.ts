import { createHash, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { constantTimeEqual } from '../constant-time.ts';
import { customScopeExists } from '../control/resource-servers.ts';
import type { Engine } from '../engine.ts';
import { CognitoError } from '../errors.ts';
import { answerNewPasswordChallenge, openPasswordChallenge, passwordSignIn } from '../native/sign-in.ts';
import type { ClientRecord, IdpRecord, PoolRecord, UserRecord } from '../state.ts';
import { runPreSignUp } from '../triggers/pre-sign-up.ts';
import { runPreTokenGeneration, runPreTokenGenerationForClient } from '../triggers/pre-token-generation.ts';
import { FederationError } from './errors.ts';
import { upsertFederatedUser } from './federated-users.ts';
import { escapeHtml, page, SECURITY_HEADERS } from './html.ts';
import { changePasswordPageBody, signInPageBody } from './login-pages.ts';
import { finishOidcSignIn, startOidcSignIn } from './oidc.ts';
import { consumeSamlResponse, MAX_SAML_RESPONSE_CHARS, startSamlSignIn } from './saml.ts';
import { type AuthorizeSession, CODE_TTL_MS, randomToken } from './sessions.ts';
import { issueClientCredentialsToken, issueTokens, jwks } from './tokens.ts';

/** Where a failure goes: the app's redirect_uri (query string, with its state), as Cognito sends it. */
function redirectError(redirectUri: string, state: string | undefined, error: string, description: string): Response {
  const url = new URL(redirectUri);
  url.searchParams.set('error_description', description);
  url.searchParams.set('error', error);
  if (state !== undefined) url.searchParams.set('state', state);
  return new Response(null, { status: 302, headers: { location: url.toString(), 'cache-control': 'no-store' } });
}

function htmlPage(title: string, body: string, status = 200): Response {
  return new Response(page(title, body), {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS },
  });
}

function errorPage(message: string, status = 400): Response {
  return htmlPage(
    'Error',
    `<h1>An error was encountered with the requested page.</h1><p class="error">${escapeHtml(message)}</p>`,
    status,
  );
}

function tokenError(error: string, status = 400, description?: string): Response {
  return new Response(JSON.stringify({ error, ...(description ? { error_description: description } : {}) }), {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store', pragma: 'no-cache' },
  });
}

interface AuthorizeRequest {
  client: ClientRecord;
  /** What the code must carry back to the token endpoint: redirect URI, scopes, state, nonce, PKCE challenge. */
  code: Pick<AuthorizeSession, 'redirectUri' | 'state' | 'nonce' | 'codeChallenge' | 'scopes'>;
  /** Sends an error to the app's redirect_uri. */
  fail: (error: string, description: string) => Response;
}

const supported = (client: ClientRecord) => (client.SupportedIdentityProviders as string[] | undefined) ?? [];

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/**
 * Managed login on each pool domain, under `/domains/<domain>` (Cognito serves it at https://<domain>), and
 * each pool's issuer documents under `/<poolId>` (Cognito: https://cognito-idp.<region>.amazonaws.com/<poolId>).
 */
export function federation(engine: Engine): Hono {
  const app = new Hono();
  const state = engine.signIns;
  const now = () => engine.now().getTime();

  const poolOfDomain = (domain: string): PoolRecord | undefined => {
    const poolId = engine.data.domains[domain];
    return poolId ? engine.data.pools[poolId] : undefined;
  };

  /**
   * Finishes a managed-login sign-in of a user: pre token generation trigger, authorization code, redirect to
   * the app. Cognito runs the trigger during authentication, and its errors reach the app as query
   * parameters of the callback URL (developer guide, Lambda triggers); `invalid_request` is the `error` a
   * public report shows next to "PreTokenGeneration failed with error ...".
   */
  const issueCode = async (
    session: Pick<AuthorizeSession, 'redirectUri' | 'state' | 'nonce' | 'codeChallenge' | 'scopes'>,
    pool: PoolRecord,
    client: ClientRecord,
    user: UserRecord,
  ) => {
    const trigger = await runPreTokenGeneration(engine, {
      pool,
      clientId: client.ClientId,
      user,
      scopes: session.scopes,
      triggerSource: 'TokenGeneration_HostedAuth',
    });
    if (!trigger.ok) return redirectError(session.redirectUri, session.state, 'invalid_request', trigger.description);
    const code = randomUUID();
    state.codes.set(code, {
      poolId: pool.Id,
      clientId: client.ClientId,
      redirectUri: session.redirectUri,
      username: user.Username,
      scopes: session.scopes,
      ...(session.nonce !== undefined ? { nonce: session.nonce } : {}),
      ...(session.codeChallenge !== undefined ? { codeChallenge: session.codeChallenge } : {}),
      authTime: Math.floor(now() / 1000),
      expiresAt: now() + CODE_TTL_MS,
      ...(trigger.overrides ? { overrides: trigger.overrides } : {}),
    });
    const url = new URL(session.redirectUri);
    url.searchParams.set('code', code);
    if (session.state !== undefined) url.searchParams.set('state', session.state);
    return new Response(null, { status: 302, headers: { location: url.toString(), 'cache-control': 'no-store' } });
  };

  /**
   * Finishes a federated sign-in: the user is created or updated (the pre sign-up trigger runs at the first
   * sign-in, as PreSignUp_ExternalProvider: developer guide, pre sign-up trigger), then the code is issued.
   * The pre authentication trigger is not invoked: the guide ties it to InitiateAuth and AdminInitiateAuth
   * and to users whose password the pool checks; that it never fires for a federated sign-in is a guess.
   */
  const complete = async (
    session: AuthorizeSession,
    pool: PoolRecord,
    idp: IdpRecord,
    subject: string,
    claims: Record<string, string | string[] | undefined>,
    issuer: string | null,
  ) => {
    const client = pool.clients[session.clientId];
    if (!client) return errorPage('The app client no longer exists.');
    const user = await upsertFederatedUser(engine, pool, client, idp, subject, claims, issuer, async (candidate) => {
      const answer = await runPreSignUp(engine, {
        pool,
        triggerSource: 'PreSignUp_ExternalProvider',
        clientId: client.ClientId,
        userName: candidate.Username,
        // The mapped attributes ("attributes that have successfully been mapped from provider attributes");
        // whether the event also carries sub and identities is not documented (left out: a guess).
        userAttributes: Object.fromEntries(
          Object.entries(candidate.Attributes).filter(([name]) => name !== 'sub' && name !== 'identities'),
        ),
      });
      // Reaches the app as the pre token generation trigger's failures do (a guess for this trigger).
      if (!answer.ok) throw new FederationError('invalid_request', answer.description);
      if (answer.autoVerifyEmail) candidate.Attributes.email_verified = 'true';
      if (answer.autoVerifyPhone) candidate.Attributes.phone_number_verified = 'true';
    });
    return issueCode(session, pool, client, user);
  };

  /**
   * Reads and checks an authorization request (its query string), as `/oauth2/authorize` and the sign-in form
   * post both must: the client, its redirect_uri, OAuth flows, scopes and PKCE. A failure is the response to
   * send (the error page or a redirect to the app).
   */
  const readAuthorizeRequest = (domain: string, pool: PoolRecord, q: Record<string, string>): Response | AuthorizeRequest => {
    const client = q.client_id ? pool.clients[q.client_id] : undefined;
    if (!client) return errorPage('Invalid client id.');
    const callbacks = (client.CallbackURLs as string[] | undefined) ?? [];
    const redirectUri = q.redirect_uri ?? (client.DefaultRedirectURI as string | undefined);
    if (!redirectUri || !callbacks.includes(redirectUri)) {
      return new Response(null, {
        status: 302,
        headers: {
          location: `${engine.domainBaseUrl(domain)}/error?error=redirect_mismatch&client_id=${encodeURIComponent(client.ClientId)}`,
        },
      });
    }
    const fail = (error: string, description: string) => redirectError(redirectUri, q.state, error, description);
    if (client.AllowedOAuthFlowsUserPoolClient !== true)
      return fail('invalid_request', 'Client is not enabled for OAuth2.0 flows');
    if (!q.response_type) return fail('invalid_request', 'response_type is required');
    const flows = (client.AllowedOAuthFlows as string[] | undefined) ?? [];
    if (q.response_type !== 'code' || !flows.includes('code')) return fail('unauthorized_client', 'unauthorized_client');
    const allowedScopes = (client.AllowedOAuthScopes as string[] | undefined) ?? [];
    const scopes = q.scope ? q.scope.split(/\s+/).filter(Boolean) : allowedScopes;
    if (scopes.some((s) => !allowedScopes.includes(s))) return fail('invalid_scope', 'invalid_scope');
    if (q.code_challenge !== undefined || q.code_challenge_method !== undefined) {
      if (q.code_challenge_method !== 'S256') return fail('invalid_request', 'Unsupported code challenge method');
      if (!q.code_challenge || !/^[A-Za-z0-9_-]{43,128}$/.test(q.code_challenge))
        return fail('invalid_request', 'Invalid code challenge');
    }
    const code = {
      redirectUri,
      scopes,
      ...(q.state !== undefined ? { state: q.state } : {}),
      ...(q.nonce !== undefined ? { nonce: q.nonce } : {}),
      ...(q.code_challenge !== undefined ? { codeChallenge: q.code_challenge } : {}),
    };
    return { client, code, fail };
  };

  /**
   * The managed login page: a user name and password form when the client lists `COGNITO` among its
   * SupportedIdentityProviders (the user pool directory, developer guide, managed login), and one button per
   * IdP the client may use. A failed password sign-in shows the page again with the error above the form, in
   * an element with role="alert".
   */
  const signInPage = (
    domain: string,
    pool: PoolRecord,
    client: ClientRecord,
    requestUrl: URL,
    options: { idps: boolean; error?: string; username?: string },
  ): Response => {
    const idpLinks = options.idps
      ? supported(client)
          .filter((name) => pool.idps[name])
          .map((name) => {
            const url = new URL(requestUrl);
            url.searchParams.set('identity_provider', name);
            return { name, href: url.pathname + url.search };
          })
      : [];
    const body = signInPageBody({
      withCognito: supported(client).includes('COGNITO'),
      loginAction: `${new URL(engine.domainBaseUrl(domain)).pathname}/login${requestUrl.search}`,
      idpLinks,
      error: options.error,
      username: options.username,
    });
    return htmlPage('Sign in', body, options.error ? 400 : 200);
  };

  /** The page a user with a temporary password sets a new one on. */
  const changePasswordPage = (domain: string, requestUrl: URL, session: string, error?: string): Response =>
    htmlPage(
      'Change password',
      changePasswordPageBody({
        action: `${new URL(engine.domainBaseUrl(domain)).pathname}/forceChangePassword${requestUrl.search}`,
        session,
        error,
      }),
      error ? 400 : 200,
    );

  app.get('/domains/:domain/oauth2/authorize', async (c) => {
    state.sweep(now());
    const domain = c.req.param('domain');
    const pool = poolOfDomain(domain);
    if (!pool) return errorPage('Unknown domain.', 404);
    const q = c.req.query();
    const request = readAuthorizeRequest(domain, pool, q);
    if (request instanceof Response) return request;
    const { client, fail } = request;
    let providerName = q.identity_provider;
    if (!providerName && q.idp_identifier) {
      providerName = Object.values(pool.idps).find(
        (idp) => idp.IdpIdentifiers.includes(q.idp_identifier ?? '') && supported(client).includes(idp.ProviderName),
      )?.ProviderName;
      if (!providerName) return fail('invalid_request', 'No identity provider matches idp_identifier');
    }
    if (!providerName) return signInPage(domain, pool, client, new URL(c.req.url), { idps: true });
    // identity_provider=COGNITO goes straight to the user pool's own sign-in (developer guide, authorize endpoint).
    if (providerName === 'COGNITO' && supported(client).includes('COGNITO')) {
      return signInPage(domain, pool, client, new URL(c.req.url), { idps: false });
    }
    const idp = pool.idps[providerName];
    if (!idp || !supported(client).includes(providerName)) {
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

  /**
   * The sign-in form's post: a password sign-in of a native user with the checks of InitiateAuth (pre
   * authentication trigger included), then a code for the app (TokenGeneration_HostedAuth). A failure shows
   * the form again with Cognito's message above it. A user who must change a temporary password gets the
   * page to set a new one (the NEW_PASSWORD_REQUIRED challenge of managed login).
   */
  app.post('/domains/:domain/login', async (c) => {
    const domain = c.req.param('domain');
    const pool = poolOfDomain(domain);
    if (!pool) return errorPage('Unknown domain.', 404);
    const q = c.req.query();
    const request = readAuthorizeRequest(domain, pool, q);
    if (request instanceof Response) return request;
    const { client, fail } = request;
    if (!supported(client).includes('COGNITO')) {
      return fail('invalid_request', 'Login option COGNITO is not enabled for this app client');
    }
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      return errorPage('The sign-in form must be posted as application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(await c.req.text());
    const username = (form.get('username') ?? '').trim();
    const password = form.get('password') ?? '';
    const pageUrl = new URL(c.req.url);
    const again = (error: string) => signInPage(domain, pool, client, pageUrl, { idps: !q.identity_provider, error, username });
    if (!username || !password) return again('Username and password are required.');
    try {
      const signIn = await passwordSignIn(engine, { pool, client, username, password, validationData: {} });
      if (signIn.kind === 'new-password-required') {
        return changePasswordPage(domain, pageUrl, openPasswordChallenge(engine, pool, client, signIn.user));
      }
      return await issueCode(request.code, pool, client, signIn.user);
    } catch (error) {
      if (error instanceof CognitoError) return again(error.message);
      throw error;
    }
  });

  /**
   * The new password page's post: answers the NEW_PASSWORD_REQUIRED challenge as RespondToAuthChallenge does,
   * then sends the app its code. A password the policy refuses shows the page again; a session that is gone
   * goes back to the sign-in form.
   */
  app.post('/domains/:domain/forceChangePassword', async (c) => {
    const domain = c.req.param('domain');
    const pool = poolOfDomain(domain);
    if (!pool) return errorPage('Unknown domain.', 404);
    const q = c.req.query();
    const request = readAuthorizeRequest(domain, pool, q);
    if (request instanceof Response) return request;
    const { client } = request;
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
      return await issueCode(request.code, pool, client, user);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      if (error.type === 'InvalidPasswordException') return changePasswordPage(domain, pageUrl, session, error.message);
      return signInPage(domain, pool, client, pageUrl, { idps: !q.identity_provider, error: error.message });
    }
  });

  app.post('/domains/:domain/saml2/idpresponse', async (c) => {
    const domain = c.req.param('domain');
    const pool = poolOfDomain(domain);
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
      return await complete(session, pool, idp, signIn.subject, signIn.claims, signIn.issuer);
    } catch (error) {
      if (error instanceof FederationError)
        return redirectError(session.redirectUri, session.state, error.error, error.description);
      throw error;
    }
  });

  app.get('/domains/:domain/oauth2/idpresponse', async (c) => {
    const domain = c.req.param('domain');
    const pool = poolOfDomain(domain);
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
      return await complete(session, pool, idp, subject, claims, null);
    } catch (error) {
      if (error instanceof FederationError)
        return redirectError(session.redirectUri, session.state, error.error, error.description);
      throw error;
    }
  });

  app.post('/domains/:domain/oauth2/token', async (c) => {
    const pool = poolOfDomain(c.req.param('domain'));
    if (!pool) return tokenError('invalid_request', 404);
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded'))
      return tokenError('invalid_request');
    const form = new URLSearchParams(await c.req.text());
    let clientId = form.get('client_id') ?? '';
    let clientSecret = form.get('client_secret') ?? undefined;
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const client = pool.clients[clientId];
    if (!client) return tokenError('invalid_client', 400);
    if (client.ClientSecret && (!clientSecret || !constantTimeEqual(clientSecret, client.ClientSecret)))
      return tokenError('invalid_client');
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const grant = state.codes.get(code);
      // A code is good once, even when the attempt fails.
      state.codes.delete(code);
      if (!grant || grant.expiresAt < now() || grant.clientId !== client.ClientId || grant.poolId !== pool.Id)
        return tokenError('invalid_grant');
      if (form.get('redirect_uri') !== grant.redirectUri) return tokenError('invalid_grant');
      if (grant.codeChallenge) {
        const verifier = form.get('code_verifier') ?? '';
        if (!verifier || !constantTimeEqual(s256(verifier), grant.codeChallenge)) return tokenError('invalid_grant');
      }
      const user = pool.users[grant.username];
      if (!user) return tokenError('invalid_grant');
      const originJti = randomUUID();
      const tokens = await issueTokens(engine, pool, client, user, {
        scopes: grant.scopes,
        ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
        authTime: grant.authTime,
        originJti,
        ...(grant.overrides ? { overrides: grant.overrides } : {}),
      });
      const refreshToken = randomToken(64);
      state.refreshTokens.set(refreshToken, {
        poolId: pool.Id,
        clientId: client.ClientId,
        username: user.Username,
        scopes: grant.scopes,
        authTime: grant.authTime,
        originJti,
        expiresAt: now() + (typeof client.RefreshTokenValidity === 'number' ? client.RefreshTokenValidity : 30) * 86_400_000,
      });
      return c.json({ ...tokens, refresh_token: refreshToken }, 200, { 'cache-control': 'no-store', pragma: 'no-cache' });
    }
    if (grantType === 'refresh_token') {
      const grant = state.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!grant || grant.expiresAt < now() || grant.clientId !== client.ClientId || grant.poolId !== pool.Id)
        return tokenError('invalid_grant');
      const user = pool.users[grant.username];
      if (!user?.Enabled) return tokenError('invalid_grant');
      // The trigger runs at every refresh; how Cognito's token endpoint reports its failure is not
      // documented: an OAuth error carrying the trigger's text is a guess.
      const trigger = await runPreTokenGeneration(engine, {
        pool,
        clientId: client.ClientId,
        user,
        scopes: grant.scopes,
        triggerSource: 'TokenGeneration_RefreshTokens',
      });
      if (!trigger.ok) return tokenError('invalid_request', 400, trigger.description);
      const tokens = await issueTokens(engine, pool, client, user, {
        scopes: grant.scopes,
        authTime: grant.authTime,
        originJti: grant.originJti,
        ...(trigger.overrides ? { overrides: trigger.overrides } : {}),
        ...(grant.alwaysIdToken ? { alwaysIdToken: true } : {}),
      });
      return c.json(tokens, 200, { 'cache-control': 'no-store', pragma: 'no-cache' });
    }
    if (grantType === 'client_credentials') {
      // Developer guide, token endpoint (client credentials) and "Scopes, M2M, and API authorization with
      // resource servers": the client authenticates with its secret, asks for custom scopes it is allowed
      // (all of them when `scope` is left out) and gets an access token only.
      const flows = (client.AllowedOAuthFlows as string[] | undefined) ?? [];
      if (client.AllowedOAuthFlowsUserPoolClient !== true || !flows.includes('client_credentials'))
        return tokenError('unauthorized_client');
      if (!client.ClientSecret) return tokenError('invalid_client');
      // A scope whose resource server or scope was deleted since is granted no more (a guess: stricter than
      // honouring the client's stale list).
      const allowed = ((client.AllowedOAuthScopes as string[] | undefined) ?? []).filter((scope) =>
        customScopeExists(pool, scope),
      );
      const asked = form.get('scope');
      const scopes = asked ? [...new Set(asked.split(/\s+/).filter(Boolean))] : allowed;
      if (!scopes.length || scopes.some((scope) => !allowed.includes(scope))) return tokenError('invalid_scope');
      const trigger = await runPreTokenGenerationForClient(engine, { pool, clientId: client.ClientId, scopes });
      if (!trigger.ok) return tokenError('invalid_request', 400, trigger.description);
      const tokens = await issueClientCredentialsToken(engine, pool, client, scopes, trigger.overrides);
      return c.json(tokens, 200, { 'cache-control': 'no-store', pragma: 'no-cache' });
    }
    return tokenError('unsupported_grant_type');
  });

  app.get('/domains/:domain/logout', (c) => {
    const domain = c.req.param('domain');
    const pool = poolOfDomain(domain);
    if (!pool) return errorPage('Unknown domain.', 404);
    const q = c.req.query();
    const client = q.client_id ? pool.clients[q.client_id] : undefined;
    if (!client) return errorPage('Invalid client id.');
    if (q.logout_uri) {
      if (!((client.LogoutURLs as string[] | undefined) ?? []).includes(q.logout_uri)) {
        return c.redirect(
          `${engine.domainBaseUrl(domain)}/error?error=redirect_mismatch&client_id=${encodeURIComponent(client.ClientId)}`,
          302,
        );
      }
      return c.redirect(q.logout_uri, 302);
    }
    if (q.redirect_uri && q.response_type) {
      const url = new URL(`${engine.domainBaseUrl(domain)}/oauth2/authorize`);
      for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
      return c.redirect(url.toString(), 302);
    }
    return c.redirect(
      `${engine.domainBaseUrl(domain)}/error?error=redirect_mismatch&client_id=${encodeURIComponent(client.ClientId)}`,
      302,
    );
  });

  app.get('/domains/:domain/error', (c) => {
    const error = c.req.query('error') ?? 'unknown';
    return errorPage(`An error was encountered with the requested page: ${error}`, 400);
  });

  app.get('/domains/:domain/oauth2/userInfo', async (c) => {
    const pool = poolOfDomain(c.req.param('domain'));
    if (!pool) return tokenError('invalid_request', 404);
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!bearer) return tokenError('invalid_token', 401);
    try {
      const { payload } = await jwtVerify(bearer, createLocalJWKSet(await jwks(engine, pool)), {
        issuer: engine.issuer(pool.Id),
        algorithms: ['RS256'],
        currentDate: engine.now(),
      });
      const user = payload.token_use === 'access' ? pool.users[String(payload.username)] : undefined;
      if (!user) return tokenError('invalid_token', 401);
      const { identities: _identities, ...attributes } = user.Attributes;
      return c.json({ ...attributes, username: user.Username });
    } catch {
      return tokenError('invalid_token', 401);
    }
  });

  app.get('/:poolId/.well-known/jwks.json', async (c) => {
    const pool = engine.data.pools[c.req.param('poolId')];
    if (!pool) return c.json({ message: 'User pool does not exist' }, 404);
    return c.json(await jwks(engine, pool));
  });

  app.get('/:poolId/.well-known/openid-configuration', (c) => {
    const pool = engine.data.pools[c.req.param('poolId')];
    if (!pool) return c.json({ message: 'User pool does not exist' }, 404);
    const issuer = engine.issuer(pool.Id);
    const base = pool.Domain ? engine.domainBaseUrl(pool.Domain) : undefined;
    return c.json({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      ...(base
        ? {
            authorization_endpoint: `${base}/oauth2/authorize`,
            token_endpoint: `${base}/oauth2/token`,
            userinfo_endpoint: `${base}/oauth2/userInfo`,
            end_session_endpoint: `${base}/logout`,
          }
        : {}),
      response_types_supported: ['code'],
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
    });
  });

  return app;
}
