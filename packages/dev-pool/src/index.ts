import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolDomainCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/** Names of what the local stack creates in the local Cognito; the CDK app creates the same in AWS. */
export const DEV_POOL_NAMES = {
  pool: 'gatehouse-local',
  domain: 'gatehouse-local',
  testLoginClient: 'gatehouse-test-login',
  appClient: 'demo-saas-app',
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

  return {
    userPoolId,
    domain: DEV_POOL_NAMES.domain,
    domainUrl: options.domainUrl(DEV_POOL_NAMES.domain),
    testClientId,
    appClientId,
  };
}
