import {
  AdminGetUserCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  ListUsersCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preloadSaml } from '../src/index.ts';
import { type TestCertificate, validCertificate } from './certificates.ts';
import { createOAuthClient, createPool, type Harness, startHarness } from './harness.ts';
import { authnRequestId, fixtureMetadata, type ResponseOptions, signedResponse } from './saml-fixture.ts';
import { authorizeUrl, exchangeCode, type Outcome, outcomeOf, pkce, postSamlResponse } from './sign-in.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
let h: Harness;
let idpCert: TestCertificate;
let poolId: string;
let clientId: string;
let base: string;

beforeAll(async () => {
  h = await startHarness({ allowLoopbackHttp: true });
  await preloadSaml();
  idpCert = await validCertificate();
  poolId = await createPool(h.cognito, 'managed');
  await h.cognito.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: 'Corp',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataFile: fixtureMetadata(idpCert) },
      AttributeMapping: { email: 'email', given_name: 'first', 'custom:tenant': 'tenant' },
      IdpIdentifiers: ['corp.example'],
    }),
  );
  ({ clientId } = await createOAuthClient(h.cognito, poolId, ['Corp'], REDIRECT));
  base = h.local.domainBaseUrl('managed');
});
afterAll(() => h.stop());

const get = (url: string) => fetch(url, { redirect: 'manual' });

/** Runs a whole SAML sign-in through the fixture IdP and returns what the app received. */
async function samlSignIn(
  o: Partial<ResponseOptions> & { client?: string; pool?: string; base?: string; provider?: string } = {},
): Promise<Outcome & { verifier: string }> {
  const { verifier, challenge } = pkce();
  const b = o.base ?? base;
  const start = await get(
    authorizeUrl(b, {
      clientId: o.client ?? clientId,
      redirectUri: REDIRECT,
      provider: o.provider ?? 'Corp',
      state: 'st',
      challenge,
      nonce: 'n-1',
    }),
  );
  const location = start.headers.get('location') ?? '';
  const relayState = new URL(location).searchParams.get('RelayState') ?? '';
  const acs = `${b}/saml2/idpresponse`;
  const encoded = signedResponse(
    { inResponseTo: authnRequestId(location), acs, audience: `urn:amazon:cognito:sp:${o.pool ?? poolId}`, ...o },
    idpCert,
  );
  return { ...outcomeOf(await postSamlResponse(acs, encoded, relayState)), verifier };
}

describe('/oauth2/authorize failures (reference 4)', () => {
  it('shows its own error page for an unregistered redirect_uri (redirect_mismatch), never redirecting to it', async () => {
    const response = await get(authorizeUrl(base, { clientId, redirectUri: 'https://evil.example/cb', provider: 'Corp' }));
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(`${base}/error`);
    expect(location.searchParams.get('error')).toBe('redirect_mismatch');
  });

  it('sends "Client is not enabled for OAuth2.0 flows" to the app as invalid_request', async () => {
    const { UserPoolClient } = await h.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'no-oauth',
        CallbackURLs: [REDIRECT],
        SupportedIdentityProviders: ['Corp'],
      }),
    );
    const outcome = outcomeOf(
      await get(
        authorizeUrl(base, { clientId: UserPoolClient?.ClientId ?? '', redirectUri: REDIRECT, provider: 'Corp', state: 'x' }),
      ),
    );
    expect(outcome).toMatchObject({ error: 'invalid_request', state: 'x' });
  });

  it('refuses a scope the client is not allowed (invalid_scope) and a plain PKCE method (invalid_request)', async () => {
    const scope = outcomeOf(
      await get(authorizeUrl(base, { clientId, redirectUri: REDIRECT, provider: 'Corp', scope: 'openid phone' })),
    );
    expect(scope.error).toBe('invalid_scope');
    const url = new URL(authorizeUrl(base, { clientId, redirectUri: REDIRECT, provider: 'Corp' }));
    url.searchParams.set('code_challenge', 'a'.repeat(43));
    url.searchParams.set('code_challenge_method', 'plain');
    expect(outcomeOf(await get(url.toString())).error).toBe('invalid_request');
  });

  it('refuses an IdP the client does not list', async () => {
    const outcome = outcomeOf(await get(authorizeUrl(base, { clientId, redirectUri: REDIRECT, provider: 'Other' })));
    expect(outcome.error).toBe('invalid_request');
  });

  it('routes idp_identifier to the IdP that holds it, and lists the IdPs when none is named', async () => {
    const url = new URL(authorizeUrl(base, { clientId, redirectUri: REDIRECT }));
    url.searchParams.set('idp_identifier', 'corp.example');
    const routed = await get(url.toString());
    expect(routed.headers.get('location')?.startsWith('https://idp.fixture.example/sso?')).toBe(true);
    const picker = await get(authorizeUrl(base, { clientId, redirectUri: REDIRECT }));
    expect(picker.status).toBe(200);
    expect(await picker.text()).toContain('identity_provider=Corp');
  });
});

