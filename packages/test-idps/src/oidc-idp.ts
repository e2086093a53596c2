import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Adapter, type AdapterPayload, type ClientMetadata, type Configuration } from 'oidc-provider';
import { errorPage, loginPage, sendHtml } from './html.ts';
import { listen, readBody, readForm, replayRequest } from './http.ts';
import { DEMO_USERS, type DemoUser, findUserByUsername } from './users.ts';

/** How a relying party authenticates at the token endpoint. */
export type OidcClientAuthMethod = 'client_secret_post' | 'client_secret_basic';

/** A relying party known to the OIDC IdP. */
export interface OidcClientRegistration {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Default 'client_secret_post' (the only method Cognito uses). */
  tokenEndpointAuthMethod?: OidcClientAuthMethod;
}

/** A running OIDC IdP. */
export interface TestOidcIdp {
  /** e.g. http://127.0.0.1:<port> (no trailing slash unless started with `issuerTrailingSlash`). */
  issuer: string;
  /** Same origin as the issuer. */
  url: string;
  registerClient(client: OidcClientRegistration): void;
  /** What the JWKS URL answers: the keys, HTTP 404, or a key set with no keys. */
  setJwksBehaviour(behaviour: OidcJwksBehaviour): void;
  stop(): Promise<void>;
}

/** What the JWKS URL serves, for tests of IdPs whose key set is broken. */
export type OidcJwksBehaviour = 'normal' | 'not-found' | 'no-keys';

/** Options of {@link startOidcIdp}. */
export interface OidcIdpOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  users?: DemoUser[];
  clients?: OidcClientRegistration[];
  /** Which token endpoint auth methods discovery advertises and the IdP accepts; default both. */
  tokenEndpointAuthMethods?: OidcClientAuthMethod[];
  /**
   * Publish the issuer with a trailing slash (`http://127.0.0.1:<port>/`, in discovery and in `iss`), as
   * Auth0 does. Discovery stays at `<origin>/.well-known/openid-configuration`.
   */
  issuerTrailingSlash?: boolean;
}

const IDP_NAME = 'Gatehouse test OIDC IdP';

/** The standard claims each scope releases; groups and extra claims ride on `profile`. */
function claimsByScope(users: DemoUser[]): Record<string, string[]> {
  const extra = new Set<string>();
  for (const user of users) for (const name of Object.keys(user.extra ?? {})) extra.add(name);
  return {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username', 'groups', ...extra],
  };
}

function userClaims(user: DemoUser): Record<string, unknown> {
  const name = [user.givenName, user.familyName].filter(Boolean).join(' ');
  return {
    ...user.extra,
    sub: user.id,
    email: user.email,
    email_verified: user.emailVerified ?? false,
    ...(name ? { name } : {}),
    ...(user.givenName ? { given_name: user.givenName } : {}),
    ...(user.familyName ? { family_name: user.familyName } : {}),
    preferred_username: user.username,
    ...(user.groups ? { groups: user.groups } : {}),
  };
}

/**
 * Storage for oidc-provider's models. Clients come from the registry so `registerClient` takes effect at
 * once; everything else lives in memory for as long as the IdP runs.
 */
function memoryAdapterFactory(clients: Map<string, ClientMetadata>) {
  const store = new Map<string, { payload: AdapterPayload; expiresAt?: number }>();
  const live = (key: string) => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  return (name: string): Adapter => ({
    async upsert(id, payload, expiresIn) {
      store.set(`${name}:${id}`, {
        payload,
        ...(expiresIn ? { expiresAt: Date.now() + expiresIn * 1000 } : {}),
      });
      if (name === 'Session' && payload.uid) store.set(`SessionUid:${payload.uid}`, { payload: { jti: id } });
    },
    async find(id) {
      if (name === 'Client') return clients.get(id) as AdapterPayload | undefined;
      return live(`${name}:${id}`);
    },
    async findByUid(uid) {
      const pointer = live(`SessionUid:${uid}`);
      return pointer?.jti ? live(`Session:${pointer.jti}`) : undefined;
    },
    async findByUserCode() {
      return undefined;
    },
    async consume(id) {
      const payload = live(`${name}:${id}`);
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    },
    async destroy(id) {
      store.delete(`${name}:${id}`);
    },
    async revokeByGrantId(grantId) {
      for (const [key, entry] of store) if (entry.payload.grantId === grantId) store.delete(key);
    },
  });
}

