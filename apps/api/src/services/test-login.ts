import {
  buildTestLoginReport,
  cognitoErrorReport,
  explainCognitoSignInError,
  failedTestLoginReport,
  GatehouseError,
  type TestLoginReport,
  type TestLoginStart,
} from '@gatehouse/core';
import { analyzeAttributeMapping } from '@gatehouse/core/claims';
import { hasErrors } from '@gatehouse/core/findings';
import { IdTokenRejected } from '../cognito/id-token.ts';
import { OAUTH_CALLBACK_PATHS } from '../cognito-access.ts';
import { authorizationSecrets, sha256, withAuthorizationSecrets } from '../crypto.ts';
import type { AppDeps } from '../deps.ts';
import type { Logger } from '../logger.ts';
import type { StoredConnection, StoredTestResult } from '../store/connection-store.ts';
import { requireConnection } from './connections.ts';
import type { ResolvedSetupSession } from './setup-sessions.ts';

/** How long an admin has to finish a test login (Cognito's own sign-in sessions last 5 minutes). */
export const TEST_LOGIN_TTL_MS = 10 * 60_000;
const SCOPE = 'openid email profile';

export function testLoginRedirectUri(deps: Pick<AppDeps, 'config'>): string {
  return `${deps.config.publicUrl.origin}${OAUTH_CALLBACK_PATHS.testLogin}`;
}

/**
 * Starts a test login of a connection: a single-use attempt (state, nonce, PKCE verifier) bound to the
 * session, tenant and connection, and the managed-login URL that signs in through the connection's test
 * IdP on the test-login app client.
 */
