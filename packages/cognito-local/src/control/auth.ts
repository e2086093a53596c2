// InitiateAuth and AdminInitiateAuth with the password and refresh token flows. Source unless said otherwise:
// API reference, InitiateAuth, AdminInitiateAuth (AuthFlow, AuthParameters, Errors) and ExplicitAuthFlowsType;
// developer guide, "Authentication flows".

import type { Engine } from '../engine.ts';
import { CognitoError, invalidParameter, notFound } from '../errors.ts';
import { answerNewPasswordChallenge, apiAuthenticationResult, openPasswordChallenge, passwordSignIn } from '../native/sign-in.ts';
import type { ClientRecord, PoolRecord } from '../state.ts';
import { findClient } from './clients.ts';
import { checkSecretHash } from './native-users.ts';

type Flow =
  | 'USER_PASSWORD_AUTH'
  | 'ADMIN_USER_PASSWORD_AUTH'
  | 'ADMIN_NO_SRP_AUTH'
  | 'REFRESH_TOKEN_AUTH'
  | 'REFRESH_TOKEN'
  | string;

interface AuthInput {
  AuthFlow: Flow;
  AuthParameters?: Record<string, string>;
  ClientMetadata?: Record<string, string>;
}

/**
 * Whether the client allows a flow: ExplicitAuthFlows lists `ALLOW_<flow>` (or a legacy name:
 * `USER_PASSWORD_AUTH`, `ADMIN_NO_SRP_AUTH`). A flow not allowed is InvalidParameterException "<flow> flow
 * not enabled for this client" (public reports, e.g. "USER_PASSWORD_AUTH flow not enabled for this client").
 */
function checkFlowAllowed(client: ClientRecord, allow: string, legacy: string, flow: string) {
  const flows = (client.ExplicitAuthFlows as string[] | undefined) ?? [];
  if (!flows.includes(allow) && !flows.includes(legacy)) throw invalidParameter(`${flow} flow not enabled for this client`);
}

/** Flows this stand-in does not run, on either operation. */
const notEmulated = (flow: string) => invalidParameter(`${flow} is not emulated by this local stand-in.`);

async function passwordFlow(engine: Engine, pool: PoolRecord, client: ClientRecord, input: AuthInput) {
  const parameters = input.AuthParameters ?? {};
  const username = parameters.USERNAME;
  const password = parameters.PASSWORD;
  if (!username) throw invalidParameter('Missing required parameter USERNAME');
  if (password === undefined) throw invalidParameter('Missing required parameter PASSWORD');
  checkSecretHash(client, username, parameters.SECRET_HASH);
  const signIn = await passwordSignIn(engine, {
    pool,
    client,
    username,
    password,
    validationData: input.ClientMetadata ?? {},
  });
  if (signIn.kind === 'new-password-required') {
    // API reference, RespondToAuthChallenge: NEW_PASSWORD_REQUIRED; the attributes are the user's as JSON.
    const { sub: _sub, ...attributes } = signIn.user.Attributes;
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: openPasswordChallenge(engine, pool, client, signIn.user),
      ChallengeParameters: {
        USER_ID_FOR_SRP: signIn.user.Username,
        requiredAttributes: '[]',
        userAttributes: JSON.stringify(attributes),
      },
    };
  }
  return {
    ChallengeParameters: {},
    AuthenticationResult: await apiAuthenticationResult(engine, {
      pool,
      client,
      user: signIn.user,
      triggerSource: 'TokenGeneration_Authentication',
    }),
  };
}

/**
 * REFRESH_TOKEN_AUTH: new ID and access tokens for a refresh token of this client. An unknown, expired or
 * other client's token is NotAuthorizedException "Invalid Refresh Token"; a disabled user's "User is
 * disabled." (public reports). SECRET_HASH, for a client with a secret, is computed over the user's name.
 */
