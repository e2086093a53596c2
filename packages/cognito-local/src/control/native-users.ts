// Users who sign in with a password kept by the pool ("native" or local users). Source unless said otherwise:
// API reference, AdminCreateUser, AdminSetUserPassword, AdminDisableUser, AdminEnableUser, SignUp,
// AdminConfirmSignUp; developer guide, "Signing up and confirming user accounts" and "Creating user accounts
// as administrator".

import { createHmac, randomUUID } from 'node:crypto';
import type { Engine } from '../engine.ts';
import { CognitoError, invalidParameter } from '../errors.ts';
import { checkPasswordPolicy, generateTemporaryPassword, hashPassword } from '../native/passwords.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../state.ts';
import { type PreSignUpTriggerSource, runPreSignUp } from '../triggers/pre-sign-up.ts';
import { NO_CLIENT } from '../triggers/registry.ts';
import { findClient } from './clients.ts';
import { findUser, lookupUser, userNotFound, usernameAttributes } from './users.ts';

type AttributeInput = Array<{ Name: string; Value?: string }> | undefined;

/** The user as AdminCreateUser and ListUsers show it. */
export const userType = (user: UserRecord) => ({
  Username: user.Username,
  Attributes: Object.entries(user.Attributes).map(([Name, Value]) => ({ Name, Value })),
  UserCreateDate: user.UserCreateDate,
  UserLastModifiedDate: user.UserLastModifiedDate,
  Enabled: user.Enabled,
  UserStatus: user.UserStatus,
});

const toMap = (list: AttributeInput): Record<string, string> | undefined =>
  list ? Object.fromEntries(list.map((a) => [a.Name, a.Value ?? ''])) : undefined;

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+[0-9]{4,15}$/;

/**
 * The stored user name and the attributes a sign-up name stands for. In a pool with UsernameAttributes the
 * name must be an email or phone number of those allowed, becomes that attribute, and the user's stored name
 * is its `sub` ("Amazon Cognito ... generates a UUID-format username", developer guide, username attributes).
 * The refusal texts are Cognito's as public reports quote them.
 */
function nameOfNewUser(pool: PoolRecord, username: string, sub: string): { name: string; attributes: Record<string, string> } {
  const allowed = usernameAttributes(pool);
  if (!allowed.length) return { name: username, attributes: {} };
  if (allowed.includes('email') && EMAIL.test(username)) return { name: sub, attributes: { email: username } };
  if (allowed.includes('phone_number') && PHONE.test(username)) return { name: sub, attributes: { phone_number: username } };
  if (allowed.length === 2) throw invalidParameter('Username should be either an email or a phone number.');
  throw invalidParameter(allowed[0] === 'email' ? 'Username should be an email.' : 'Username should be a phone number.');
}

/**
 * The attributes sent, checked against the schema: each must exist and not be `sub` or `identities`, and the
 * pool's required attributes must all be there ("Attributes did not conform to the schema: ...", public reports).
 */
function checkedAttributes(pool: PoolRecord, sent: Record<string, string>, fromName: Record<string, string>) {
  const schema = new Map(pool.SchemaAttributes.map((a) => [a.Name, a]));
  for (const name of Object.keys(sent)) {
    if (!schema.has(name) || name === 'sub' || name === 'identities') {
      throw invalidParameter(`Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.`);
    }
  }
  for (const [name, value] of Object.entries(fromName)) {
    if (sent[name] !== undefined && sent[name] !== value) {
      throw invalidParameter(`Attributes did not conform to the schema: ${name}: must match the username.`);
    }
  }
  const attributes = { ...sent, ...fromName };
  for (const attribute of pool.SchemaAttributes) {
    if (attribute.Required && attribute.Name !== 'sub' && !attributes[attribute.Name]) {
      throw invalidParameter(`Attributes did not conform to the schema: ${attribute.Name}: The attribute is required`);
    }
  }
  return attributes;
}

/**
 * "User already exists" for a name taken, "An account with the given email already exists." for an email
 * or phone user name (SignUp); AdminCreateUser answers "User account already exists" (public reports).
 * Names are case-insensitive, so a native user can never take a federated user's `<Provider>_<id>` name.
 */
function refuseExisting(pool: PoolRecord, username: string, operation: 'SignUp' | 'AdminCreateUser') {
  if (!lookupUser(pool, username)) return;
  const byAttribute = usernameAttributes(pool).length > 0;
  const message =
    operation === 'AdminCreateUser'
      ? 'User account already exists'
      : byAttribute
        ? `An account with the given ${EMAIL.test(username) ? 'email' : 'phone_number'} already exists.`
        : 'User already exists';
  throw new CognitoError('UsernameExistsException', message);
}

