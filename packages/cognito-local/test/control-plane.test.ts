import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateIdentityProviderCommand,
  type CreateIdentityProviderCommandInput,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetIdentityProviderByIdentifierCommand,
  GetSigningCertificateCommand,
  ListIdentityProvidersCommand,
  ListUserPoolClientsCommand,
  ListUsersCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiredCertificate, type TestCertificate, validCertificate } from './certificates.ts';
import { createPool, failure, type Harness, samlMetadata, startHarness } from './harness.ts';

let h: Harness;
let cognito: CognitoIdentityProviderClient;
let cert: TestCertificate;
let expired: TestCertificate;

beforeAll(async () => {
  h = await startHarness({ quotas: { identityProvidersPerPool: 3 } });
  cognito = h.cognito;
  [cert, expired] = await Promise.all([validCertificate(), expiredCertificate()]);
});
afterAll(() => h.stop());

const oidcDetails = (overrides: Record<string, string | undefined> = {}) => {
  const details: Record<string, string | undefined> = {
    client_id: 'client',
    client_secret: 'secret',
    authorize_scopes: 'openid email',
    attributes_request_method: 'GET',
    oidc_issuer: 'https://idp.example.com',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) as Record<string, string>;
};

const createIdp = (input: Partial<CreateIdentityProviderCommandInput> & { UserPoolId: string }) =>
  cognito.send(
    new CreateIdentityProviderCommand({
      ProviderName: 'Acme',
      ProviderType: 'OIDC',
      ProviderDetails: oidcDetails(),
      ...input,
    }),
  );

