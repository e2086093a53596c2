import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DEMO_USERS, startOidcIdp, type TestOidcIdp } from '@gatehouse/test-idps';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalLambda, PreAuthenticationEvent, PreSignUpEvent } from '../src/index.ts';
import { MiniBrowser } from '../src/testing/index.ts';
import { createOidcPool, failure, type Harness, startHarness } from './harness.ts';
import { authorizeUrl } from './sign-in.ts';

// Facts: developer guide, "Pre authentication Lambda trigger", "Pre sign-up Lambda trigger" and "Lambda
// triggers" (common parameters, errors); API reference, InitiateAuth, SignUp and AdminCreateUser (Errors).
// Each test names the rule it checks.

const PRE_AUTH = 'arn:aws:lambda:eu-west-1:000000000000:function:pre-auth';
const PRE_SIGN_UP = 'arn:aws:lambda:eu-west-1:000000000000:function:pre-sign-up';
const REDIRECT = 'http://127.0.0.1:9/triggers/callback';
const PASSWORD = 'Correct-Horse-9';
const alice = DEMO_USERS.find((u) => u.username === 'alice');
if (!alice) throw new Error('the test IdPs have no alice');

let h: Harness;
let oidc: TestOidcIdp;
const passThrough: LocalLambda = async (event) => event;
let preAuth: LocalLambda = passThrough;
let preSignUp: LocalLambda = passThrough;
const events: Array<PreAuthenticationEvent | PreSignUpEvent> = [];

interface TriggerPool {
  poolId: string;
  apiClient: string;
  webClient: string;
  base: string;
}

/** A pool with both triggers, an OIDC IdP, an API client and a managed login client offering COGNITO and the IdP. */
async function triggerPool(domain: string): Promise<TriggerPool> {
  const { poolId, base } = await createOidcPool(h, oidc, domain, {
    lambdaConfig: { PreAuthentication: PRE_AUTH, PreSignUp: PRE_SIGN_UP },
    attributeMapping: { email: 'email' },
  });
  const api = await h.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'api',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const web = await h.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'web',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [REDIRECT],
      SupportedIdentityProviders: ['COGNITO', 'Oidc'],
    }),
  );
  return { poolId, apiClient: api.UserPoolClient?.ClientId ?? '', webClient: web.UserPoolClient?.ClientId ?? '', base };
}

async function nativeUser(pool: TriggerPool, username: string) {
  await h.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
  await h.cognito.send(
    new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: username, Password: PASSWORD, Permanent: true }),
  );
}

const apiSignIn = (pool: TriggerPool, username: string, metadata?: Record<string, string>) =>
  h.cognito.send(
    new InitiateAuthCommand({
      ClientId: pool.apiClient,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
      ...(metadata ? { ClientMetadata: metadata } : {}),
    }),
  );

/** A federated sign-in of alice through the test OIDC IdP; what the app's redirect_uri received. */
async function federatedSignIn(pool: TriggerPool) {
  const result = await new MiniBrowser(REDIRECT).signIn(
    authorizeUrl(pool.base, { clientId: pool.webClient, redirectUri: REDIRECT, provider: 'Oidc', state: 'st' }),
    'alice',
  );
  const url = new URL(result.finalUrl ?? 'http://invalid/');
  return { code: url.searchParams.get('code'), error: url.searchParams.get('error') };
}

const throwing =
  (message: string): LocalLambda =>
  async () => {
    throw new Error(message);
  };
const ofSource = (source: string) => events.filter((e) => e.triggerSource === source);

let shared: TriggerPool;

beforeAll(async () => {
  h = await startHarness({
    allowLoopbackHttp: true,
    triggerTimeoutMs: 150,
    lambdas: {
      [PRE_AUTH]: (event) => {
        events.push(event as PreAuthenticationEvent);
        return preAuth(event);
      },
      [PRE_SIGN_UP]: (event) => {
        events.push(event as PreSignUpEvent);
        return preSignUp(event);
      },
    },
  });
  oidc = await startOidcIdp();
  shared = await triggerPool('auth-triggers');
  await nativeUser(shared, 'ada');
});
afterAll(async () => {
  await Promise.all([h?.stop(), oidc?.stop()]);
});
beforeEach(() => {
  events.length = 0;
  preAuth = passThrough;
  preSignUp = passThrough;
});