/** Runs the pre sign-up trigger; a refusal is the API error and nothing is created. */
async function preSignUp(
  engine: Engine,
  pool: PoolRecord,
  triggerSource: PreSignUpTriggerSource,
  clientId: string,
  userName: string,
  attributes: Record<string, string>,
  validationData: Record<string, string> | undefined,
  clientMetadata: Record<string, string> | undefined,
) {
  const outcome = await runPreSignUp(engine, {
    pool,
    triggerSource,
    clientId,
    userName,
    userAttributes: attributes,
    validationData,
    clientMetadata,
  });
  if (!outcome.ok) throw new CognitoError(outcome.exception, outcome.description);
  return outcome;
}

type PreSignUpAnswer = Awaited<ReturnType<typeof preSignUp>>;

/**
 * A new native user, as AdminCreateUser and SignUp both make one: the name refused when taken, attributes
 * checked, the pre sign-up trigger run (a refusal creates nothing) and its verification answers applied, the
 * name checked again (a user created while the trigger ran still wins), then the user saved with the status
 * `status` gives for the trigger's answer.
 */
async function createNativeUser(
  engine: Engine,
  pool: PoolRecord,
  request: {
    operation: 'AdminCreateUser' | 'SignUp';
    triggerSource: PreSignUpTriggerSource;
    clientId: string;
    input: {
      Username: string;
      UserAttributes?: AttributeInput;
      ValidationData?: AttributeInput;
      ClientMetadata?: Record<string, string>;
    };
    password: string;
    status: (answer: PreSignUpAnswer) => UserRecord['UserStatus'];
  },
): Promise<{ user: UserRecord; answer: PreSignUpAnswer }> {
  const { input, operation } = request;
  refuseExisting(pool, input.Username, operation);
  const sub = randomUUID();
  const named = nameOfNewUser(pool, input.Username, sub);
  const attributes = checkedAttributes(pool, toMap(input.UserAttributes) ?? {}, named.attributes);
  const answer = await preSignUp(
    engine,
    pool,
    request.triggerSource,
    request.clientId,
    named.name,
    attributes,
    toMap(input.ValidationData),
    input.ClientMetadata,
  );
  if (answer.autoVerifyEmail) attributes.email_verified = 'true';
  if (answer.autoVerifyPhone) attributes.phone_number_verified = 'true';
  refuseExisting(pool, input.Username, operation);
  const now = engine.timestamp();
  const user: UserRecord = {
    Username: named.name,
    Attributes: { sub, ...attributes },
    UserCreateDate: now,
    UserLastModifiedDate: now,
    Enabled: true,
    UserStatus: request.status(answer),
    groups: [],
    passwordHash: await hashPassword(request.password),
  };
  pool.users[user.Username] = user;
  engine.save();
  return { user, answer };
}

/**
 * AdminCreateUser: a user in FORCE_CHANGE_PASSWORD with a temporary password (the one sent, checked against
 * the policy, or a generated one). No message is ever sent here, whatever MessageAction says; `RESEND` gives
 * an existing FORCE_CHANGE_PASSWORD user a new temporary password, as it would resend the invitation (any
 * other status is UnsupportedUserStateException, an error the API reference lists; its text is a guess). The
 * pre sign-up trigger runs as PreSignUp_AdminCreateUser; its autoVerify answers are honoured, autoConfirmUser
 * does not apply (the user must still set a password).
 */
export async function adminCreateUser(
  engine: Engine,
  input: {
    UserPoolId: string;
    Username: string;
    UserAttributes?: AttributeInput;
    ValidationData?: AttributeInput;
    TemporaryPassword?: string;
    MessageAction?: 'RESEND' | 'SUPPRESS';
    ClientMetadata?: Record<string, string>;
  },
) {
  const pool = engine.pool(input.UserPoolId);
  if (input.TemporaryPassword !== undefined) checkPasswordPolicy(pool, input.TemporaryPassword);
  const password = input.TemporaryPassword ?? generateTemporaryPassword(pool);
  if (input.MessageAction === 'RESEND') {
    const user = findUser(pool, input.Username);
    if (user.UserStatus !== 'FORCE_CHANGE_PASSWORD') {
      throw new CognitoError(
        'UnsupportedUserStateException',
        `Resend not possible. ${user.Username} status is not FORCE_CHANGE_PASSWORD`,
      );
    }
    user.passwordHash = await hashPassword(password);
    user.UserLastModifiedDate = engine.timestamp();
    engine.save();
    return { User: userType(user) };
  }
  const { user } = await createNativeUser(engine, pool, {
    operation: 'AdminCreateUser',
    triggerSource: 'PreSignUp_AdminCreateUser',
    clientId: NO_CLIENT,
    input,
    password,
    status: () => 'FORCE_CHANGE_PASSWORD',
  });
  return { User: userType(user) };
}

