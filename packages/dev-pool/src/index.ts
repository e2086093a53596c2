import {
  AdminAddUserToGroupCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateIdentityProviderCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolDomainCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ResourceNotFoundException,
  UpdateUserPoolClientCommand,
  type UpdateUserPoolClientCommandInput,
  UserNotFoundException,
  type UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { attachPreTokenTrigger, attachTrigger } from '@gatehouse/user-pool-trigger';

/** Names of what the local stack creates in the local Cognito; the CDK app creates the same in AWS. */
export const DEV_POOL_NAMES = {
  pool: 'gatehouse-local',
  domain: 'gatehouse-local',
  testLoginClient: 'gatehouse-test-login',
  appClient: 'demo-saas-app',
  operatorClient: 'gatehouse-operator-console',
  operatorsGroup: 'gatehouse-operators',
} as const;

export interface DevPool {
  userPoolId: string;
  domain: string;
  /** Base URL of the pool's managed login. */
  domainUrl: string;
  /** The dedicated test-login app client: test IdPs are enabled on it and on nothing else. */
  testClientId: string;
  /** A production app client, standing for the SaaS's own application. */
  appClientId: string;
  /** The operator console's client (public, code + PKCE); the operators' IdP is enabled on it alone. */
  operatorClientId: string;
}

export function localCognitoClient(endpoint: string, region = 'us-east-1'): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ region, endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/**
 * Creates (or finds, on a persisted local Cognito) the SaaS's user pool: a schema with one mutable and one
 * immutable custom attribute, a managed-login domain, the test-login client whose callback is the
 * portal's, and a demo application client.
 */
export async function ensureDevPool(
  client: CognitoIdentityProviderClient,
  options: { portalUrl: string; appCallbackUrls?: string[] | undefined; domainUrl: (domain: string) => string },
): Promise<DevPool> {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((pool) => pool.Name === DEV_POOL_NAMES.pool)?.Id;
  if (!userPoolId) {
    const created = await client.send(
      new CreateUserPoolCommand({
        PoolName: DEV_POOL_NAMES.pool,
        Schema: [
          { Name: 'email', AttributeDataType: 'String', Mutable: true, Required: false },
          { Name: 'department', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MaxLength: '256' } },
          { Name: 'employee_id', AttributeDataType: 'String', Mutable: false, StringAttributeConstraints: { MaxLength: '64' } },
        ],
      }),
    );
    userPoolId = created.UserPool?.Id;
    if (!userPoolId) throw new Error('The local Cognito returned no user pool id');
    await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: DEV_POOL_NAMES.operatorsGroup }));
  }

  const domain = await client.send(new DescribeUserPoolDomainCommand({ Domain: DEV_POOL_NAMES.domain }));
  if (!domain.DomainDescription?.UserPoolId) {
    await client.send(new CreateUserPoolDomainCommand({ Domain: DEV_POOL_NAMES.domain, UserPoolId: userPoolId }));
  }

  const clients = await client.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  const findClient = (name: string) => clients.UserPoolClients?.find((c) => c.ClientName === name)?.ClientId;
  const ensureClient = async (input: CreateUserPoolClientCommandInput) =>
    findClient(input.ClientName ?? '') ??
    (await client.send(new CreateUserPoolClientCommand(input))).UserPoolClient?.ClientId ??
    '';

  const testClientId = await ensureClient({
    UserPoolId: userPoolId,
    ClientName: DEV_POOL_NAMES.testLoginClient,
    GenerateSecret: false,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email', 'profile'],
    CallbackURLs: [`${options.portalUrl}/v1/setup/test-login/callback`],
    SupportedIdentityProviders: [],
  });
  const appClientId = await ensureClient({
    UserPoolId: userPoolId,
    ClientName: DEV_POOL_NAMES.appClient,
    GenerateSecret: false,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email', 'profile'],
    CallbackURLs: options.appCallbackUrls ?? [`${options.portalUrl}/demo-app/callback`],
    SupportedIdentityProviders: ['COGNITO'],
  });

  if (options.appCallbackUrls) await ensureCallbackUrls(client, userPoolId, appClientId, options.appCallbackUrls);

  const operatorClientId = await ensureClient({
    UserPoolId: userPoolId,
    ClientName: DEV_POOL_NAMES.operatorClient,
    GenerateSecret: false,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email', 'profile'],
    CallbackURLs: [`${options.portalUrl}/v1/admin/session/callback`],
    SupportedIdentityProviders: [],
  });

  return {
    userPoolId,
    domain: DEV_POOL_NAMES.domain,
    domainUrl: options.domainUrl(DEV_POOL_NAMES.domain),
    testClientId,
    appClientId,
    operatorClientId,
  };
}

