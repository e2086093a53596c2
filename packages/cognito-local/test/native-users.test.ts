import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, failure, type Harness, startHarness } from './harness.ts';

// Facts: API reference, AdminCreateUser, AdminSetUserPassword, AdminDisableUser, AdminEnableUser, SignUp,
// AdminConfirmSignUp, InitiateAuth and AdminInitiateAuth (Errors); developer guide, password policies and
// username attributes. Each test names the rule it checks.

const PASSWORD = 'Correct-Horse-9';
let h: Harness;
let stateDir: string;
let poolId: string;
let clientId: string;

async function passwordClient(pool: string, options: { secret?: boolean } = {}) {
  const { UserPoolClient } = await h.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: pool,
      ClientName: 'native',
      GenerateSecret: options.secret ?? false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  return { clientId: UserPoolClient?.ClientId ?? '', clientSecret: UserPoolClient?.ClientSecret };
}

const adminSignIn = (username: string, password = PASSWORD, pool = poolId, client = clientId) =>
  h.cognito.send(
    new AdminInitiateAuthCommand({
      UserPoolId: pool,
      ClientId: client,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );

const getUser = (username: string, pool = poolId) =>
  h.cognito.send(new AdminGetUserCommand({ UserPoolId: pool, Username: username }));

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'cognito-local-native-'));
  h = await startHarness({ stateDir });
  poolId = await createPool(h.cognito);
  ({ clientId } = await passwordClient(poolId));
});
afterAll(async () => {
  await h.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('AdminCreateUser', () => {
  it('creates a user in FORCE_CHANGE_PASSWORD with its attributes and a sub, and sends nothing with SUPPRESS', async () => {
    const { User } = await h.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'ada',
        MessageAction: 'SUPPRESS',
        TemporaryPassword: 'Temporary-Pass-1',
        UserAttributes: [
          { Name: 'email', Value: 'ada@example.com' },
          { Name: 'custom:tenant', Value: 'acme' },
        ],
      }),
    );
    expect(User).toMatchObject({ Username: 'ada', Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' });
    const got = await getUser('ada');
    const attributes = Object.fromEntries((got.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    expect(attributes).toMatchObject({ email: 'ada@example.com', 'custom:tenant': 'acme' });
    expect(attributes.sub).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps an scrypt hash of the password, never the password', async () => {
    await h.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'hashed',
        MessageAction: 'SUPPRESS',
        TemporaryPassword: 'Plain-Text-Secret-7',
      }),
    );
    const saved = readFileSync(join(stateDir, 'cognito-local.json'), 'utf8');
    expect(saved).not.toContain('Plain-Text-Secret-7');
    expect(saved).toMatch(/"passwordHash":"scrypt\$/);
  });

  it('refuses a name already taken, case-insensitively, with UsernameExistsException', async () => {
    await h.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'grace', MessageAction: 'SUPPRESS' }));
    const error = await failure(
      h.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'GRACE', MessageAction: 'SUPPRESS' })),
    );
    expect(error.name).toBe('UsernameExistsException');
  });

  it('refuses a temporary password against the policy with InvalidPasswordException, and an unknown attribute', async () => {
    const weak = await failure(
      h.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'weak', TemporaryPassword: 'short' })),
    );
    expect(weak.name).toBe('InvalidPasswordException');
    const unknown = await failure(
      h.cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'odd',
          UserAttributes: [{ Name: 'custom:nope', Value: 'x' }],
        }),
      ),
    );
    expect(unknown.name).toBe('InvalidParameterException');
    await expect(getUser('weak')).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('signs the created user in only to the NEW_PASSWORD_REQUIRED challenge, which a new password answers', async () => {
    await h.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'newbie',
        MessageAction: 'SUPPRESS',
        TemporaryPassword: 'Temporary-Pass-1',
      }),
    );
    const answer = await adminSignIn('newbie', 'Temporary-Pass-1');
    expect(answer.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(answer.AuthenticationResult).toBeUndefined();
    expect(answer.ChallengeParameters?.USER_ID_FOR_SRP).toBe('newbie');
    const respond = (Session: string | undefined, NEW_PASSWORD: string) =>
      h.cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session,
          ChallengeResponses: { USERNAME: 'newbie', NEW_PASSWORD },
        }),
      );
    expect((await failure(respond('x'.repeat(40), PASSWORD))).name).toBe('NotAuthorizedException');
    expect((await failure(respond(answer.Session, 'weak'))).name).toBe('InvalidPasswordException');
    const { AuthenticationResult } = await respond(answer.Session, PASSWORD);
    expect(AuthenticationResult?.IdToken).toBeTruthy();
    expect((await getUser('newbie')).UserStatus).toBe('CONFIRMED');
    expect((await failure(respond(answer.Session, PASSWORD))).name).toBe('NotAuthorizedException');
    expect((await adminSignIn('newbie')).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('gives a FORCE_CHANGE_PASSWORD user a new temporary password with RESEND, and refuses RESEND otherwise', async () => {
    await h.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'resent',
        MessageAction: 'SUPPRESS',
        TemporaryPassword: 'Temporary-Pass-1',
      }),
    );
    await h.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'resent',
        MessageAction: 'RESEND',
        TemporaryPassword: 'Temporary-Pass-2',
      }),
    );
    expect((await failure(adminSignIn('resent', 'Temporary-Pass-1'))).name).toBe('NotAuthorizedException');
    expect((await adminSignIn('resent', 'Temporary-Pass-2')).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const unknown = await failure(
      h.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ghost', MessageAction: 'RESEND' })),
    );
    expect(unknown.name).toBe('UserNotFoundException');
    await h.cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'resent', Password: PASSWORD, Permanent: true }),
    );
    const confirmed = await failure(
      h.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'resent', MessageAction: 'RESEND' })),
    );
    expect(confirmed.name).toBe('UnsupportedUserStateException');
  });

  it('answers the challenge over AdminRespondToAuthChallenge too', async () => {
    await h.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'newbie2',
        MessageAction: 'SUPPRESS',
        TemporaryPassword: 'Temporary-Pass-1',
      }),
    );
    const { Session } = await adminSignIn('newbie2', 'Temporary-Pass-1');
    const { AuthenticationResult } = await h.cognito.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session,
        ChallengeResponses: { USERNAME: 'newbie2', NEW_PASSWORD: PASSWORD },
      }),
    );
    expect(AuthenticationResult?.AccessToken).toBeTruthy();
  });
});