describe('the pre authentication trigger', () => {
  it('runs before an InitiateAuth password sign-in with the user, its attributes and ClientMetadata as validationData', async () => {
    await apiSignIn(shared, 'ada', { device: 'laptop' });
    expect(ofSource('PreAuthentication_Authentication')).toHaveLength(1);
    expect(events[0]).toMatchObject({
      version: '1',
      triggerSource: 'PreAuthentication_Authentication',
      region: 'eu-west-1',
      userPoolId: shared.poolId,
      userName: 'ada',
      callerContext: { clientId: shared.apiClient },
      request: {
        userAttributes: { email: 'ada@example.com', 'cognito:user_status': 'CONFIRMED' },
        validationData: { device: 'laptop' },
      },
    });
  });

  it('fails the sign-in with UserLambdaValidationException when it throws, over InitiateAuth and AdminInitiateAuth', async () => {
    preAuth = throwing('Sign-in is closed for this tenant');
    const user = await failure(apiSignIn(shared, 'ada'));
    expect(user.name).toBe('UserLambdaValidationException');
    const admin = await failure(
      h.cognito.send(
        new AdminInitiateAuthCommand({
          UserPoolId: shared.poolId,
          ClientId: shared.apiClient,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'ada', PASSWORD },
        }),
      ),
    );
    expect(admin.name).toBe('UserLambdaValidationException');
  });

  it('fails the sign-in with UnexpectedLambdaException when its function has no handler', async () => {
    h.local.unregisterLambda(PRE_AUTH);
    try {
      expect((await failure(apiSignIn(shared, 'ada'))).name).toBe('UnexpectedLambdaException');
    } finally {
      h.local.registerLambda(PRE_AUTH, (event) => {
        events.push(event as PreAuthenticationEvent);
        return preAuth(event);
      });
    }
  });

  it('shows its error above the managed login form and sends no code', async () => {
    preAuth = throwing('Sign-in is closed for this tenant');
    const result = await new MiniBrowser(REDIRECT).signInWithPassword(
      authorizeUrl(shared.base, { clientId: shared.webClient, redirectUri: REDIRECT }),
      'ada',
      PASSWORD,
    );
    expect(result.finalUrl).toBeUndefined();
    const alert = /<p[^>]*role="alert"[^>]*>([^<]*)<\/p>/.exec(result.body ?? '')?.[1] ?? '';
    expect(alert).toContain('Sign-in is closed for this tenant');
    expect(ofSource('PreAuthentication_Authentication')).toHaveLength(1);
  });

  it('lets the managed login sign-in through when it returns', async () => {
    const result = await new MiniBrowser(REDIRECT).signInWithPassword(
      authorizeUrl(shared.base, { clientId: shared.webClient, redirectUri: REDIRECT }),
      'ada',
      PASSWORD,
    );
    expect(new URL(result.finalUrl ?? 'http://invalid/').searchParams.get('code')).toBeTruthy();
    expect(events[0]).toMatchObject({ callerContext: { clientId: shared.webClient } });
  });

  it('is not invoked for a federated sign-in', async () => {
    const { code } = await federatedSignIn(shared);
    expect(code).toBeTruthy();
    expect(ofSource('PreAuthentication_Authentication')).toHaveLength(0);
  });
});