describe('/oauth2/token (reference 4)', () => {
  it('exchanges a code once, only with the right PKCE verifier and redirect_uri', async () => {
    const wrongVerifier = await samlSignIn({ nameId: 'tok-1' });
    expect(
      (await exchangeCode(base, { clientId, code: wrongVerifier.code ?? '', redirectUri: REDIRECT, verifier: pkce().verifier }))
        .body.error,
    ).toBe('invalid_grant');

    const wrongRedirect = await samlSignIn({ nameId: 'tok-1' });
    expect(
      (
        await exchangeCode(base, {
          clientId,
          code: wrongRedirect.code ?? '',
          redirectUri: 'http://127.0.0.1:9/other',
          verifier: wrongRedirect.verifier,
        })
      ).body.error,
    ).toBe('invalid_grant');

    const ok = await samlSignIn({ nameId: 'tok-1' });
    const first = await exchangeCode(base, { clientId, code: ok.code ?? '', redirectUri: REDIRECT, verifier: ok.verifier });
    expect(first.status).toBe(200);
    expect(decodeJwt(String(first.body.id_token)).nonce).toBe('n-1');
    const again = await exchangeCode(base, { clientId, code: ok.code ?? '', redirectUri: REDIRECT, verifier: ok.verifier });
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refreshes tokens with the refresh_token grant and refuses other grants', async () => {
    const ok = await samlSignIn({ nameId: 'tok-2' });
    const { body } = await exchangeCode(base, { clientId, code: ok.code ?? '', redirectUri: REDIRECT, verifier: ok.verifier });
    const refresh = await fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: clientId,
        refresh_token: String(body.refresh_token),
      }).toString(),
    });
    const refreshed = (await refresh.json()) as Record<string, unknown>;
    expect(refresh.status).toBe(200);
    expect(decodeJwt(String(refreshed.id_token))['cognito:username']).toBe('Corp_tok-2');
    expect(refreshed.refresh_token).toBeUndefined();
    const password = await fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: clientId }).toString(),
    });
    expect(((await password.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });

  it('requires the client secret of a confidential client (client_secret_basic or _post)', async () => {
    const confidential = await createOAuthClient(h.cognito, poolId, ['Corp'], REDIRECT, true);
    const ok = await samlSignIn({ nameId: 'tok-3', client: confidential.clientId });
    expect(
      (
        await exchangeCode(base, {
          clientId: confidential.clientId,
          code: ok.code ?? '',
          redirectUri: REDIRECT,
          verifier: ok.verifier,
        })
      ).body.error,
    ).toBe('invalid_client');
    const again = await samlSignIn({ nameId: 'tok-3', client: confidential.clientId });
    const response = await fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${confidential.clientId}:${confidential.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: again.code ?? '',
        redirect_uri: REDIRECT,
        code_verifier: again.verifier,
      }).toString(),
    });
    expect(response.status).toBe(200);
  });
});