/** Federated users have no password in the pool; setting one is refused (not documented: a guess). */
function nativeUser(pool: PoolRecord, username: string): UserRecord {
  const user = findUser(pool, username);
  if (user.UserStatus === 'EXTERNAL_PROVIDER') {
    throw invalidParameter('A user of an external identity provider has no password in the user pool.');
  }
  return user;
}

/**
 * AdminSetUserPassword: "a permanent password ... changes the status to CONFIRMED"; a temporary one puts the
 * user in FORCE_CHANGE_PASSWORD. The password must meet the pool's policy.
 */
export async function adminSetUserPassword(
  engine: Engine,
  input: { UserPoolId: string; Username: string; Password: string; Permanent?: boolean },
) {
  const pool = engine.pool(input.UserPoolId);
  const user = nativeUser(pool, input.Username);
  checkPasswordPolicy(pool, input.Password);
  user.passwordHash = await hashPassword(input.Password);
  user.UserStatus = input.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  user.UserLastModifiedDate = engine.timestamp();
  engine.save();
  return {};
}

/**
 * AdminDisableUser: "Deactivates a user profile and revokes all access tokens for the user. A deactivated
 * user can't sign in". Its refresh tokens are dropped too, so they stay dead when the user is enabled again
 * (a guess: the stricter reading).
 */
export function adminDisableUser(engine: Engine, input: { UserPoolId: string; Username: string }) {
  const pool = engine.pool(input.UserPoolId);
  const user = findUser(pool, input.Username);
  user.Enabled = false;
  user.UserLastModifiedDate = engine.timestamp();
  for (const [token, grant] of engine.signIns.refreshTokens) {
    if (grant.poolId === pool.Id && grant.username === user.Username) engine.signIns.refreshTokens.delete(token);
  }
  engine.save();
  return {};
}

export function adminEnableUser(engine: Engine, input: { UserPoolId: string; Username: string }) {
  const user = findUser(engine.pool(input.UserPoolId), input.Username);
  user.Enabled = true;
  user.UserLastModifiedDate = engine.timestamp();
  engine.save();
  return {};
}

/** SECRET_HASH: Base64(HMAC-SHA256(key = client secret, message = username + client id)) (developer guide, computing secret hash values). */
export const secretHash = (client: ClientRecord, username: string) =>
  createHmac('sha256', client.ClientSecret ?? '')
    .update(username + client.ClientId)
    .digest('base64');

/**
 * A client with a secret must send SECRET_HASH; a missing or wrong one is NotAuthorizedException "Unable to
 * verify secret hash for client <id>" (public reports, e.g. aws-amplify/amplify-js #277).
 */
export function checkSecretHash(client: ClientRecord, username: string, sent: string | undefined): void {
  if (!client.ClientSecret) return;
  if (sent !== secretHash(client, username)) {
    throw new CognitoError('NotAuthorizedException', `Unable to verify secret hash for client ${client.ClientId}`);
  }
}

/**
 * SignUp: a user in UNCONFIRMED unless the pre sign-up trigger confirms it (autoConfirmUser). The password is
 * required here: the passwordless sign-up of choice-based pools is not emulated. No confirmation code is sent;
 * AdminConfirmSignUp confirms the user.
 */
export async function signUp(
  engine: Engine,
  input: {
    ClientId: string;
    SecretHash?: string;
    Username: string;
    Password?: string;
    UserAttributes?: AttributeInput;
    ValidationData?: AttributeInput;
    ClientMetadata?: Record<string, string>;
  },
) {
  const { pool, client } = findClient(engine, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  if (input.Password === undefined) throw invalidParameter('Password is required: passwordless sign-up is not emulated.');
  checkPasswordPolicy(pool, input.Password);
  const { user, answer } = await createNativeUser(engine, pool, {
    operation: 'SignUp',
    triggerSource: 'PreSignUp_SignUp',
    clientId: client.ClientId,
    input,
    password: input.Password,
    status: (trigger) => (trigger.autoConfirmUser ? 'CONFIRMED' : 'UNCONFIRMED'),
  });
  return { UserConfirmed: answer.autoConfirmUser, UserSub: user.Attributes.sub };
}

/**
 * AdminConfirmSignUp confirms an UNCONFIRMED user; any other status is NotAuthorizedException "User cannot be
 * confirmed. Current status is <status>" (public reports).
 */
export function adminConfirmSignUp(engine: Engine, input: { UserPoolId: string; Username: string }) {
  const pool = engine.pool(input.UserPoolId);
  const user = lookupUser(pool, input.Username);
  if (!user) throw userNotFound();
  if (user.UserStatus !== 'UNCONFIRMED') {
    throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.UserStatus}`);
  }
  user.UserStatus = 'CONFIRMED';
  user.UserLastModifiedDate = engine.timestamp();
  engine.save();
  return {};
}