export async function startTestLogin(
  deps: Pick<AppDeps, 'config' | 'connections' | 'cognito' | 'testLogins'>,
  setup: ResolvedSetupSession,
  connectionId: string,
  now: Date,
  options: { freshSignIn?: boolean | undefined } = {},
): Promise<TestLoginStart> {
  const connection = requireConnection(await deps.connections.get(setup.tenant.id, connectionId));
  const provider = await deps.cognito.describeIdentityProvider(connection.testProviderName);
  if (!provider) {
    throw new GatehouseError(
      'TEST_LOGIN_NOT_READY',
      'This connection has no test sign-in yet. Save your identity provider’s details first, then test.',
    );
  }
  // The mapping the test IdP carries (the vendor preset until the admin saves one) is judged against the
  // pool now: a required attribute left unmapped would only fail at Cognito, after the admin signed in.
  const mapping = analyzeAttributeMapping({
    mapping: connection.draft?.attributeMapping ?? {},
    schema: await deps.cognito.poolSchema(),
    protocol: connection.protocol,
    vendor: connection.vendor,
  });
  if (hasErrors(mapping.findings)) {
    throw new GatehouseError(
      'SETTINGS_INVALID',
      'The attribute mapping needs fixing before a test login: each problem is listed with how to fix it.',
      { findings: mapping.findings.filter((f) => f.severity === 'error') },
    );
  }
  // App-client updates are read-modify-write with no condition in Cognito, so a concurrent change to the
  // test client can drop this IdP from it; putting it back (a no-op when present) heals that before use.
  await deps.cognito.setProviderOnClient(deps.config.cognito.testClientId, connection.testProviderName, true);
  const secrets = authorizationSecrets();
  const expiresAt = new Date(now.getTime() + TEST_LOGIN_TTL_MS).toISOString();
  await deps.testLogins.createAttempt({
    stateHash: sha256(secrets.state),
    sessionHash: setup.session.idHash,
    tenantId: setup.tenant.id,
    connectionId: connection.id,
    nonce: secrets.nonce,
    codeVerifier: secrets.codeVerifier,
    createdAt: now.toISOString(),
    expiresAt,
  });
  const url = new URL(`${deps.config.cognito.domainUrl}/oauth2/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', deps.config.cognito.testClientId);
  url.searchParams.set('redirect_uri', testLoginRedirectUri(deps));
  url.searchParams.set('identity_provider', connection.testProviderName);
  url.searchParams.set('scope', SCOPE);
  withAuthorizationSecrets(url, secrets);
  if (!options.freshSignIn) return { authorizeUrl: url.toString(), expiresAt };
  // Testing as another user: the IdP's own session would sign the last user in again without asking.
  if (connection.protocol === 'oidc') {
    url.searchParams.set('prompt', 'login');
    return { authorizeUrl: url.toString(), expiresAt, freshSignIn: 'prompt' };
  }
  return {
    authorizeUrl: url.toString(),
    expiresAt,
    freshSignIn: 'manual',
    hint: 'Cognito cannot ask a SAML identity provider to sign in afresh, so it would sign the last user in again. Sign out at your identity provider first, or open the test link in a private window and sign in there as the other user.',
  };
}

export interface CallbackQuery {
  state?: string | undefined;
  code?: string | undefined;
  error?: string | undefined;
  errorDescription?: string | undefined;
}

function stateInvalid(): GatehouseError {
  return new GatehouseError(
    'TEST_LOGIN_STATE_INVALID',
    'This test sign-in cannot be finished: it was not started here, was already used, or took too long. Start the test again.',
  );
}

/**
 * Finishes a test login at the callback: consumes the attempt (once, and only for the session that
 * started it, so a forged or replayed callback finishes nothing), exchanges the code with the PKCE
 * verifier, verifies the ID token ("OIDC settings and test logins" in docs/security.md), builds the
 * report, deletes the test user and records the result on the connection. Returns the
 * connection id and the stored result. Tokens are never stored or logged.
 */
export async function finishTestLogin(
  deps: Pick<AppDeps, 'config' | 'connections' | 'cognito' | 'testLogins' | 'verifyIdToken' | 'domains'>,
  setup: ResolvedSetupSession,
  query: CallbackQuery,
  now: Date,
  log: Logger,
): Promise<{ connectionId: string; displayName: string; result: StoredTestResult }> {
  if (!query.state || query.state.length > 256) throw stateInvalid();
  const attempt = await deps.testLogins.consumeAttempt(sha256(query.state), setup.session.idHash, setup.tenant.id);
  if (!attempt || Date.parse(attempt.expiresAt) <= now.getTime()) throw stateInvalid();
  const connection = requireConnection(await deps.connections.get(setup.tenant.id, attempt.connectionId));

  let report: TestLoginReport;
  if (query.error) {
    report = cognitoErrorReport(explainCognitoSignInError(query.error.slice(0, 100), query.errorDescription));
    log.info('test login refused by cognito', { connectionId: connection.id, cognitoError: report.cognitoError?.code });
  } else if (!query.code) {
    throw stateInvalid();
  } else {
    report = await signedInReport(deps, connection, query.code, attempt.codeVerifier, attempt.nonce, log);
  }
  const result: StoredTestResult = {
    at: now.toISOString(),
    passed: report.passed,
    changeSeq: connection.changeSeq,
    report: report as unknown as Record<string, unknown>,
  };
  await deps.testLogins.recordResult(setup.tenant.id, connection.id, result);
  log.info('test login finished', { connectionId: connection.id, passed: report.passed, outcome: report.outcome });
  return { connectionId: connection.id, displayName: connection.displayName, result };
}

async function signedInReport(
  deps: Pick<AppDeps, 'config' | 'cognito' | 'verifyIdToken' | 'domains'>,
  connection: StoredConnection,
  code: string,
  codeVerifier: string,
  nonce: string,
  log: Logger,
): Promise<TestLoginReport> {
  const idToken = await exchangeCode(deps, code, codeVerifier, log);
  if (!idToken) return failedTestLoginReport('TOKEN_EXCHANGE_FAILED');
  let claims: Record<string, unknown> | null = null;
  try {
    claims = await deps.verifyIdToken(idToken, nonce);
  } catch (error) {
    if (!(error instanceof IdTokenRejected)) throw error;
    log.warn('test login token refused', { connectionId: connection.id, reason: error.message });
  }
  // The user to delete: only ever one of this connection's test IdP, whatever the token says.
  const username = claims ? claims['cognito:username'] : unverifiedUsername(idToken);
  const testUser = typeof username === 'string' && username.startsWith(`${connection.testProviderName}_`) ? username : null;
  try {
    if (!claims) return failedTestLoginReport('TOKEN_INVALID');
    const [userAttributes, schema, verifiedDomains] = await Promise.all([
      testUser ? deps.cognito.userAttributes(testUser) : Promise.resolve(null),
      deps.cognito.poolSchema(),
      deps.domains.listVerifiedDomains(connection.tenantId, connection.id),
    ]);
    return buildTestLoginReport({
      protocol: connection.protocol,
      mapping: connection.draft?.attributeMapping ?? {},
      schema: schema.map((a) => ({ name: a.Name ?? '', required: a.Required === true })),
      claims,
      userAttributes,
      tenantId: connection.tenantId,
      verifiedDomains,
      vendor: connection.vendor,
    });
  } finally {
    if (testUser) await deps.cognito.deleteUser(testUser);
  }
}

/** Reads the username of a token that failed verification, only to delete the user it created. */
function unverifiedUsername(token: string): unknown {
  try {
    const payload: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' ? (payload as Record<string, unknown>)['cognito:username'] : undefined;
  } catch {
    return undefined;
  }
}

/** Exchanges the code at the pool's token endpoint (the test client is public: PKCE, no secret). */
async function exchangeCode(
  deps: Pick<AppDeps, 'config'>,
  code: string,
  codeVerifier: string,
  log: Logger,
): Promise<string | null> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: deps.config.cognito.testClientId,
    code: code.slice(0, 2048),
    redirect_uri: testLoginRedirectUri(deps),
    code_verifier: codeVerifier,
  });
  try {
    const response = await fetch(`${deps.config.cognito.domainUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (!response.ok || typeof json?.id_token !== 'string') {
      log.warn('test login code exchange failed', { status: response.status, oauthError: json?.error });
      return null;
    }
    return json.id_token;
  } catch (error) {
    log.warn('test login code exchange failed', { error: (error as Error).name });
    return null;
  }
}
