import { AdminGetUserCommand, CreateIdentityProviderCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DEMO_USERS, startOidcIdp, startSamlIdp, type TestOidcIdp, type TestSamlIdp } from '@gatehouse/test-idps';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preloadSaml } from '../src/index.ts';
import { MiniBrowser } from '../src/testing/index.ts';
import { createOAuthClient, createPool, type Harness, startHarness } from './harness.ts';
import { authorizeUrl, exchangeCode, localJwksCache, pkce } from './sign-in.ts';

const REDIRECT = 'http://127.0.0.1:9/app/callback';
const ENTRA_EMAIL = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';
const ENTRA_GIVEN_NAME = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname';
const alice = DEMO_USERS.find((u) => u.username === 'alice');
if (!alice) throw new Error('the test IdPs have no alice');

let h: Harness;
let saml: TestSamlIdp;
let oidc: TestOidcIdp;
let poolId: string;
let clientId: string;
let base: string;
const OIDC_SECRET = 'oidc-client-secret';

beforeAll(async () => {
  h = await startHarness({ allowLoopbackHttp: true });
  await preloadSaml();
  poolId = await createPool(h.cognito, 'federation');
  base = h.local.domainBaseUrl('federation');
  [saml, oidc] = await Promise.all([
    startSamlIdp({ shape: 'entra' }),
    startOidcIdp({ clients: [{ clientId: 'cognito', clientSecret: OIDC_SECRET, redirectUris: [`${base}/oauth2/idpresponse`] }] }),
  ]);
  saml.registerServiceProvider({ entityId: `urn:amazon:cognito:sp:${poolId}`, acsUrl: `${base}/saml2/idpresponse` });
  await h.cognito.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: 'EntraSaml',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataURL: saml.metadataUrl },
      AttributeMapping: { email: ENTRA_EMAIL, given_name: ENTRA_GIVEN_NAME },
    }),
  );
  await h.cognito.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: 'Oidc',
      ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: 'cognito',
        client_secret: OIDC_SECRET,
        authorize_scopes: 'openid email profile',
        attributes_request_method: 'GET',
        oidc_issuer: oidc.issuer,
      },
      AttributeMapping: { email: 'email', email_verified: 'email_verified', given_name: 'given_name' },
    }),
  );
  ({ clientId } = await createOAuthClient(h.cognito, poolId, ['EntraSaml', 'Oidc'], REDIRECT));
});
afterAll(async () => {
  await Promise.all([h?.stop(), saml?.stop(), oidc?.stop()]);
});

async function signIn(provider: string, username = 'alice') {
  const { verifier, challenge } = pkce();
  const browser = new MiniBrowser(REDIRECT);
  const result = await browser.signIn(
    authorizeUrl(base, { clientId, redirectUri: REDIRECT, provider, state: 'fed', challenge, nonce: 'n' }),
    username,
  );
  const url = new URL(result.finalUrl ?? 'http://invalid/');
  return { result, url, verifier, code: url.searchParams.get('code'), error: url.searchParams.get('error') };
}

async function verifiedIdToken(code: string, verifier: string) {
  const tokens = await exchangeCode(base, { clientId, code, redirectUri: REDIRECT, verifier });
  expect(tokens.status).toBe(200);
  const verifierJwt = JwtRsaVerifier.create(
    { issuer: h.local.issuer(poolId), audience: clientId, jwksUri: h.local.jwksUri(poolId) },
    { jwksCache: await localJwksCache() },
  );
  return verifierJwt.verify(String(tokens.body.id_token));
}

describe('SAML federation through the test SAML IdP', () => {
  it('signs alice in end to end and maps Entra-shaped claims', async () => {
    saml.setBehaviour('normal');
    const { code, verifier, url } = await signIn('EntraSaml');
    expect(url.searchParams.get('state')).toBe('fed');
    expect(code).toBeTruthy();
    const claims = await verifiedIdToken(code ?? '', verifier);
    expect(claims['cognito:username']).toBe(`EntraSaml_${alice.id}`);
    expect(claims.email).toBe(alice.email);
    expect(claims.given_name).toBe(alice.givenName);
    expect(claims['cognito:groups']).toContain(`${poolId}_EntraSaml`);
    expect(claims.identities).toEqual([
      expect.objectContaining({ providerType: 'SAML', issuer: saml.entityId, userId: alice.id }),
    ]);
  });

  it.each(['expired', 'wrong-audience', 'unsigned', 'wrong-issuer', 'bad-signature'] as const)(
    'delivers server_error to the app for a %s response',
    async (behaviour) => {
      saml.setBehaviour(behaviour);
      try {
        const { code, error, url } = await signIn('EntraSaml');
        expect(code).toBeNull();
        expect(error).toBe('server_error');
        expect(url.searchParams.get('state')).toBe('fed');
      } finally {
        saml.setBehaviour('normal');
      }
    },
  );
});

