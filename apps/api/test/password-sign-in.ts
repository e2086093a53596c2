import {
  AdminInitiateAuthCommand,
  type CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/**
 * A password sign-in over the API (ADMIN_USER_PASSWORD_AUTH), as a SaaS's backend makes it. The pool's app
 * client is given that flow first when it lacks it, by read-modify-write: UpdateUserPoolClient resets what
 * it is not sent.
 */
export async function adminPasswordSignIn(
  cognito: CognitoIdentityProviderClient,
  pool: { userPoolId: string; appClientId: string },
  username: string,
  password: string,
) {
  const client = (
    await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientId: pool.appClientId }))
  ).UserPoolClient;
  if (!client?.ExplicitAuthFlows?.includes('ALLOW_ADMIN_USER_PASSWORD_AUTH')) {
    await cognito.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: pool.userPoolId,
        ClientId: pool.appClientId,
        ClientName: client?.ClientName,
        AllowedOAuthFlowsUserPoolClient: client?.AllowedOAuthFlowsUserPoolClient,
        AllowedOAuthFlows: client?.AllowedOAuthFlows,
        AllowedOAuthScopes: client?.AllowedOAuthScopes,
        CallbackURLs: client?.CallbackURLs,
        SupportedIdentityProviders: client?.SupportedIdentityProviders,
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
  }
  return cognito.send(
    new AdminInitiateAuthCommand({
      UserPoolId: pool.userPoolId,
      ClientId: pool.appClientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
}