/**
 * The ARN the local stack and the tests register Gatehouse's tenant claims trigger under in the local
 * Cognito (which calls registered handlers in place of Lambda functions).
 */
export const LOCAL_TENANT_CLAIMS_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:gatehouse-tenant-claims';

/**
 * Makes the tenant claims trigger the pool's V2_0 pre token generation trigger, as the CDK app's custom
 * resource does in AWS (the same read-modify-write of the whole pool).
 */
export async function attachTenantClaims(
  client: CognitoIdentityProviderClient,
  pool: DevPool,
  lambdaArn = LOCAL_TENANT_CLAIMS_ARN,
): Promise<void> {
  await attachPreTokenTrigger(client, pool.userPoolId, lambdaArn);
}

/**
 * Changes some settings of an app client: a read-modify-write of the whole client, since
 * UpdateUserPoolClient resets what it is not given. `change` returns the settings to set, or null when
 * the client is already as wanted.
 */
async function changeClient(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  clientId: string,
  change: (current: UserPoolClientType) => Partial<UpdateUserPoolClientCommandInput> | null,
): Promise<void> {
  const current = (await client.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId })))
    .UserPoolClient;
  if (!current) throw new Error(`The app client ${clientId} is missing`);
  const changed = change(current);
  if (!changed) return;
  await client.send(
    new UpdateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientId: clientId,
      ClientName: current.ClientName,
      AllowedOAuthFlowsUserPoolClient: current.AllowedOAuthFlowsUserPoolClient,
      AllowedOAuthFlows: current.AllowedOAuthFlows,
      AllowedOAuthScopes: current.AllowedOAuthScopes,
      CallbackURLs: current.CallbackURLs,
      LogoutURLs: current.LogoutURLs,
      ReadAttributes: current.ReadAttributes,
      WriteAttributes: current.WriteAttributes,
      SupportedIdentityProviders: current.SupportedIdentityProviders,
      ...changed,
    }),
  );
}

/** Makes a client's callback URLs exactly `urls` (a pool kept from an earlier run may name an older app URL). */
function ensureCallbackUrls(client: CognitoIdentityProviderClient, userPoolId: string, clientId: string, urls: string[]) {
  return changeClient(client, userPoolId, clientId, (current) => {
    const have = current.CallbackURLs ?? [];
    return have.length === urls.length && urls.every((url) => have.includes(url)) ? null : { CallbackURLs: urls };
  });
}

/** The ARN the local stack and the tests register Gatehouse's SSO enforcement trigger under. */
export const LOCAL_SSO_ENFORCEMENT_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:gatehouse-sso-enforcement';

/**
 * Makes the SSO enforcement trigger the pool's Pre Authentication and Pre Sign-up trigger, one after the
 * other, as the CDK app's custom resources do in AWS.
 */
export async function attachSsoEnforcement(
  client: CognitoIdentityProviderClient,
  pool: DevPool,
  lambdaArn = LOCAL_SSO_ENFORCEMENT_ARN,
): Promise<void> {
  await attachTrigger(client, pool.userPoolId, 'PreAuthentication', lambdaArn);
  await attachTrigger(client, pool.userPoolId, 'PreSignUp', lambdaArn);
}

/** The resource server whose scopes grant Gatehouse's admin API to API clients (M2M_RESOURCE_SERVER). */
export const ADMIN_API_RESOURCE_SERVER = 'gatehouse';
/** Its scopes, as the API reads them (apps/api/src/http/machine-access.ts). */
export const ADMIN_API_SCOPES = ['read', 'tenants', 'connections'] as const;

export interface ApiClient {
  clientId: string;
  clientSecret: string;
  /** Full scope names, `<resource server>/<scope>`. */
  scopes: string[];
}

/**
 * The admin API's resource server and an API client of the client credentials grant (a confidential
 * client: it has a secret) allowed `scopes` of it, as the CDK app creates them in AWS. Finds an existing
 * client of the same name.
 */
