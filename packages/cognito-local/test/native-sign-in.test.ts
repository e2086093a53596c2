import { createHmac } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiniBrowser } from '../src/testing/index.ts';
import { validCertificate } from './certificates.ts';
import { createPool, failure, type Harness, samlMetadata, startHarness } from './harness.ts';
import { authorizeUrl, exchangeCode, localJwksCache, pkce } from './sign-in.ts';

// Facts: API reference, InitiateAuth and AdminInitiateAuth (AuthFlow, AuthParameters, Errors), developer
// guide, "Managing error responses", "Computing secret hash values", user pool tokens; managed login with the
// user pool directory (SupportedIdentityProviders COGNITO). Each test names the rule it checks.

const PASSWORD = 'Correct-Horse-9';
const REDIRECT = 'http://127.0.0.1:9/native/callback';
let h: Harness;
let poolId: string;
let base: string;
let apiClient: string;
let webClient: string;

async function confirmedUser(username: string, attributes: Record<string, string> = {}) {
  await h.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  await h.cognito.send(
    new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }),
  );
}

async function client(settings: Record<string, unknown>) {
  const { UserPoolClient } = await h.cognito.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'native', ...settings }),
  );
  return { clientId: UserPoolClient?.ClientId ?? '', clientSecret: UserPoolClient?.ClientSecret ?? '' };
}

const userSignIn = (clientId: string, USERNAME: string, PASSWORD_ = PASSWORD, extra: Record<string, string> = {}) =>
  h.cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME, PASSWORD: PASSWORD_, ...extra },
    }),
  );

async function verify(token: string | undefined, audience: string | null) {
  const verifier = JwtRsaVerifier.create(
    { issuer: h.local.issuer(poolId), jwksUri: h.local.jwksUri(poolId), audience },
    { jwksCache: await localJwksCache() },
  );
  return (await verifier.verify(String(token))) as Record<string, unknown>;
}

beforeAll(async () => {
  h = await startHarness({ allowLoopbackHttp: true });
  poolId = await createPool(h.cognito, 'native-login');
  base = h.local.domainBaseUrl('native-login');
  ({ clientId: apiClient } = await client({
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  await h.cognito.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: 'Corp',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataFile: samlMetadata((await validCertificate()).certificate) },
    }),
  );
  ({ clientId: webClient } = await client({
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email', 'profile'],
    CallbackURLs: [REDIRECT],
    SupportedIdentityProviders: ['COGNITO', 'Corp'],
  }));
  await confirmedUser('ada', { email: 'ada@example.com', email_verified: 'true' });
});
afterAll(() => h.stop());

