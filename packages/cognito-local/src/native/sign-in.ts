// Password sign-in of native users, shared by InitiateAuth, AdminInitiateAuth and the managed login form.
// Source unless said otherwise: API reference, InitiateAuth and AdminInitiateAuth (Errors); developer guide,
// "Managing error responses" and "Pre authentication Lambda trigger".

import { randomUUID } from 'node:crypto';
import { lookupUser } from '../control/users.ts';
import type { Engine } from '../engine.ts';
import { CognitoError } from '../errors.ts';
import { randomToken } from '../federation/sessions.ts';
import { issueTokens, validitySeconds } from '../federation/tokens.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../state.ts';
import { runPreAuthentication } from '../triggers/pre-authentication.ts';
import { type PreTokenGenerationTriggerSource, runPreTokenGeneration } from '../triggers/pre-token-generation.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.ts';

/** "Incorrect username or password.": Cognito's NotAuthorizedException for a failed password sign-in. */
export const incorrectPassword = () => new CognitoError('NotAuthorizedException', 'Incorrect username or password.');

export type PasswordSignIn =
  | { kind: 'signed-in'; user: UserRecord }
  /** FORCE_CHANGE_PASSWORD: the NEW_PASSWORD_REQUIRED challenge instead of tokens. */
  | { kind: 'new-password-required'; user: UserRecord };

/**
 * Checks a user name and password as Cognito does, throwing its exception when the sign-in fails:
 *
 * - an unknown user is UserNotFoundException "User does not exist." unless the client's
 *   PreventUserExistenceErrors is ENABLED, then NotAuthorizedException "Incorrect username or password."
 *   ("Managing error responses"); the pre authentication trigger runs for it only then, with `userNotFound`;
 * - the pre authentication trigger runs before the password is checked (it is told about users that do not
 *   exist, so it cannot depend on the password) and a throw fails the sign-in with UserLambdaValidationException
 *   "PreAuthentication failed with error <message>." (developer guide, Lambda triggers);
 * - a user of an external IdP (which has no password here), and a wrong password, are NotAuthorizedException
 *   "Incorrect username or password."; a disabled user is NotAuthorizedException "User is disabled." ("If a
 *   user is disabled and the password is incorrect, the error will also indicate that either the username or
 *   password is incorrect", so the password is checked first);
 * - then the status: UNCONFIRMED is UserNotConfirmedException "User is not confirmed.", RESET_REQUIRED
 *   PasswordResetRequiredException "Password reset required for the user", FORCE_CHANGE_PASSWORD the
 *   NEW_PASSWORD_REQUIRED challenge (texts: public reports).
 */