describe('wire protocol (reference 1.1)', () => {
  it('answers client errors with 400 and the Cognito exception type the SDK maps', async () => {
    const error = await failure(cognito.send(new DescribeUserPoolCommand({ UserPoolId: 'eu-west-1_missing' })));
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
  });

  it('reports every constraint failure in one InvalidParameterException with lowerCamelCase members', async () => {
    const error = await failure(
      cognito.send(
        new CreateIdentityProviderCommand({
          UserPoolId: 'no-underscore',
          ProviderName: 'x',
          ProviderType: 'Okta' as 'OIDC',
          ProviderDetails: {},
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toMatch(/^3 validation errors detected: /);
    expect(error.message).toContain("at 'userPoolId'");
    expect(error.message).toContain("at 'providerName'");
    expect(error.message).toContain("at 'providerType'");
  });

  it('requires a SigV4 Authorization header but does not verify it', async () => {
    const response = await fetch(h.local.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools',
      },
      body: JSON.stringify({ MaxResults: 10 }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException');
  });

  it('returns timestamps as epoch seconds that the SDK reads as dates', async () => {
    const poolId = await createPool(cognito);
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool?.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs((UserPool?.CreationDate?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('answers DeleteIdentityProvider with an empty 200', async () => {
    const poolId = await createPool(cognito);
    await createIdp({ UserPoolId: poolId });
    const output = await cognito.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Acme' }));
    expect(output.$metadata.httpStatusCode).toBe(200);
  });
});

describe('user pools and schema (reference 3)', () => {
  it('lists standard attributes by bare name and custom ones as custom:<name> with their Mutable flag', async () => {
    const poolId = await createPool(cognito);
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    const byName = new Map(UserPool?.SchemaAttributes?.map((a) => [a.Name, a]));
    expect(byName.get('email')?.AttributeDataType).toBe('String');
    expect(byName.get('email_verified')?.AttributeDataType).toBe('Boolean');
    expect(byName.get('custom:tenant')?.Mutable).toBe(true);
    expect(byName.get('custom:frozen')?.Mutable).toBe(false);
    expect(byName.has('tenant')).toBe(false);
  });

  it('refuses required custom attributes', async () => {
    const error = await failure(
      cognito.send(
        new CreateUserPoolCommand({ PoolName: 'p', Schema: [{ Name: 'x', AttributeDataType: 'String', Required: true }] }),
      ),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it('gives pool ids in the pool region format and a domain a local base URL', async () => {
    const poolId = await createPool(cognito, 'conformance-domain');
    expect(poolId).toMatch(/^eu-west-1_[0-9a-zA-Z]{9}$/);
    const { DomainDescription } = await cognito.send(new DescribeUserPoolDomainCommand({ Domain: 'conformance-domain' }));
    expect(DomainDescription?.UserPoolId).toBe(poolId);
    expect(DomainDescription?.CloudFrontDistribution).toBe(h.local.domainBaseUrl('conformance-domain'));
  });

  it('returns the pool SAML signing certificate from GetSigningCertificate', async () => {
    const poolId = await createPool(cognito);
    const { Certificate } = await cognito.send(new GetSigningCertificateCommand({ UserPoolId: poolId }));
    const { X509Certificate } = await import('node:crypto');
    const parsed = new X509Certificate(Buffer.from(Certificate ?? '', 'base64'));
    expect(new Date(parsed.validTo).getTime()).toBeGreaterThan(Date.now() + 9 * 365 * 86_400_000);
  });
});

describe('ProviderName (reference 1.3, 1.4)', () => {
  let poolId: string;
  beforeAll(async () => {
    poolId = await createPool(cognito);
  });

  it.each([
    ['two characters', 'ab'],
    ['a leading underscore', '_abc'],
    ['a trailing underscore', 'abc_'],
    ['a space at the start', ' abc'],
    ['33 characters', 'a'.repeat(33)],
  ])('refuses on create a name with %s (Create pattern and 1-32 length)', async (_label, name) => {
    const error = await failure(createIdp({ UserPoolId: poolId, ProviderName: name }));
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toContain("at 'providerName'");
  });

  it('accepts on other operations names the Create pattern refuses (their pattern allows spaces)', async () => {
    const error = await failure(cognito.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'a b' })));
    expect(error.name).toBe('ResourceNotFoundException');
  });

  it('refuses a social type under another name', async () => {
    const error = await failure(
      createIdp({
        UserPoolId: poolId,
        ProviderName: 'MyGoogle',
        ProviderType: 'Google',
        ProviderDetails: { client_id: 'a', client_secret: 'b', authorize_scopes: 'openid' },
      }),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it('refuses social details without client_id, client_secret and authorize_scopes', async () => {
    const error = await failure(
      createIdp({ UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: { client_id: 'a' } }),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it('refuses the reserved name COGNITO (unconfirmed: the stricter choice)', async () => {
    const error = await failure(createIdp({ UserPoolId: poolId, ProviderName: 'COGNITO' }));
    expect(error.name).toBe('InvalidParameterException');
  });

  it('refuses a duplicate name with DuplicateProviderException', async () => {
    await createIdp({ UserPoolId: poolId, ProviderName: 'Dup' });
    const error = await failure(createIdp({ UserPoolId: poolId, ProviderName: 'Dup' }));
    expect(error.name).toBe('DuplicateProviderException');
  });

  it('answers ResourceNotFoundException for a missing pool', async () => {
    const error = await failure(createIdp({ UserPoolId: 'eu-west-1_nothere' }));
    expect(error.name).toBe('ResourceNotFoundException');
  });
});

describe('OIDC ProviderDetails (reference 2)', () => {
  let poolId: string;
  beforeAll(async () => {
    poolId = await createPool(cognito);
  });

  it.each([
    ['client_secret missing', { client_secret: undefined }],
    ['authorize_scopes without openid', { authorize_scopes: 'email profile' }],
    ['an http issuer', { oidc_issuer: 'http://idp.example.com' }],
    ['an issuer with a trailing slash', { oidc_issuer: 'https://idp.example.com/' }],
    ['an issuer on port 8443', { oidc_issuer: 'https://idp.example.com:8443' }],
    ['a discovery name as key (authorization_endpoint)', { authorization_endpoint: 'https://idp.example.com/auth' }],
    ['an unknown key', { prompt: 'login' }],
    ['the response-only key attributes_url_add_attributes', { attributes_url_add_attributes: 'false' }],
    ['attributes_request_method PUT', { attributes_request_method: 'PUT' }],
    ['only some explicit endpoints', { authorize_url: 'https://idp.example.com/auth' }],
  ])('refuses %s', async (_label, overrides) => {
    const error = await failure(
      createIdp({ UserPoolId: poolId, ProviderName: 'Oidc1', ProviderDetails: oidcDetails(overrides) }),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it('accepts the explicit endpoints as a set and keeps the secret readable by Describe', async () => {
    await createIdp({
      UserPoolId: poolId,
      ProviderName: 'Oidc2',
      ProviderDetails: oidcDetails({
        authorize_url: 'https://idp.example.com/auth',
        token_url: 'https://idp.example.com/token',
        attributes_url: 'https://idp.example.com/userinfo',
        jwks_uri: 'https://idp.example.com/jwks',
      }),
    });
    const { IdentityProvider } = await cognito.send(
      new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Oidc2' }),
    );
    expect(IdentityProvider?.ProviderDetails?.client_secret).toBe('secret');
    expect(IdentityProvider?.ProviderDetails?.attributes_url_add_attributes).toBe('false');
  });
});

describe('SAML ProviderDetails (reference 2, 1.6)', () => {
  let poolId: string;
  let metadataServer: Server;
  let metadataUrl: string;
  let loopback: Harness;
  beforeAll(async () => {
    poolId = await createPool(cognito);
    metadataServer = createServer((req, res) => {
      if (req.url === '/metadata') {
        res.writeHead(200, { 'content-type': 'application/xml' }).end(samlMetadata(cert.certificate));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => metadataServer.listen(0, '127.0.0.1', resolve));
    metadataUrl = `http://127.0.0.1:${(metadataServer.address() as AddressInfo).port}`;
    loopback = await startHarness({ allowLoopbackHttp: true });
  });
  afterAll(async () => {
    await loopback.stop();
    await new Promise((resolve) => metadataServer.close(resolve));
  });

  const saml = (details: Record<string, string>, name = 'Saml1') =>
    createIdp({ UserPoolId: poolId, ProviderName: name, ProviderType: 'SAML', ProviderDetails: details });

  it('refuses details without MetadataFile or MetadataURL', async () => {
    expect((await failure(saml({ IDPSignout: 'false' }))).name).toBe('InvalidParameterException');
  });

  it('refuses both MetadataFile and MetadataURL (stricter choice)', async () => {
    const error = await failure(saml({ MetadataFile: samlMetadata(cert.certificate), MetadataURL: 'https://idp.example.com/m' }));
    expect(error.name).toBe('InvalidParameterException');
  });

  it.each(['ActiveEncryptionCertificate', 'SSORedirectBindingURI', 'SLORedirectBindingURI', 'metadata_file'])(
    'refuses the key %s (response-only or unknown)',
    async (key) => {
      const error = await failure(saml({ MetadataFile: samlMetadata(cert.certificate), [key]: 'x' }));
      expect(error.name).toBe('InvalidParameterException');
    },
  );

  it('refuses metadata whose signing certificate is expired', async () => {
    const error = await failure(saml({ MetadataFile: samlMetadata(expired.certificate) }));
    expect(error).toMatchObject({ name: 'InvalidParameterException', message: 'Signing certificates are expired' });
  });

  it.each([
    ['a DOCTYPE', `<!DOCTYPE x [<!ENTITY e "x">]>${samlMetadata('AAAA')}`],
    ['an aggregate of EntityDescriptors', `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>`],
    ['no signing certificate', samlMetadata('')],
    ['text that is not XML', 'not xml at all'],
  ])('refuses metadata with %s', async (_label, metadata) => {
    expect((await failure(saml({ MetadataFile: metadata }))).name).toBe('InvalidParameterException');
  });

  it('describes a SAML IdP with the keys Cognito derives from its metadata', async () => {
    await saml({ MetadataFile: samlMetadata(cert.certificate) }, 'SamlOk');
    const { IdentityProvider } = await cognito.send(
      new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'SamlOk' }),
    );
    expect(IdentityProvider?.ProviderDetails?.SSORedirectBindingURI).toBe('https://idp.example.com/sso');
    expect(IdentityProvider?.ProviderDetails?.ActiveEncryptionCertificate).toBeTruthy();
  });

  it('refuses an http MetadataURL unless loopback http is allowed (Cognito fetches https only)', async () => {
    const error = await failure(saml({ MetadataURL: `${metadataUrl}/metadata` }));
    expect(error.name).toBe('InvalidParameterException');
  });

  it('fetches a MetadataURL at create and refuses one it cannot retrieve', async () => {
    const pool = await createPool(loopback.cognito);
    const create = (url: string, name: string) =>
      loopback.cognito.send(
        new CreateIdentityProviderCommand({
          UserPoolId: pool,
          ProviderName: name,
          ProviderType: 'SAML',
          ProviderDetails: { MetadataURL: url },
        }),
      );
    const { IdentityProvider } = await create(`${metadataUrl}/metadata`, 'ByUrl');
    expect(IdentityProvider?.ProviderDetails?.SSORedirectBindingURI).toBe('https://idp.example.com/sso');
    const error = await failure(create(`${metadataUrl}/missing`, 'Missing'));
    expect(error.name).toBe('InvalidParameterException');
  });
});

describe('AttributeMapping (reference 1.5)', () => {
  let poolId: string;
  beforeAll(async () => {
    poolId = await createPool(cognito);
  });

  it('accepts standard attributes, username and mutable custom attributes', async () => {
    const { IdentityProvider } = await createIdp({
      UserPoolId: poolId,
      ProviderName: 'Mapped',
      AttributeMapping: { email: 'email', given_name: 'given_name', username: 'sub', 'custom:tenant': 'tid' },
    });
    expect(IdentityProvider?.AttributeMapping?.['custom:tenant']).toBe('tid');
  });

  it.each([
    ['a custom attribute that does not exist', { 'custom:missing': 'x' }],
    ['an immutable custom attribute', { 'custom:frozen': 'x' }],
    ['an attribute that is not a user-pool attribute', { department: 'x' }],
    ['sub', { sub: 'x' }],
  ])('refuses %s', async (_label, mapping) => {
    const error = await failure(createIdp({ UserPoolId: poolId, ProviderName: 'BadMap', AttributeMapping: mapping }));
    expect(error.name).toBe('InvalidParameterException');
  });
});

describe('IdpIdentifiers (reference 1.3)', () => {
  let poolId: string;
  beforeAll(async () => {
    poolId = await createPool(cognito);
  });

  it('refuses identifiers over 40 characters, with bad characters, or more than 50', async () => {
    for (const identifiers of [['a'.repeat(41)], ['acme.com/x'], Array.from({ length: 51 }, (_, i) => `d${i}.com`)]) {
      const error = await failure(createIdp({ UserPoolId: poolId, ProviderName: 'Ids', IdpIdentifiers: identifiers }));
      expect(error.name).toBe('InvalidParameterException');
    }
  });

  it('keeps identifiers unique across the pool and finds the IdP by identifier', async () => {
    await createIdp({ UserPoolId: poolId, ProviderName: 'First', IdpIdentifiers: ['acme.com'] });
    const error = await failure(createIdp({ UserPoolId: poolId, ProviderName: 'Second', IdpIdentifiers: ['acme.com'] }));
    expect(error.name).toBe('InvalidParameterException');
    const { IdentityProvider } = await cognito.send(
      new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'acme.com' }),
    );
    expect(IdentityProvider?.ProviderName).toBe('First');
    const missing = await failure(
      cognito.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'other.com' })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
  });
});

describe('UpdateIdentityProvider (reference 1.6: omitted fields kept, details taken whole)', () => {
  it('keeps omitted top-level fields and replaces ProviderDetails whole', async () => {
    const poolId = await createPool(cognito);
    await createIdp({
      UserPoolId: poolId,
      ProviderName: 'Upd',
      AttributeMapping: { email: 'email' },
      IdpIdentifiers: ['upd.example'],
    });
    const { IdentityProvider } = await cognito.send(
      new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Upd', IdpIdentifiers: ['new.example'] }),
    );
    expect(IdentityProvider?.AttributeMapping).toEqual({ email: 'email' });
    expect(IdentityProvider?.IdpIdentifiers).toEqual(['new.example']);
    const partial = await failure(
      cognito.send(
        new UpdateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'Upd',
          ProviderDetails: { client_secret: 'rotated' },
        }),
      ),
    );
    expect(partial.name).toBe('InvalidParameterException');
  });
});

describe('ListIdentityProviders and quotas (reference 1.2, 3)', () => {
  it('pages with MaxResults and NextToken and refuses MaxResults over 60', async () => {
    const poolId = await createPool(cognito);
    for (const name of ['One', 'Two', 'Three']) await createIdp({ UserPoolId: poolId, ProviderName: name });
    const first = await cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 2 }));
    expect(first.Providers?.map((p) => p.ProviderName)).toEqual(['One', 'Two']);
    expect(Object.keys(first.Providers?.[0] ?? {}).sort()).toEqual([
      'CreationDate',
      'LastModifiedDate',
      'ProviderName',
      'ProviderType',
    ]);
    const second = await cognito.send(
      new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.Providers?.map((p) => p.ProviderName)).toEqual(['Three']);
    expect(second.NextToken).toBeUndefined();
    const error = await failure(cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 61 })));
    expect(error.name).toBe('InvalidParameterException');
  });

  it('refuses an IdP beyond the per-pool quota with LimitExceededException', async () => {
    const poolId = await createPool(cognito);
    for (const name of ['Q1x', 'Q2x', 'Q3x']) await createIdp({ UserPoolId: poolId, ProviderName: name });
    const error = await failure(createIdp({ UserPoolId: poolId, ProviderName: 'Q4x' }));
    expect(error.name).toBe('LimitExceededException');
  });
});

describe('app clients (reference 3)', () => {
  let poolId: string;
  beforeAll(async () => {
    poolId = await createPool(cognito);
    await createIdp({ UserPoolId: poolId, ProviderName: 'Okta' });
  });

  const full = {
    ClientName: 'portal',
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code' as const],
    AllowedOAuthScopes: ['openid', 'email'],
    CallbackURLs: ['https://app.example.com/callback'],
    LogoutURLs: ['https://app.example.com/'],
    SupportedIdentityProviders: ['COGNITO', 'Okta'],
    WriteAttributes: ['email', 'custom:tenant'],
    IdTokenValidity: 30,
    TokenValidityUnits: { IdToken: 'minutes' as const },
  };

  it('refuses SupportedIdentityProviders naming an IdP the pool does not have', async () => {
    const error = await failure(
      cognito.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', SupportedIdentityProviders: ['Nope'] }),
      ),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it.each([
    ['an http callback that is not localhost', 'http://app.example.com/cb'],
    ['a callback with a fragment', 'https://app.example.com/cb#x'],
    ['a relative callback', '/callback'],
  ])('refuses %s', async (_label, url) => {
    const error = await failure(
      cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', CallbackURLs: [url] })),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it('accepts http://localhost callbacks', async () => {
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', CallbackURLs: ['http://localhost:3000/cb'] }),
    );
    expect(UserPoolClient?.CallbackURLs).toEqual(['http://localhost:3000/cb']);
  });

  it('refuses more than 100 callback URLs', async () => {
    const urls = Array.from({ length: 101 }, (_, i) => `https://app.example.com/${i}`);
    const error = await failure(
      cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', CallbackURLs: urls })),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it('refuses write attributes the pool does not have', async () => {
    const error = await failure(
      cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', WriteAttributes: ['custom:missing'] })),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it('UpdateUserPoolClient resets every omitted field to its default', async () => {
    const { UserPoolClient } = await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ...full }));
    const clientId = UserPoolClient?.ClientId ?? '';
    await cognito.send(
      new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, LogoutURLs: ['https://app.example.com/bye'] }),
    );
    const { UserPoolClient: after } = await cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
    );
    expect(after?.LogoutURLs).toEqual(['https://app.example.com/bye']);
    expect(after?.CallbackURLs).toBeUndefined();
    expect(after?.SupportedIdentityProviders).toBeUndefined();
    expect(after?.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(after?.WriteAttributes).toBeUndefined();
    expect(after?.IdTokenValidity).toBeUndefined();
    expect(after?.ClientName).toBe('portal');
  });

  it('keeps every field through a read-modify-write of the whole client', async () => {
    const { UserPoolClient } = await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ...full }));
    const clientId = UserPoolClient?.ClientId ?? '';
    const { UserPoolClient: current } = await cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
    );
    const { ClientSecret: _s, CreationDate: _c, LastModifiedDate: _l, ...writable } = current ?? {};
    await cognito.send(
      new UpdateUserPoolClientCommand({
        ...writable,
        UserPoolId: poolId,
        ClientId: clientId,
        SupportedIdentityProviders: ['Okta'],
      }),
    );
    const { UserPoolClient: after } = await cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
    );
    expect(after?.SupportedIdentityProviders).toEqual(['Okta']);
    expect(after?.CallbackURLs).toEqual(full.CallbackURLs);
    expect(after?.WriteAttributes).toEqual(full.WriteAttributes);
    expect(after?.IdTokenValidity).toBe(30);
    const { UserPoolClients } = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }));
    expect(UserPoolClients?.some((c) => c.ClientId === clientId)).toBe(true);
  });

  it('refuses to delete an IdP an app client still lists (stricter choice)', async () => {
    const error = await failure(cognito.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Okta' })));
    expect(error.name).toBe('InvalidParameterException');
  });
});

describe('users and groups', () => {
  it('answers UserNotFoundException for unknown users and ResourceNotFoundException for unknown groups', async () => {
    const poolId = await createPool(cognito);
    await cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'gatehouse-operators' }));
    const duplicate = await failure(
      cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'gatehouse-operators' })),
    );
    expect(duplicate.name).toBe('GroupExistsException');
    expect((await failure(cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' })))).name).toBe(
      'UserNotFoundException',
    );
    expect((await failure(cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'nobody' })))).name).toBe(
      'UserNotFoundException',
    );
    const group = await failure(
      cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'nobody', GroupName: 'missing' })),
    );
    expect(group.name).toBe('ResourceNotFoundException');
  });

  it('refuses a ListUsers filter it cannot parse', async () => {
    const poolId = await createPool(cognito);
    const { Users } = await cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username = "x"' }));
    expect(Users).toEqual([]);
    const error = await failure(cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username == x' })));
    expect(error.name).toBe('InvalidParameterException');
  });
});
