import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolCommand,
  UpdateIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DEMO_USERS, startOidcIdp, startSamlIdp, type TestOidcIdp, type TestSamlIdp } from '@gatehouse/test-idps';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preloadSaml } from '../src/index.ts';
import { MiniBrowser } from '../src/testing/index.ts';
import { makeCertificate, type TestCertificate, validCertificate } from './certificates.ts';
import { CUSTOM_SCHEMA, createOAuthClient, failure, type Harness, samlMetadata, startHarness } from './harness.ts';
import { authnRequestId, fixtureMetadata, type ResponseOptions, signedResponse } from './saml-fixture.ts';
import { authorizeUrl, type Outcome, outcomeOf, pkce, postSamlResponse } from './sign-in.ts';

// Fidelity round two (issue 16): each block names the Cognito rule it checks and where it is written.

const REDIRECT = 'http://127.0.0.1:9/app/callback';
const DAY = 86_400_000;
const alice = DEMO_USERS.find((u) => u.username === 'alice');
if (!alice) throw new Error('the test IdPs have no alice');

let h: Harness;
let idpCert: TestCertificate;

beforeAll(async () => {
  h = await startHarness({ allowLoopbackHttp: true });
  idpCert = await validCertificate();
  await preloadSaml();
});
afterAll(() => h?.stop());

async function pool(input: Record<string, unknown>, domain: string) {
  const { UserPool } = await h.cognito.send(new CreateUserPoolCommand({ PoolName: domain, ...input }));
  const poolId = UserPool?.Id ?? '';
  await h.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
  return { poolId, base: h.local.domainBaseUrl(domain) };
}

/** A pool with a fixture SAML IdP `name`, for sign-ins answered by hand-signed responses. */
async function fixturePool(domain: string, name: string, input: Record<string, unknown>, mapping: Record<string, string>) {
  const { poolId, base } = await pool(input, domain);
  await h.cognito.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: name,
      ProviderType: 'SAML',
      ProviderDetails: { MetadataFile: fixtureMetadata(idpCert) },
      AttributeMapping: mapping,
    }),
  );
  const { clientId } = await createOAuthClient(h.cognito, poolId, [name], REDIRECT);
  const answer = async (o: Partial<ResponseOptions>): Promise<Outcome> => {
    const { challenge } = pkce();
    const start = await fetch(authorizeUrl(base, { clientId, redirectUri: REDIRECT, provider: name, state: 's', challenge }), {
      redirect: 'manual',
    });
    const location = start.headers.get('location') ?? '';
    const acs = `${base}/saml2/idpresponse`;
    const options = { inResponseTo: authnRequestId(location), acs, audience: `urn:amazon:cognito:sp:${poolId}`, ...o };
    const relayState = new URL(location).searchParams.get('RelayState') ?? '';
    return outcomeOf(await postSamlResponse(acs, signedResponse(options, idpCert), relayState));
  };
  return { poolId, answer };
}

async function attributes(poolId: string, username: string) {
  const user = await h.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  return { user, value: (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value };
}

describe('point 1: a standard attribute in Schema without Mutable is immutable (aws/aws-cdk issue 8624)', () => {
  it('stores it as not mutable, leaves the others mutable, and refuses a mapping to it', async () => {
    const { poolId } = await pool({ Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true }] }, 'std-mutable');
    const { UserPool } = await h.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    const attribute = (name: string) => UserPool?.SchemaAttributes?.find((a) => a.Name === name);
    expect(attribute('email')).toMatchObject({ Mutable: false, Required: true });
    expect(attribute('given_name')?.Mutable).toBe(true);
    const refused = await failure(
      h.cognito.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'Corp',
          ProviderType: 'SAML',
          ProviderDetails: { MetadataFile: samlMetadata(idpCert.certificate) },
          AttributeMapping: { email: 'email' },
        }),
      ),
    );
    expect(refused.name).toBe('InvalidParameterException');
  });
});