describe('AdminSetUserPassword', () => {
  it('makes a permanent password CONFIRMED and lets the user sign in with it', async () => {
    await h.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'linus', MessageAction: 'SUPPRESS' }));
    await h.cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'linus', Password: PASSWORD, Permanent: true }),
    );
    expect((await getUser('linus')).UserStatus).toBe('CONFIRMED');
    const { AuthenticationResult } = await adminSignIn('linus');
    expect(AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('makes a temporary password FORCE_CHANGE_PASSWORD, and refuses one against the policy', async () => {
    await h.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'temp', MessageAction: 'SUPPRESS' }));
    await h.cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'temp', Password: PASSWORD, Permanent: true }),
    );
    await h.cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'temp', Password: PASSWORD, Permanent: false }),
    );
    expect((await getUser('temp')).UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    const error = await failure(
      h.cognito.send(
        new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'temp', Password: 'alllowercase1!', Permanent: true }),
      ),
    );
    expect(error.name).toBe('InvalidPasswordException');
    const missing = await failure(
      h.cognito.send(
        new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'nobody', Password: PASSWORD, Permanent: true }),
      ),
    );
    expect(missing.name).toBe('UserNotFoundException');
  });
});

describe('AdminDisableUser and AdminEnableUser', () => {
  it('stops a disabled user from signing in and refreshing, and lets them sign in again once enabled', async () => {
    await h.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'eve', MessageAction: 'SUPPRESS' }));
    await h.cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'eve', Password: PASSWORD, Permanent: true }),
    );
    const { AuthenticationResult } = await adminSignIn('eve');
    await h.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'eve' }));
    expect((await getUser('eve')).Enabled).toBe(false);
    expect((await failure(adminSignIn('eve'))).name).toBe('NotAuthorizedException');
    const refresh = await failure(
      h.cognito.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: AuthenticationResult?.RefreshToken ?? '' },
        }),
      ),
    );
    expect(refresh.name).toBe('NotAuthorizedException');
    await h.cognito.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'eve' }));
    expect((await adminSignIn('eve')).AuthenticationResult?.IdToken).toBeTruthy();
  });
});