async function refreshFlow(engine: Engine, pool: PoolRecord, client: ClientRecord, input: AuthInput) {
  const parameters = input.AuthParameters ?? {};
  const token = parameters.REFRESH_TOKEN ?? '';
  const grant = engine.signIns.refreshTokens.get(token);
  if (!grant || grant.expiresAt < engine.now().getTime() || grant.clientId !== client.ClientId || grant.poolId !== pool.Id) {
    throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
  }
  const user = pool.users[grant.username];
  if (!user) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
  checkSecretHash(client, user.Username, parameters.SECRET_HASH);
  if (!user.Enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
  return {
    ChallengeParameters: {},
    AuthenticationResult: await apiAuthenticationResult(engine, {
      pool,
      client,
      user,
      triggerSource: 'TokenGeneration_RefreshTokens',
      refresh: { authTime: grant.authTime, originJti: grant.originJti },
    }),
  };
}

/**
 * InitiateAuth: USER_PASSWORD_AUTH (ALLOW_USER_PASSWORD_AUTH) and REFRESH_TOKEN_AUTH. The administrator's
 * flow is refused here with "Initiate Auth method not supported." (public reports).
 */
export async function initiateAuth(engine: Engine, input: AuthInput & { ClientId: string }) {
  const { pool, client } = findClient(engine, input.ClientId);
  switch (input.AuthFlow) {
    case 'USER_PASSWORD_AUTH':
      checkFlowAllowed(client, 'ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH');
      return passwordFlow(engine, pool, client, input);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      checkFlowAllowed(client, 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN_AUTH');
      return refreshFlow(engine, pool, client, input);
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH':
      throw invalidParameter('Initiate Auth method not supported.');
    default:
      throw notEmulated(input.AuthFlow);
  }
}

/** AdminInitiateAuth: ADMIN_USER_PASSWORD_AUTH (ALLOW_ADMIN_USER_PASSWORD_AUTH) and REFRESH_TOKEN_AUTH. */
export async function adminInitiateAuth(engine: Engine, input: AuthInput & { UserPoolId: string; ClientId: string }) {
  const pool = engine.pool(input.UserPoolId);
  const client = pool.clients[input.ClientId];
  if (!client) throw notFound(`User pool client ${input.ClientId} does not exist.`);
  switch (input.AuthFlow) {
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH':
      checkFlowAllowed(client, 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH', 'ADMIN_USER_PASSWORD_AUTH');
      return passwordFlow(engine, pool, client, input);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      checkFlowAllowed(client, 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN_AUTH');
      return refreshFlow(engine, pool, client, input);
    case 'USER_PASSWORD_AUTH':
      throw invalidParameter('Initiate Auth method not supported.');
    default:
      throw notEmulated(input.AuthFlow);
  }
}

interface ChallengeInput {
  ClientId: string;
  ChallengeName: string;
  Session?: string;
  ChallengeResponses?: Record<string, string>;
}

/** Answers NEW_PASSWORD_REQUIRED with NEW_PASSWORD (and USERNAME, SECRET_HASH, `userAttributes.<name>`). */
async function newPassword(engine: Engine, pool: PoolRecord, client: ClientRecord, input: ChallengeInput) {
  if (input.ChallengeName !== 'NEW_PASSWORD_REQUIRED') throw notEmulated(`The ${input.ChallengeName} challenge`);
  const responses = input.ChallengeResponses ?? {};
  const newPasswordValue = responses.NEW_PASSWORD;
  if (!responses.USERNAME) throw invalidParameter('Missing required parameter USERNAME');
  if (newPasswordValue === undefined) throw invalidParameter('Missing required parameter NEW_PASSWORD');
  checkSecretHash(client, responses.USERNAME, responses.SECRET_HASH);
  const prefix = 'userAttributes.';
  const attributes = Object.fromEntries(
    Object.entries(responses)
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, value]) => [name.slice(prefix.length), value]),
  );
  const user = await answerNewPasswordChallenge(engine, {
    pool,
    client,
    session: input.Session ?? '',
    username: responses.USERNAME,
    newPassword: newPasswordValue,
    attributes,
  });
  return {
    ChallengeParameters: {},
    AuthenticationResult: await apiAuthenticationResult(engine, {
      pool,
      client,
      user,
      triggerSource: 'TokenGeneration_NewPasswordChallenge',
    }),
  };
}

/** RespondToAuthChallenge: only NEW_PASSWORD_REQUIRED is answered here. */
export async function respondToAuthChallenge(engine: Engine, input: ChallengeInput) {
  const { pool, client } = findClient(engine, input.ClientId);
  return newPassword(engine, pool, client, input);
}

/** AdminRespondToAuthChallenge: only NEW_PASSWORD_REQUIRED is answered here. */
export async function adminRespondToAuthChallenge(engine: Engine, input: ChallengeInput & { UserPoolId: string }) {
  const pool = engine.pool(input.UserPoolId);
  const client = pool.clients[input.ClientId];
  if (!client) throw notFound(`User pool client ${input.ClientId} does not exist.`);
  return newPassword(engine, pool, client, input);
}