export async function passwordSignIn(
  engine: Engine,
  input: { pool: PoolRecord; client: ClientRecord; username: string; password: string; validationData: Record<string, string> },
): Promise<PasswordSignIn> {
  const { pool, client } = input;
  const hidden = client.PreventUserExistenceErrors === 'ENABLED';
  const user = lookupUser(pool, input.username);
  if (!user) {
    if (!hidden) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    const trigger = await runPreAuthentication(engine, {
      pool,
      clientId: client.ClientId,
      userName: input.username,
      userAttributes: {},
      validationData: input.validationData,
      userNotFound: true,
    });
    if (!trigger.ok) throw new CognitoError(trigger.exception, trigger.description);
    throw incorrectPassword();
  }
  // A federated user has no password here and is no candidate for a password sign-in: refused before the
  // trigger, which only hears of password sign-ins (a guess).
  if (user.UserStatus === 'EXTERNAL_PROVIDER') throw incorrectPassword();
  const trigger = await runPreAuthentication(engine, {
    pool,
    clientId: client.ClientId,
    userName: user.Username,
    userAttributes: { ...user.Attributes, 'cognito:user_status': user.UserStatus },
    validationData: input.validationData,
    ...(hidden ? { userNotFound: false } : {}),
  });
  if (!trigger.ok) throw new CognitoError(trigger.exception, trigger.description);
  if (!(await verifyPassword(input.password, user.passwordHash))) throw incorrectPassword();
  if (!user.Enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
  switch (user.UserStatus) {
    case 'UNCONFIRMED':
      throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
    case 'RESET_REQUIRED':
      throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
    case 'FORCE_CHANGE_PASSWORD':
      return { kind: 'new-password-required', user };
    default:
      return { kind: 'signed-in', user };
  }
}

/**
 * Opens a NEW_PASSWORD_REQUIRED session: its `Session` value, good for the client's AuthSessionValidity
 * (3 to 15 minutes, default 3: API reference, CreateUserPoolClient).
 */
export function openPasswordChallenge(engine: Engine, pool: PoolRecord, client: ClientRecord, user: UserRecord): string {
  const session = randomToken(48);
  const minutes = typeof client.AuthSessionValidity === 'number' ? client.AuthSessionValidity : 3;
  engine.signIns.challenges.set(session, {
    poolId: pool.Id,
    clientId: client.ClientId,
    username: user.Username,
    expiresAt: engine.now().getTime() + minutes * 60_000,
  });
  return session;
}

/**
 * Answers NEW_PASSWORD_REQUIRED: the session must be this client's and alive (NotAuthorizedException "Invalid
 * session for the user.", public reports), USERNAME, when given, the user's, the new password within the
 * policy. The user gets the password and CONFIRMED, and any `userAttributes.<name>` sent ("the challenge
 * response can include ... required attributes", API reference, RespondToAuthChallenge) that the schema has
 * and the client may write. The session is used up only by a success, so a refused password can be retried.
 */
export async function answerNewPasswordChallenge(
  engine: Engine,
  input: {
    pool: PoolRecord;
    client: ClientRecord;
    session: string;
    username?: string | undefined;
    newPassword: string;
    attributes: Record<string, string>;
  },
): Promise<UserRecord> {
  const { pool, client } = input;
  const open = engine.signIns.challenges.get(input.session);
  const user = open ? pool.users[open.username] : undefined;
  const invalid = () => new CognitoError('NotAuthorizedException', 'Invalid session for the user.');
  if (!open || !user || open.expiresAt < engine.now().getTime() || open.poolId !== pool.Id || open.clientId !== client.ClientId) {
    throw invalid();
  }
  if (input.username !== undefined && lookupUser(pool, input.username) !== user) throw invalid();
  checkPasswordPolicy(pool, input.newPassword);
  const schema = new Set(pool.SchemaAttributes.map((a) => a.Name));
  const writable = client.WriteAttributes as string[] | undefined;
  for (const name of Object.keys(input.attributes)) {
    if (!schema.has(name) || name === 'sub' || name === 'identities' || (writable && !writable.includes(name))) {
      throw new CognitoError('InvalidParameterException', `Invalid user attributes: ${name}: Attribute cannot be updated.`);
    }
  }
  engine.signIns.challenges.delete(input.session);
  Object.assign(user.Attributes, input.attributes);
  user.passwordHash = await hashPassword(input.newPassword);
  user.UserStatus = 'CONFIRMED';
  user.UserLastModifiedDate = engine.timestamp();
  engine.save();
  return user;
}

/** The scope of the access token an API sign-in issues. */
export const API_SCOPES = ['aws.cognito.signin.user.admin'];

/**
 * The AuthenticationResult of an API sign-in: ID, access and refresh tokens as the token endpoint issues
 * them, after the pre token generation trigger (a failure is its API exception). The refresh token also
 * works at the token endpoint's refresh_token grant.
 */
export async function apiAuthenticationResult(
  engine: Engine,
  input: {
    pool: PoolRecord;
    client: ClientRecord;
    user: UserRecord;
    triggerSource: PreTokenGenerationTriggerSource;
    /** A refresh: no new refresh token, and the sign-in's auth_time and origin_jti are kept. */
    refresh?: { authTime: number; originJti: string };
  },
) {
  const { pool, client, user } = input;
  const trigger = await runPreTokenGeneration(engine, {
    pool,
    clientId: client.ClientId,
    user,
    scopes: API_SCOPES,
    triggerSource: input.triggerSource,
  });
  if (!trigger.ok) throw new CognitoError(trigger.exception, trigger.description);
  const authTime = input.refresh?.authTime ?? Math.floor(engine.now().getTime() / 1000);
  const originJti = input.refresh?.originJti ?? randomUUID();
  const tokens = await issueTokens(engine, pool, client, user, {
    scopes: API_SCOPES,
    authTime,
    originJti,
    alwaysIdToken: true,
    ...(trigger.overrides ? { overrides: trigger.overrides } : {}),
  });
  const result = {
    AccessToken: tokens.access_token,
    ExpiresIn: tokens.expires_in,
    TokenType: tokens.token_type,
    IdToken: tokens.id_token,
  };
  if (input.refresh) return result;
  const refreshToken = randomToken(64);
  engine.signIns.refreshTokens.set(refreshToken, {
    poolId: pool.Id,
    clientId: client.ClientId,
    username: user.Username,
    scopes: API_SCOPES,
    authTime,
    originJti,
    alwaysIdToken: true,
    expiresAt: engine.now().getTime() + validitySeconds(client, 'RefreshToken') * 1000,
  });
  return { ...result, RefreshToken: refreshToken };
}