function toClientMetadata(client: OidcClientRegistration, allowed: OidcClientAuthMethod[]): ClientMetadata {
  const method = client.tokenEndpointAuthMethod ?? 'client_secret_post';
  if (!allowed.includes(method)) {
    throw new Error(`client ${client.clientId} uses ${method}, which this IdP does not accept (${allowed.join(', ')})`);
  }
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: client.redirectUris,
    token_endpoint_auth_method: method,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  };
}

const TOKEN_PATH = '/token';
const JWKS_PATH = '/jwks';

function sendOAuthError(res: ServerResponse, status: number, error: string, description: string, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify({ error, error_description: description }));
}

/**
 * oidc-provider treats client_secret_basic and client_secret_post as interchangeable. Real IdPs do not
 * (Okta and PingOne answer invalid_client when the method differs from the registered one), and Cognito
 * only ever posts the secret, so an IdP that does not offer client_secret_post must really refuse it.
 * This reads the token request first and refuses a method the IdP or the client does not use; otherwise
 * it returns the request with its body to read again, for oidc-provider.
 */
async function enforceClientAuthMethod(
  req: IncomingMessage,
  res: ServerResponse,
  clients: Map<string, ClientMetadata>,
  allowed: OidcClientAuthMethod[],
): Promise<IncomingMessage | null> {
  const body = await readBody(req);
  const form = new URLSearchParams(body.toString('utf8'));
  const accepted = replayRequest(req, body);
  const authorization = req.headers.authorization;
  let method: OidcClientAuthMethod | undefined;
  let clientId = form.get('client_id') ?? undefined;
  if (authorization?.toLowerCase().startsWith('basic ')) {
    method = 'client_secret_basic';
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) clientId = decodeURIComponent(decoded.slice(0, colon).replaceAll('+', ' '));
  } else if (form.has('client_secret')) {
    method = 'client_secret_post';
  }
  // Other mechanisms (none, assertions) are refused by oidc-provider itself for these clients.
  if (!method) return accepted;
  const registered = clientId ? clients.get(clientId)?.token_endpoint_auth_method : undefined;
  if (!allowed.includes(method) || (registered !== undefined && registered !== method)) {
    const challenge: Record<string, string> =
      method === 'client_secret_basic' ? { 'www-authenticate': 'Basic realm="token"' } : {};
    sendOAuthError(res, 401, 'invalid_client', `client authentication method ${method} is not accepted`, challenge);
    return null;
  }
  return accepted;
}

/**
 * Starts an OpenID Provider (oidc-provider) on 127.0.0.1: discovery, JWKS, the authorization code flow
 * with PKCE and nonce, userinfo, and a sign-in page listing the demo users. Clients are registered from
 * code, with `client_secret_post` by default as Cognito requires.
 */