describe('InitiateAuth and AdminInitiateAuth with a password', () => {
  it('returns ID, access and refresh tokens shaped as Cognito shapes an API sign-in', async () => {
    const { AuthenticationResult } = await userSignIn(apiClient, 'ada');
    expect(AuthenticationResult).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
    const access = await verify(AuthenticationResult?.AccessToken, null);
    expect(access).toMatchObject({
      token_use: 'access',
      client_id: apiClient,
      username: 'ada',
      scope: 'aws.cognito.signin.user.admin',
    });
    const id = await verify(AuthenticationResult?.IdToken, apiClient);
    expect(id).toMatchObject({
      token_use: 'id',
      'cognito:username': 'ada',
      email: 'ada@example.com',
      email_verified: true,
      sub: access.sub,
    });
    expect(AuthenticationResult?.RefreshToken).toBeTruthy();
  });

  it('refreshes with REFRESH_TOKEN_AUTH and at the token endpoint, keeping auth_time', async () => {
    const { AuthenticationResult } = await userSignIn(apiClient, 'ada');
    const first = await verify(AuthenticationResult?.AccessToken, null);
    const refreshed = await h.cognito.send(
      new InitiateAuthCommand({
        ClientId: apiClient,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: AuthenticationResult?.RefreshToken ?? '' },
      }),
    );
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
    expect((await verify(refreshed.AuthenticationResult?.AccessToken, null)).auth_time).toBe(first.auth_time);
    const response = await fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: apiClient,
        refresh_token: AuthenticationResult?.RefreshToken ?? '',
      }).toString(),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Record<string, unknown>).id_token).toBeTruthy();
  });

  it('signs in as an administrator with ADMIN_USER_PASSWORD_AUTH', async () => {
    const { AuthenticationResult } = await h.cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: apiClient,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ada', PASSWORD },
      }),
    );
    expect(AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('answers NotAuthorizedException for a wrong password and UserNotFoundException for an unknown user (LEGACY)', async () => {
    expect((await failure(userSignIn(apiClient, 'ada', 'Wrong-Horse-9'))).name).toBe('NotAuthorizedException');
    expect((await failure(userSignIn(apiClient, 'nobody'))).name).toBe('UserNotFoundException');
  });

  it('hides an unknown user behind NotAuthorizedException when PreventUserExistenceErrors is ENABLED', async () => {
    const { clientId } = await client({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], PreventUserExistenceErrors: 'ENABLED' });
    expect((await failure(userSignIn(clientId, 'nobody'))).name).toBe('NotAuthorizedException');
  });

  it('refuses a flow the client does not allow, and the administrator flow on InitiateAuth (InvalidParameterException)', async () => {
    const { clientId } = await client({ ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    expect((await failure(userSignIn(clientId, 'ada'))).name).toBe('InvalidParameterException');
    const admin = await failure(
      h.cognito.send(
        new InitiateAuthCommand({
          ClientId: apiClient,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'ada', PASSWORD },
        }),
      ),
    );
    expect(admin.name).toBe('InvalidParameterException');
  });

  it('needs SECRET_HASH from a client with a secret', async () => {
    const { clientId, clientSecret } = await client({ GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
    expect((await failure(userSignIn(clientId, 'ada'))).name).toBe('NotAuthorizedException');
    expect((await failure(userSignIn(clientId, 'ada', PASSWORD, { SECRET_HASH: 'd3Jvbmc=' }))).name).toBe(
      'NotAuthorizedException',
    );
    const SECRET_HASH = createHmac('sha256', clientSecret).update(`ada${clientId}`).digest('base64');
    expect((await userSignIn(clientId, 'ada', PASSWORD, { SECRET_HASH })).AuthenticationResult?.AccessToken).toBeTruthy();
  });
});

describe('managed login with the user pool directory (COGNITO)', () => {
  const start = (challenge?: string, provider?: string) =>
    authorizeUrl(base, {
      clientId: webClient,
      redirectUri: REDIRECT,
      state: 'st-1',
      nonce: 'n-1',
      ...(challenge ? { challenge } : {}),
      ...(provider ? { provider } : {}),
    });

  it('shows a labelled user name and password form next to the IdP buttons', async () => {
    const page = await (await fetch(start())).text();
    expect(page).toMatch(/<label for="username">Username<\/label>/);
    expect(page).toMatch(/<input id="username" name="username"/);
    expect(page).toMatch(/<label for="password">Password<\/label>/);
    expect(page).toMatch(/<input id="password" name="password" type="password"/);
    expect(page).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(page).toContain('identity_provider=Corp');
  });

  it('signs a native user in and sends the app a code that redeems for their tokens', async () => {
    const { verifier, challenge } = pkce();
    const result = await new MiniBrowser(REDIRECT).signInWithPassword(start(challenge), 'ada', PASSWORD);
    const url = new URL(result.finalUrl ?? 'http://invalid/');
    expect(url.searchParams.get('state')).toBe('st-1');
    const code = url.searchParams.get('code') ?? '';
    const tokens = await exchangeCode(base, { clientId: webClient, code, redirectUri: REDIRECT, verifier });
    expect(tokens.status).toBe(200);
    const id = await verify(String(tokens.body.id_token), webClient);
    expect(id).toMatchObject({ 'cognito:username': 'ada', nonce: 'n-1', email: 'ada@example.com' });
    expect(tokens.body.refresh_token).toBeTruthy();
  });

  it('goes straight to the form with identity_provider=COGNITO', async () => {
    const result = await new MiniBrowser(REDIRECT).signInWithPassword(start(undefined, 'COGNITO'), 'ada', PASSWORD);
    expect(new URL(result.finalUrl ?? 'http://invalid/').searchParams.get('code')).toBeTruthy();
  });

  it('shows a wrong password on the page, above the form, in a role="alert" element, and sends no code', async () => {
    const result = await new MiniBrowser(REDIRECT).signInWithPassword(start(), 'ada', 'Wrong-Horse-9');
    expect(result.finalUrl).toBeUndefined();
    expect(result.status).toBe(400);
    const body = result.body ?? '';
    expect(body).toMatch(/role="alert"/);
    expect(body.indexOf('role="alert"')).toBeLessThan(body.indexOf('<form'));
    expect(body).toContain('name="password"');
  });

  it('refuses a disabled user on the page too', async () => {
    await confirmedUser('off');
    await h.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'off' }));
    const result = await new MiniBrowser(REDIRECT).signInWithPassword(start(), 'off', PASSWORD);
    expect(result.finalUrl).toBeUndefined();
    expect(result.body).toMatch(/role="alert"/);
  });

  it('asks a user with a temporary password for a new one, refuses one against the policy, then signs them in', async () => {
    await h.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'pending',
        MessageAction: 'SUPPRESS',
        TemporaryPassword: 'Temporary-Pass-1',
      }),
    );
    const asked = await new MiniBrowser(REDIRECT).signInWithPassword(start(), 'pending', 'Temporary-Pass-1');
    expect(asked.finalUrl).toBeUndefined();
    expect(asked.body).toMatch(/<label for="new-password">New password<\/label>/);
    expect(asked.body).toMatch(/<button type="submit">Change password<\/button>/);
    const weak = await new MiniBrowser(REDIRECT).signInWithPassword(start(), 'pending', 'Temporary-Pass-1', {
      newPassword: 'weak',
    });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatch(/role="alert"/);
    expect(weak.body).toContain('name="newPassword"');
    const done = await new MiniBrowser(REDIRECT).signInWithPassword(start(), 'pending', 'Temporary-Pass-1', {
      newPassword: PASSWORD,
    });
    expect(new URL(done.finalUrl ?? 'http://invalid/').searchParams.get('code')).toBeTruthy();
    const again = await new MiniBrowser(REDIRECT).signInWithPassword(start(), 'pending', PASSWORD);
    expect(new URL(again.finalUrl ?? 'http://invalid/').searchParams.get('code')).toBeTruthy();
  });

  it('shows no form to a client without COGNITO, and refuses a post to it', async () => {
    const { clientId } = await client({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: [REDIRECT],
      SupportedIdentityProviders: ['Corp'],
    });
    const url = authorizeUrl(base, { clientId, redirectUri: REDIRECT });
    expect(await (await fetch(url)).text()).not.toContain('name="password"');
    const posted = await fetch(`${base}/login${new URL(url).search}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'ada', password: PASSWORD }).toString(),
    });
    expect(new URL(posted.headers.get('location') ?? 'http://invalid/').searchParams.get('error')).toBe('invalid_request');
  });
});