describe('point 2: SAML EncryptedResponses (API reference CreateIdentityProvider; developer guide, SAML signing and encryption)', () => {
  let saml: TestSamlIdp;
  afterAll(() => saml?.stop());

  it('accepts it, returns ActiveEncryptionCertificate, refuses it back, and signs in with an encrypted assertion', async () => {
    const { poolId, base } = await pool({}, 'encrypted');
    saml = await startSamlIdp({ shape: 'okta' });
    const created = await h.cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Encrypted',
        ProviderType: 'SAML',
        ProviderDetails: { MetadataURL: saml.metadataUrl, EncryptedResponses: 'true' },
        AttributeMapping: { email: 'email' },
      }),
    );
    expect(created.IdentityProvider?.ProviderDetails?.EncryptedResponses).toBe('true');
    const { IdentityProvider } = await h.cognito.send(
      new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Encrypted' }),
    );
    const certificate = IdentityProvider?.ProviderDetails?.ActiveEncryptionCertificate ?? '';
    expect(certificate).not.toBe('');
    const sentBack = await failure(
      h.cognito.send(
        new UpdateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'Encrypted',
          ProviderDetails: { ...IdentityProvider?.ProviderDetails },
        }),
      ),
    );
    expect(sentBack.name).toBe('InvalidParameterException');

    const { clientId } = await createOAuthClient(h.cognito, poolId, ['Encrypted'], REDIRECT);
    const signIn = async () => {
      const result = await new MiniBrowser(REDIRECT).signIn(
        authorizeUrl(base, { clientId, redirectUri: REDIRECT, provider: 'Encrypted', state: 'e', challenge: pkce().challenge }),
        'alice',
      );
      return new URL(result.finalUrl ?? 'http://invalid/').searchParams;
    };
    const sp = { entityId: `urn:amazon:cognito:sp:${poolId}`, acsUrl: `${base}/saml2/idpresponse` };
    saml.registerServiceProvider({ ...sp, encryptionCertificate: certificate });
    const encrypted = await signIn();
    expect(encrypted.get('code')).toBeTruthy();
    const { value } = await attributes(poolId, `Encrypted_${alice.id}`);
    expect(value('email')).toBe(alice.email);

    // Once encryption is on, an IdP that still sends plain assertions cannot sign anyone in.
    saml.registerServiceProvider(sp);
    const plain = await signIn();
    expect(plain.get('code')).toBeNull();
    expect(plain.get('error')).toBe('server_error');
  });
});

describe('point 3: case-insensitive pools lower-case federated user names (developer guide, user name case sensitivity)', () => {
  it('stores <provider>_<NameID> lower-cased, keeps the case in identities and in the group name', async () => {
    const { poolId, answer } = await fixturePool(
      'case-insensitive',
      'AcmeSaml',
      { UsernameConfiguration: { CaseSensitive: false }, Schema: CUSTOM_SCHEMA },
      { email: 'email' },
    );
    const outcome = await answer({ nameId: 'User-ABC', attributes: { email: 'User@Acme.example' } });
    expect(outcome.code).toBeTruthy();
    const { user, value } = await attributes(poolId, 'acmesaml_user-abc');
    expect(user.Username).toBe('acmesaml_user-abc');
    expect(JSON.parse(value('identities') ?? '[]')).toEqual([
      expect.objectContaining({ userId: 'User-ABC', providerName: 'AcmeSaml' }),
    ]);
    const { Groups } = await h.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: user.Username }));
    expect(Groups?.map((g) => g.GroupName)).toEqual([`${poolId}_AcmeSaml`]);
  });

  it('keeps the case in a pool created without UsernameConfiguration (the API default is case-sensitive)', async () => {
    const { poolId, answer } = await fixturePool('case-sensitive', 'AcmeSaml', { Schema: CUSTOM_SCHEMA }, { email: 'email' });
    expect((await answer({ nameId: 'User-ABC' })).code).toBeTruthy();
    expect((await attributes(poolId, 'AcmeSaml_User-ABC')).user.Username).toBe('AcmeSaml_User-ABC');
  });
});

describe('point 5: multi-valued SAML attributes (developer guide, specifying attribute mappings)', () => {
  it('stores them bracketed and comma-separated, each value URL form encoded', async () => {
    const { poolId, answer } = await fixturePool(
      'multi-valued',
      'Multi',
      { Schema: CUSTOM_SCHEMA },
      { 'custom:tenant': 'groups' },
    );
    const outcome = await answer({ nameId: 'multi-1', attributes: { groups: ['Eng & Ops', 'a/b', 'x.y-z_*', 'ünï'] } });
    expect(outcome.code).toBeTruthy();
    const { value } = await attributes(poolId, 'Multi_multi-1');
    expect(value('custom:tenant')).toBe('[Eng+%26+Ops, a%2Fb, x.y-z_*, %C3%BCn%C3%AF]');
  });
});