export async function startOidcIdp(options: OidcIdpOptions = {}): Promise<TestOidcIdp> {
  const users = options.users ?? DEMO_USERS;
  const authMethods = options.tokenEndpointAuthMethods ?? ['client_secret_post', 'client_secret_basic'];
  const clients = new Map<string, ClientMetadata>();
  for (const client of options.clients ?? []) clients.set(client.clientId, toClientMetadata(client, authMethods));

  const listening = await listen(options.host ?? '127.0.0.1', options.port ?? 0);
  const issuer = options.issuerTrailingSlash ? `${listening.url}/` : listening.url;

  // Relying parties look keys up by `kid` (Cognito insists on one), so the key carries a stable id.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };

  const configuration: Configuration = {
    adapter: memoryAdapterFactory(clients),
    jwks: { keys: [signingJwk] },
    claims: claimsByScope(users),
    // Real IdPs (Entra, Okta, Google) put the profile claims in the ID token of the code flow too.
    conformIdTokenClaims: false,
    clientAuthMethods: authMethods,
    // PKCE is honoured when sent and checked, but not demanded: confidential clients may omit it.
    pkce: { required: () => false },
    features: { devInteractions: { enabled: false } },
    // All local servers share 127.0.0.1 and browsers do not isolate cookies by port.
    cookies: {
      names: { session: 'oidcidp_session', interaction: 'oidcidp_interaction', resume: 'oidcidp_resume' },
      keys: [randomBytes(32).toString('hex')],
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const user = users.find((candidate) => candidate.id === sub);
      if (!user) return undefined;
      return { accountId: user.id, claims: () => userClaims(user) as { sub: string } };
    },
    ttl: { AccessToken: 3600, AuthorizationCode: 300, IdToken: 3600, Interaction: 3600, Session: 86400, Grant: 86400 },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(IDP_NAME, String(out.error), String(out.error_description ?? ''));
    },
  };
  const provider = new Provider(issuer, configuration);
  const providerCallback = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET' && path === `/interaction/${details.uid}`) {
      if (details.prompt.name === 'login') {
        sendHtml(
          res,
          200,
          loginPage({
            idpName: IDP_NAME,
            action: `/interaction/${details.uid}/login`,
            users,
            clientName: String(details.params.client_id ?? ''),
          }),
        );
        return;
      }
      // Consent is granted without asking: the relying parties of a test IdP are trusted by definition.
      const { accountId } = details.session ?? {};
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      if (!grant) throw new Error('grant vanished');
      const missing = details.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    if (req.method === 'POST' && path === `/interaction/${details.uid}/login`) {
      const form = await readForm(req);
      const user = findUserByUsername(users, form.get('username') ?? '');
      if (!user) {
        sendHtml(res, 400, errorPage(IDP_NAME, 'UNKNOWN_USER', 'No such demo user.'), { 'x-error-code': 'UNKNOWN_USER' });
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: user.id } }, { mergeWithLastSubmission: false });
      return;
    }
    sendHtml(res, 404, errorPage(IDP_NAME, 'NOT_FOUND', 'Not found.'), { 'x-error-code': 'NOT_FOUND' });
  }

  let jwksBehaviour: OidcJwksBehaviour = 'normal';
  listening.setHandler((req, res) => {
    const path = new URL(req.url ?? '/', listening.url).pathname;
    if (req.method === 'GET' && path === JWKS_PATH && jwksBehaviour !== 'normal') {
      if (jwksBehaviour === 'not-found') res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
      return;
    }
    if (req.method === 'POST' && path === TOKEN_PATH) {
      enforceClientAuthMethod(req, res, clients, authMethods)
        .then((accepted) => {
          if (accepted) providerCallback(accepted, res);
        })
        .catch(() => sendOAuthError(res, 400, 'invalid_request', 'unreadable request body'));
      return;
    }
    if (!path.startsWith('/interaction/')) {
      providerCallback(req, res);
      return;
    }
    interaction(req, res, path).catch((error: unknown) => {
      // An expired or unknown interaction (oidcidp_interaction cookie missing) lands here.
      const code = error instanceof Error && 'error' in error ? String(error.error) : 'SERVER_ERROR';
      if (!res.headersSent)
        sendHtml(res, 400, errorPage(IDP_NAME, code, 'The sign-in could not continue.'), { 'x-error-code': code });
      else res.end();
    });
  });

  return {
    issuer,
    url: listening.url,
    registerClient(client) {
      clients.set(client.clientId, toClientMetadata(client, authMethods));
    },
    setJwksBehaviour(next) {
      jwksBehaviour = next;
    },
    stop: () => listening.stop(),
  };
}
