import { randomUUID } from 'node:crypto';
import type { Engine } from '../engine.ts';
import type { ClientRecord, IdpRecord, PoolRecord, UserRecord } from '../state.ts';
import { runPreSignUp } from '../triggers/pre-sign-up.ts';
import { runPreTokenGeneration } from '../triggers/pre-token-generation.ts';
import { FederationError } from './errors.ts';
import { upsertFederatedUser } from './federated-users.ts';
import { errorPage, redirectError } from './responses.ts';
import { type AuthorizeSession, CODE_TTL_MS } from './sessions.ts';

/**
 * Finishes a managed-login sign-in of a user: pre token generation trigger, authorization code, redirect to
 * the app. Cognito runs the trigger during authentication, and its errors reach the app as query
 * parameters of the callback URL (developer guide, Lambda triggers); `invalid_request` is the `error` a
 * public report shows next to "PreTokenGeneration failed with error ...".
 */
export async function issueCode(
  engine: Engine,
  session: Pick<AuthorizeSession, 'redirectUri' | 'state' | 'nonce' | 'codeChallenge' | 'scopes'>,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
): Promise<Response> {
  const now = () => engine.now().getTime();
  const trigger = await runPreTokenGeneration(engine, {
    pool,
    clientId: client.ClientId,
    user,
    scopes: session.scopes,
    triggerSource: 'TokenGeneration_HostedAuth',
  });
  if (!trigger.ok) return redirectError(session.redirectUri, session.state, 'invalid_request', trigger.description);
  const code = randomUUID();
  engine.signIns.codes.set(code, {
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
}

/**
 * Finishes a federated sign-in: the user is created or updated (the pre sign-up trigger runs at the first
 * sign-in, as PreSignUp_ExternalProvider: developer guide, pre sign-up trigger), then the code is issued.
 * The pre authentication trigger is not invoked: the guide ties it to InitiateAuth and AdminInitiateAuth
 * and to users whose password the pool checks; that it never fires for a federated sign-in is a guess.
 */
export async function completeFederatedSignIn(
  engine: Engine,
  session: AuthorizeSession,
  pool: PoolRecord,
  idp: IdpRecord,
  subject: string,
  claims: Record<string, string | string[] | undefined>,
  issuer: string | null,
): Promise<Response> {
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
  return issueCode(engine, session, pool, client, user);
}