describe('SignUp and AdminConfirmSignUp', () => {
  it('creates an UNCONFIRMED user who cannot sign in until an administrator confirms them', async () => {
    const answer = await h.cognito.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'sam',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'sam@example.com' }],
      }),
    );
    expect(answer.UserConfirmed).toBe(false);
    expect(answer.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    expect((await getUser('sam')).UserStatus).toBe('UNCONFIRMED');
    expect((await failure(adminSignIn('sam'))).name).toBe('UserNotConfirmedException');
    await h.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'sam' }));
    expect((await getUser('sam')).UserStatus).toBe('CONFIRMED');
    expect((await adminSignIn('sam')).AuthenticationResult?.AccessToken).toBeTruthy();
    const again = await failure(h.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'sam' })));
    expect(again.name).toBe('NotAuthorizedException');
  });

  it('refuses a taken name with UsernameExistsException', async () => {
    await h.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'taken', Password: PASSWORD }));
    const error = await failure(h.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'Taken', Password: PASSWORD })));
    expect(error.name).toBe('UsernameExistsException');
  });

  it.each([
    ['shorter than 8 characters', 'Ab1!xyz'],
    ['without an upper-case letter', 'correct-horse-9'],
    ['without a lower-case letter', 'CORRECT-HORSE-9'],
    ['without a number', 'Correct-Horse-X'],
    ['without a symbol', 'CorrectHorse9'],
  ])('refuses a password %s under the default policy with InvalidPasswordException', async (_case, password) => {
    const error = await failure(
      h.cognito.send(new SignUpCommand({ ClientId: clientId, Username: `weak-${password}`, Password: password })),
    );
    expect(error.name).toBe('InvalidPasswordException');
  });

  it('describes the default policy of a pool that sets none (PasswordPolicyType)', async () => {
    const { UserPool } = await h.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool?.Policies?.PasswordPolicy).toMatchObject({
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
  });

  it("follows the pool's own password policy", async () => {
    const { UserPool } = await h.cognito.send(
      new CreateUserPoolCommand({
        PoolName: 'policy',
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireUppercase: false,
            RequireLowercase: true,
            RequireNumbers: false,
            RequireSymbols: false,
          },
        },
      }),
    );
    const pool = UserPool?.Id ?? '';
    const client = await passwordClient(pool);
    const short = await failure(
      h.cognito.send(new SignUpCommand({ ClientId: client.clientId, Username: 'p1', Password: 'Ab1!Ab1!Ab1' })),
    );
    expect(short.name).toBe('InvalidPasswordException');
    const ok = await h.cognito.send(new SignUpCommand({ ClientId: client.clientId, Username: 'p2', Password: 'plainlowercase' }));
    expect(ok.UserConfirmed).toBe(false);
  });

  it('needs SECRET_HASH from a client with a secret (NotAuthorizedException without it)', async () => {
    const client = await passwordClient(poolId, { secret: true });
    const error = await failure(
      h.cognito.send(new SignUpCommand({ ClientId: client.clientId, Username: 'hashless', Password: PASSWORD })),
    );
    expect(error.name).toBe('NotAuthorizedException');
    const { createHmac } = await import('node:crypto');
    const SecretHash = createHmac('sha256', client.clientSecret ?? '')
      .update(`hashful${client.clientId}`)
      .digest('base64');
    const ok = await h.cognito.send(
      new SignUpCommand({ ClientId: client.clientId, Username: 'hashful', Password: PASSWORD, SecretHash }),
    );
    expect(ok.UserSub).toBeTruthy();
  });
});

describe('email as the user name (UsernameAttributes)', () => {
  let emailPool: string;
  let emailClient: string;
  beforeAll(async () => {
    const { UserPool } = await h.cognito.send(new CreateUserPoolCommand({ PoolName: 'by-email', UsernameAttributes: ['email'] }));
    emailPool = UserPool?.Id ?? '';
    ({ clientId: emailClient } = await passwordClient(emailPool));
  });

  it('names the user by its sub, finds it by email and signs it in by email', async () => {
    const { UserSub } = await h.cognito.send(
      new SignUpCommand({ ClientId: emailClient, Username: 'lin@example.com', Password: PASSWORD }),
    );
    const user = await getUser('lin@example.com', emailPool);
    expect(user.Username).toBe(UserSub);
    expect(user.UserAttributes).toContainEqual({ Name: 'email', Value: 'lin@example.com' });
    await h.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: emailPool, Username: 'lin@example.com' }));
    const { AuthenticationResult } = await adminSignIn('LIN@example.com', PASSWORD, emailPool, emailClient);
    expect(AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('refuses a name that is not an email, and an email already used', async () => {
    const notEmail = await failure(
      h.cognito.send(new SignUpCommand({ ClientId: emailClient, Username: 'lin', Password: PASSWORD })),
    );
    expect(notEmail.name).toBe('InvalidParameterException');
    await h.cognito.send(
      new AdminCreateUserCommand({ UserPoolId: emailPool, Username: 'dup@example.com', MessageAction: 'SUPPRESS' }),
    );
    const duplicate = await failure(
      h.cognito.send(new SignUpCommand({ ClientId: emailClient, Username: 'dup@example.com', Password: PASSWORD })),
    );
    expect(duplicate.name).toBe('UsernameExistsException');
  });
});