describe('the pre sign-up trigger', () => {
  it('runs at SignUp as PreSignUp_SignUp, and its autoConfirmUser and autoVerifyEmail are honoured', async () => {
    preSignUp = async (event) => ({
      ...(event as PreSignUpEvent),
      response: { autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: false },
    });
    const answer = await h.cognito.send(
      new SignUpCommand({
        ClientId: shared.apiClient,
        Username: 'sid',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'sid@example.com' }],
        ValidationData: [{ Name: 'invite', Value: 'abc' }],
      }),
    );
    expect(answer.UserConfirmed).toBe(true);
    expect(events[0]).toMatchObject({
      version: '1',
      triggerSource: 'PreSignUp_SignUp',
      userPoolId: shared.poolId,
      userName: 'sid',
      callerContext: { clientId: shared.apiClient },
      request: { userAttributes: { email: 'sid@example.com' }, validationData: { invite: 'abc' } },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    const user = await h.cognito.send(new AdminGetUserCommand({ UserPoolId: shared.poolId, Username: 'sid' }));
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
    expect((await apiSignIn(shared, 'sid')).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('refuses the sign-up with UserLambdaValidationException when it throws, and creates nothing', async () => {
    preSignUp = throwing('Use your company sign-in');
    const error = await failure(
      h.cognito.send(new SignUpCommand({ ClientId: shared.apiClient, Username: 'blocked', Password: PASSWORD })),
    );
    expect(error.name).toBe('UserLambdaValidationException');
    const lookup = await failure(h.cognito.send(new AdminGetUserCommand({ UserPoolId: shared.poolId, Username: 'blocked' })));
    expect(lookup.name).toBe('UserNotFoundException');
  });

  it('fails a sign-up whose response asks to verify an email the user does not have (InvalidLambdaResponseException)', async () => {
    preSignUp = async (event) => ({ ...(event as PreSignUpEvent), response: { autoVerifyEmail: true } });
    const error = await failure(
      h.cognito.send(new SignUpCommand({ ClientId: shared.apiClient, Username: 'noemail', Password: PASSWORD })),
    );
    expect(error.name).toBe('InvalidLambdaResponseException');
  });

  it('runs at AdminCreateUser as PreSignUp_AdminCreateUser, and a throw creates nothing', async () => {
    await h.cognito.send(new AdminCreateUserCommand({ UserPoolId: shared.poolId, Username: 'made', MessageAction: 'SUPPRESS' }));
    expect(events[0]).toMatchObject({
      triggerSource: 'PreSignUp_AdminCreateUser',
      userName: 'made',
      callerContext: { clientId: 'CLIENT_ID_NOT_APPLICABLE' },
    });
    preSignUp = throwing('No');
    const error = await failure(
      h.cognito.send(new AdminCreateUserCommand({ UserPoolId: shared.poolId, Username: 'unmade', MessageAction: 'SUPPRESS' })),
    );
    expect(error.name).toBe('UserLambdaValidationException');
    const lookup = await failure(h.cognito.send(new AdminGetUserCommand({ UserPoolId: shared.poolId, Username: 'unmade' })));
    expect(lookup.name).toBe('UserNotFoundException');
  });

  it('runs at the first federated sign-in only, as PreSignUp_ExternalProvider', async () => {
    const pool = await triggerPool('auth-triggers-federated');
    preSignUp = async (event) => ({ ...(event as PreSignUpEvent), response: { autoVerifyEmail: true } });
    expect((await federatedSignIn(pool)).code).toBeTruthy();
    expect(ofSource('PreSignUp_ExternalProvider')).toEqual([
      expect.objectContaining({
        userName: `Oidc_${alice.id}`,
        userPoolId: pool.poolId,
        callerContext: expect.objectContaining({ clientId: pool.webClient }),
        request: expect.objectContaining({ userAttributes: expect.objectContaining({ email: alice.email }) }),
      }),
    ]);
    const user = await h.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: `Oidc_${alice.id}` }));
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
    events.length = 0;
    expect((await federatedSignIn(pool)).code).toBeTruthy();
    expect(ofSource('PreSignUp_ExternalProvider')).toHaveLength(0);
  });

  it('refuses a first federated sign-in when it throws: the app gets an error and no user is created', async () => {
    const pool = await triggerPool('auth-triggers-refused');
    preSignUp = throwing('Not invited');
    const { code, error } = await federatedSignIn(pool);
    expect({ code, error }).toEqual({ code: null, error: 'invalid_request' });
    const { Users } = await h.cognito.send(new ListUsersCommand({ UserPoolId: pool.poolId }));
    expect(Users).toEqual([]);
  });
});

describe('native and federated users do not mix', () => {
  it('refuses a federated sign-in onto a native user who holds the federated name, and a password sign-in of a federated user', async () => {
    const pool = await triggerPool('auth-triggers-names');
    await nativeUser(pool, `oidc_${alice.id}`);
    const { code, error } = await federatedSignIn(pool);
    expect(code).toBeNull();
    expect(error).toBe('invalid_request');
    const user = await h.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: `Oidc_${alice.id}` }));
    expect(user.UserStatus).toBe('CONFIRMED');

    const other = await triggerPool('auth-triggers-names-2');
    expect((await federatedSignIn(other)).code).toBeTruthy();
    const signIn = await failure(apiSignIn(other, `Oidc_${alice.id}`));
    expect(signIn.name).toBe('NotAuthorizedException');
    const signUp = await failure(
      h.cognito.send(new SignUpCommand({ ClientId: other.apiClient, Username: `OIDC_${alice.id}`, Password: PASSWORD })),
    );
    expect(signUp.name).toBe('UsernameExistsException');
  });
});