describe('point 6: a required attribute sent empty later (AWS knowledge center, invalid SAML response errors)', () => {
  it('fails the sign-in and changes nothing; an absent one is left as it was', async () => {
    const { poolId, answer } = await fixturePool(
      'required-empty',
      'Required',
      { Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }, ...CUSTOM_SCHEMA] },
      { email: 'email', 'custom:tenant': 'tenant' },
    );
    expect((await answer({ nameId: 'r-1', attributes: { email: 'r@acme.example', tenant: 'one' } })).code).toBeTruthy();
    const emptied = await answer({ nameId: 'r-1', attributes: { email: '', tenant: 'two' } });
    expect(emptied.code).toBeUndefined();
    expect(emptied.error).toBe('invalid_request');
    expect(emptied.errorDescription).toMatch(/Invalid user attributes: email: Required attribute cannot be deleted/);
    expect((await attributes(poolId, 'Required_r-1')).value('custom:tenant')).toBe('one');
    const absent = await answer({ nameId: 'r-1', attributes: { tenant: 'three' } });
    expect(absent.code).toBeTruthy();
    const { value } = await attributes(poolId, 'Required_r-1');
    expect(value('email')).toBe('r@acme.example');
    expect(value('custom:tenant')).toBe('three');
  });
});

describe('OIDC IdPs', () => {
  let plain: TestOidcIdp;
  let slashed: TestOidcIdp;
  let poolId: string;
  let base: string;
  let clientId: string;

  beforeAll(async () => {
    ({ poolId, base } = await pool({}, 'oidc-fidelity'));
    const clients = [{ clientId: 'cognito', clientSecret: 'right', redirectUris: [`${base}/oauth2/idpresponse`] }];
    [plain, slashed] = await Promise.all([startOidcIdp({ clients }), startOidcIdp({ clients, issuerTrailingSlash: true })]);
    const oidc = (name: string, issuer: string, secret: string) =>
      h.cognito.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: name,
          ProviderType: 'OIDC',
          ProviderDetails: {
            client_id: 'cognito',
            client_secret: secret,
            authorize_scopes: 'openid email',
            attributes_request_method: 'GET',
            oidc_issuer: issuer,
          },
          AttributeMapping: { email: 'email' },
        }),
      );
    await oidc('WrongSecret', plain.issuer, 'wrong');
    // Auth0 publishes `https://<tenant>.auth0.com/`; AWS's page says the issuer shouldn't end with a slash.
    await oidc('Slashed', slashed.url, 'right');
    ({ clientId } = await createOAuthClient(h.cognito, poolId, ['WrongSecret', 'Slashed'], REDIRECT));
  });
  afterAll(() => Promise.all([plain?.stop(), slashed?.stop()]));

  const signIn = async (provider: string) => {
    const result = await new MiniBrowser(REDIRECT).signIn(
      authorizeUrl(base, { clientId, redirectUri: REDIRECT, provider, state: 'o', challenge: pkce().challenge, nonce: 'n' }),
      'alice',
    );
    return new URL(result.finalUrl ?? 'http://invalid/').searchParams;
  };

  it('point 7: relays the IdP OAuth error as "<ProviderName> Error - <status> <error> <description>"', async () => {
    const params = await signIn('WrongSecret');
    expect(params.get('code')).toBeNull();
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('error_description')).toMatch(/^WrongSecret Error - 401 invalid_client \S/);
  });

  it('point 9: federates with an IdP whose issuer has a trailing slash, configured without it', async () => {
    expect(slashed.issuer).toBe(`${slashed.url}/`);
    const params = await signIn('Slashed');
    expect(params.get('error_description')).toBeNull();
    expect(params.get('code')).toBeTruthy();
    const { value } = await attributes(poolId, `Slashed_${alice.id}`);
    expect(value('email')).toBe(alice.email);
  });

  it('point 9: still refuses an issuer configured with the trailing slash (developer guide, OIDC IdPs)', async () => {
    const refused = await failure(
      h.cognito.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'SlashTyped',
          ProviderType: 'OIDC',
          ProviderDetails: {
            client_id: 'cognito',
            client_secret: 'right',
            authorize_scopes: 'openid',
            attributes_request_method: 'GET',
            oidc_issuer: slashed.issuer,
          },
        }),
      ),
    );
    expect(refused.name).toBe('InvalidParameterException');
  });
});

describe('point 8: a signing certificate that is not valid yet (developer guide, things to know about SAML IdPs)', () => {
  it('is refused without being called expired', async () => {
    const { poolId } = await pool({}, 'not-yet-valid');
    const future = await makeCertificate(new Date(Date.now() + 30 * DAY), new Date(Date.now() + 400 * DAY));
    const refused = await failure(
      h.cognito.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'Future',
          ProviderType: 'SAML',
          ProviderDetails: { MetadataFile: samlMetadata(future.certificate) },
        }),
      ),
    );
    expect(refused.name).toBe('InvalidParameterException');
    expect(refused.message).toMatch(/not yet valid/);
    expect(refused.message).not.toMatch(/expired/);
  });
});