describe('federated users and attribute mapping (reference 4, 5)', () => {
  it('creates <ProviderName>_<NameID> with status EXTERNAL_PROVIDER and rewrites mapped attributes at every sign-in', async () => {
    await samlSignIn({ nameId: 'map-1', attributes: { email: 'one@corp.example', first: 'Ann', tenant: 't1' } });
    let user = await h.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Corp_map-1' }));
    const attr = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
    expect(user.UserStatus).toBe('EXTERNAL_PROVIDER');
    expect(attr('email')).toBe('one@corp.example');
    expect(attr('email_verified')).toBe('false');
    // The second sign-in changes email and drops given_name's claim: email is rewritten, given_name kept.
    await samlSignIn({ nameId: 'map-1', attributes: { email: 'two@corp.example', tenant: 't1' } });
    user = await h.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Corp_map-1' }));
    expect(attr('email')).toBe('two@corp.example');
    expect(attr('given_name')).toBe('Ann');
    const { Users } = await h.cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username = "Corp_map-1"' }));
    expect(Users).toHaveLength(1);
  });

  it('fails the sign-in when a mapped attribute is not in the client WriteAttributes', async () => {
    const { clientId: limited } = await createOAuthClient(h.cognito, poolId, ['Corp'], REDIRECT);
    const { UserPoolClient } = await h.cognito.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: limited,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: [REDIRECT],
        SupportedIdentityProviders: ['Corp'],
        WriteAttributes: ['email'],
      }),
    );
    const outcome = await samlSignIn({
      nameId: 'map-2',
      client: UserPoolClient?.ClientId ?? '',
      attributes: { email: 'a@corp.example', tenant: 't' },
    });
    expect(outcome.error).toBe('invalid_request');
  });

  it('fails with server_error when a SAML IdP maps username', async () => {
    const pool = await createPool(h.cognito, 'username-map');
    await h.cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: pool,
        ProviderName: 'Corp',
        ProviderType: 'SAML',
        ProviderDetails: { MetadataFile: fixtureMetadata(idpCert) },
        AttributeMapping: { username: 'email' },
      }),
    );
    const client = await createOAuthClient(h.cognito, pool, ['Corp'], REDIRECT);
    const outcome = await samlSignIn({
      pool,
      client: client.clientId,
      base: h.local.domainBaseUrl('username-map'),
      nameId: 'u1',
    });
    expect(outcome.error).toBe('server_error');
  });

  it('fails the first sign-in when a required attribute is not mapped', async () => {
    const { UserPool } = await h.cognito.send(
      new CreateUserPoolCommand({
        PoolName: 'required',
        Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
      }),
    );
    const pool = UserPool?.Id ?? '';
    await h.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: 'required-attr' }));
    await h.cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: pool,
        ProviderName: 'Corp',
        ProviderType: 'SAML',
        ProviderDetails: { MetadataFile: fixtureMetadata(idpCert) },
        AttributeMapping: { email: 'mail' },
      }),
    );
    const client = await createOAuthClient(h.cognito, pool, ['Corp'], REDIRECT);
    const outcome = await samlSignIn({
      pool,
      client: client.clientId,
      base: h.local.domainBaseUrl('required-attr'),
      attributes: { other: 'x' },
    });
    expect(outcome.error).toBe('invalid_request');
  });
});

describe('issuer documents and logout', () => {
  it('publishes the JWKS with kid and an openid-configuration pointing at the domain', async () => {
    const jwks = (await (await fetch(h.local.jwksUri(poolId))).json()) as {
      keys: Array<{ kid: string; alg: string; kty: string }>;
    };
    expect(jwks.keys[0]).toMatchObject({ alg: 'RS256', kty: 'RSA' });
    expect(jwks.keys[0]?.kid).toBeTruthy();
    const config = (await (await fetch(`${h.local.issuer(poolId)}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    expect(config.issuer).toBe(h.local.issuer(poolId));
    expect(config.authorization_endpoint).toBe(`${base}/oauth2/authorize`);
  });

  it('redirects /logout to a registered logout_uri only', async () => {
    const ok = await get(`${base}/logout?client_id=${clientId}&logout_uri=${encodeURIComponent(REDIRECT)}`);
    expect(ok.headers.get('location')).toBe(REDIRECT);
    const bad = await get(`${base}/logout?client_id=${clientId}&logout_uri=${encodeURIComponent('https://evil.example/')}`);
    expect(new URL(bad.headers.get('location') ?? '').searchParams.get('error')).toBe('redirect_mismatch');
  });
});