export async function ensureApiClient(
  client: CognitoIdentityProviderClient,
  pool: DevPool,
  options: { name?: string; scopes?: ReadonlyArray<(typeof ADMIN_API_SCOPES)[number]> } = {},
): Promise<ApiClient> {
  const name = options.name ?? 'gatehouse-api-client';
  try {
    await client.send(new DescribeResourceServerCommand({ UserPoolId: pool.userPoolId, Identifier: ADMIN_API_RESOURCE_SERVER }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(
      new CreateResourceServerCommand({
        UserPoolId: pool.userPoolId,
        Identifier: ADMIN_API_RESOURCE_SERVER,
        Name: 'Gatehouse admin API',
        Scopes: ADMIN_API_SCOPES.map((scope) => ({ ScopeName: scope, ScopeDescription: `Gatehouse admin API: ${scope}` })),
      }),
    );
  }
  const scopes = (options.scopes ?? ADMIN_API_SCOPES).map((scope) => `${ADMIN_API_RESOURCE_SERVER}/${scope}`);
  const clients = await client.send(new ListUserPoolClientsCommand({ UserPoolId: pool.userPoolId, MaxResults: 60 }));
  let clientId = clients.UserPoolClients?.find((c) => c.ClientName === name)?.ClientId;
  if (!clientId) {
    clientId = (
      await client.send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool.userPoolId,
          ClientName: name,
          GenerateSecret: true,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['client_credentials'],
          AllowedOAuthScopes: scopes,
        }),
      )
    ).UserPoolClient?.ClientId;
  }
  if (!clientId) throw new Error('The local Cognito returned no app client id');
  const described = (await client.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientId: clientId })))
    .UserPoolClient;
  return { clientId, clientSecret: described?.ClientSecret ?? '', scopes: described?.AllowedOAuthScopes ?? scopes };
}

/** An access token of the client credentials grant, from the pool's token endpoint. */
export async function apiClientToken(pool: DevPool, apiClient: ApiClient, scopes?: string[]): Promise<string> {
  const response = await fetch(`${pool.domainUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${apiClient.clientId}:${apiClient.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...(scopes ? { scope: scopes.join(' ') } : {}) }).toString(),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!response.ok || !body.access_token) throw new Error(`The token endpoint answered ${response.status} ${body.error ?? ''}`);
  return body.access_token;
}

/** The operators' OIDC IdP the local stack registers (federated to the test OIDC IdP). */
export const OPERATORS_IDP_NAME = 'operators-demo';

/**
 * Registers an OIDC IdP for operators and enables it on the operator console's client alone (a
 * read-modify-write of the whole client, since UpdateUserPoolClient resets what it is not given).
 */
export async function ensureOperatorIdp(
  client: CognitoIdentityProviderClient,
  pool: DevPool,
  idp: { issuer: string; clientId: string; clientSecret: string },
): Promise<string> {
  try {
    await client.send(new DescribeIdentityProviderCommand({ UserPoolId: pool.userPoolId, ProviderName: OPERATORS_IDP_NAME }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(
      new CreateIdentityProviderCommand({
        UserPoolId: pool.userPoolId,
        ProviderName: OPERATORS_IDP_NAME,
        ProviderType: 'OIDC',
        ProviderDetails: {
          client_id: idp.clientId,
          client_secret: idp.clientSecret,
          authorize_scopes: 'openid email profile',
          attributes_request_method: 'GET',
          oidc_issuer: idp.issuer,
        },
        AttributeMapping: { email: 'email' },
      }),
    );
  }
  await changeClient(client, pool.userPoolId, pool.operatorClientId, (current) =>
    current.SupportedIdentityProviders?.includes(OPERATORS_IDP_NAME)
      ? null
      : { SupportedIdentityProviders: [...(current.SupportedIdentityProviders ?? []), OPERATORS_IDP_NAME] },
  );
  return OPERATORS_IDP_NAME;
}

/**
 * Adds a federated user to the operators group. Cognito creates a federated user at its first sign-in
 * (there is no way to pre-create an EXTERNAL_PROVIDER user), so this returns false until that happened.
 */
export async function grantOperatorIfSignedIn(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
): Promise<boolean> {
  try {
    await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  } catch (error) {
    if (error instanceof UserNotFoundException) return false;
    throw error;
  }
  await client.send(
    new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: DEV_POOL_NAMES.operatorsGroup }),
  );
  return true;
}