describe('OIDC federation through the test OIDC IdP', () => {
  it('signs alice in end to end with client_secret_post and the ID token checked against the JWKS', async () => {
    const { code, verifier } = await signIn('Oidc');
    expect(code).toBeTruthy();
    const claims = await verifiedIdToken(code ?? '', verifier);
    expect(claims['cognito:username']).toBe(`Oidc_${alice.id}`);
    expect(claims.email).toBe(alice.email);
    expect(claims.email_verified).toBe(true);
    expect(claims.identities).toEqual([
      expect.objectContaining({ providerType: 'OIDC', providerName: 'Oidc', userId: alice.id }),
    ]);
    const user = await h.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: `Oidc_${alice.id}` }));
    expect(user.UserStatus).toBe('EXTERNAL_PROVIDER');
    // The stored attribute has primary as a boolean and dateCreated as a number; the ID token has strings.
    const stored = JSON.parse(user.UserAttributes?.find((a) => a.Name === 'identities')?.Value ?? '[]');
    expect(stored).toEqual([expect.objectContaining({ primary: true, dateCreated: expect.any(Number) })]);
    expect(claims.identities).toEqual([expect.objectContaining({ primary: 'true', dateCreated: String(stored[0].dateCreated) })]);
  });

  it('keys users by the IdP subject: two sign-ins of bob make one user', async () => {
    await signIn('Oidc', 'bob');
    await signIn('Oidc', 'bob');
    const { Users } = await h.cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username ^= "Oidc_"' }));
    expect(Users?.filter((u) => u.Attributes?.some((a) => a.Name === 'email' && a.Value === 'bob@acme.example'))).toHaveLength(1);
  });

  it('delivers the IdP token error to the app when the client secret is wrong', async () => {
    const pool = await createPool(h.cognito, 'oidc-wrong-secret');
    const domainBase = h.local.domainBaseUrl('oidc-wrong-secret');
    oidc.registerClient({
      clientId: 'wrong-secret',
      clientSecret: 'the-real-secret',
      redirectUris: [`${domainBase}/oauth2/idpresponse`],
    });
    await h.cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: pool,
        ProviderName: 'Oidc',
        ProviderType: 'OIDC',
        ProviderDetails: {
          client_id: 'wrong-secret',
          client_secret: 'not-the-secret',
          authorize_scopes: 'openid email',
          attributes_request_method: 'GET',
          oidc_issuer: oidc.issuer,
        },
      }),
    );
    const client = await createOAuthClient(h.cognito, pool, ['Oidc'], REDIRECT);
    const browser = new MiniBrowser(REDIRECT);
    const result = await browser.signIn(
      authorizeUrl(domainBase, { clientId: client.clientId, redirectUri: REDIRECT, provider: 'Oidc', state: 'w' }),
      'alice',
    );
    const url = new URL(result.finalUrl ?? 'http://invalid/');
    expect(url.searchParams.get('code')).toBeNull();
    expect(url.searchParams.get('error')).toBe('invalid_request');
  });

  it('fails against an IdP that only accepts client_secret_basic (Cognito sends client_secret_post only)', async () => {
    const basicOnly = await startOidcIdp({ tokenEndpointAuthMethods: ['client_secret_basic'] });
    try {
      const pool = await createPool(h.cognito, 'oidc-basic-only');
      const domainBase = h.local.domainBaseUrl('oidc-basic-only');
      basicOnly.registerClient({
        clientId: 'basic',
        clientSecret: 'basic-secret',
        redirectUris: [`${domainBase}/oauth2/idpresponse`],
        tokenEndpointAuthMethod: 'client_secret_basic',
      });
      await h.cognito.send(
        new CreateIdentityProviderCommand({
          UserPoolId: pool,
          ProviderName: 'Basic',
          ProviderType: 'OIDC',
          ProviderDetails: {
            client_id: 'basic',
            client_secret: 'basic-secret',
            authorize_scopes: 'openid',
            attributes_request_method: 'GET',
            oidc_issuer: basicOnly.issuer,
          },
        }),
      );
      const client = await createOAuthClient(h.cognito, pool, ['Basic'], REDIRECT);
      const browser = new MiniBrowser(REDIRECT);
      const result = await browser.signIn(
        authorizeUrl(domainBase, { clientId: client.clientId, redirectUri: REDIRECT, provider: 'Basic' }),
        'alice',
      );
      const url = new URL(result.finalUrl ?? 'http://invalid/');
      expect(url.searchParams.get('code')).toBeNull();
      expect(url.searchParams.get('error')).toBe('invalid_request');
    } finally {
      await basicOnly.stop();
    }
  });
});
