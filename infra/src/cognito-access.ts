import {
  COGNITO_IDP_ACTIONS,
  envDefault,
  MACHINE_SCOPES,
  OAUTH_CALLBACK_PATHS,
  OPERATORS_GROUP,
} from '@gatehouse/api/infra-contract';
import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

export interface CognitoAccessProps {
  /** Id of the existing user pool (the UserPoolId parameter). */
  userPoolId: string;
  /** The portal's URL: the OAuth clients' callback and sign-out URLs are on it. */
  portalUrl: string;
}

/**
 * What Gatehouse adds to the SaaS's existing user pool: the operators group, the OAuth clients of the test
 * login and the operator console, and the admin API's resource server and client credentials client; and
 * the IAM statement that lets a function manage the pool.
 *
 * Not a construct of its own: everything is created directly in `scope` (the stack), so the logical IDs
 * stay those of the deployed stack (a replaced app client would get a new id).
 */
export class CognitoAccess {
  readonly userPool: cognito.IUserPool;
  /** Test IdPs are enabled on this client only (by the API), never on the production clients. */
  readonly testLoginClient: cognito.UserPoolClient;
  readonly operatorClient: cognito.UserPoolClient;
  /** The admin API's resource server: its scopes grant the admin API. */
  readonly adminApi: cognito.UserPoolResourceServer;
  /** The admin API client, of the client credentials grant. */
  readonly apiClient: cognito.UserPoolClient;

  constructor(scope: Construct, props: CognitoAccessProps) {
    const userPool = cognito.UserPool.fromUserPoolId(scope, 'UserPool', props.userPoolId);
    this.userPool = userPool;
    new cognito.CfnUserPoolGroup(scope, 'OperatorsGroup', {
      userPoolId: props.userPoolId,
      groupName: OPERATORS_GROUP,
      description: 'May sign in to the Gatehouse operator console',
    });
    const oauthClient = (id: string, name: string, callbackPath: string, logoutPath: string) =>
      new cognito.UserPoolClient(scope, id, {
        userPool,
        userPoolClientName: name,
        generateSecret: false,
        authFlows: {},
        preventUserExistenceErrors: true,
        oAuth: {
          flows: { authorizationCodeGrant: true },
          scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
          callbackUrls: [`${props.portalUrl}${callbackPath}`],
          logoutUrls: [`${props.portalUrl}${logoutPath}`],
        },
        idTokenValidity: Duration.minutes(15),
        accessTokenValidity: Duration.minutes(15),
        refreshTokenValidity: Duration.hours(1),
      });
    this.testLoginClient = oauthClient('TestLoginClient', 'gatehouse-test-login', OAUTH_CALLBACK_PATHS.testLogin, '/setup');
    this.operatorClient = oauthClient(
      'OperatorClient',
      'gatehouse-operator-console',
      OAUTH_CALLBACK_PATHS.operatorSignIn,
      '/admin',
    );

    // The admin API for the SaaS's backend: a resource server whose scopes grant it, and an API client of
    // the client credentials grant (a confidential client; its secret stays in Cognito).
    const adminApi = new cognito.UserPoolResourceServer(scope, 'AdminApiResourceServer', {
      userPool,
      identifier: envDefault('M2M_RESOURCE_SERVER'),
      userPoolResourceServerName: 'Gatehouse admin API',
      scopes: MACHINE_SCOPES.map(
        (scope) => new cognito.ResourceServerScope({ scopeName: scope, scopeDescription: `Gatehouse admin API: ${scope}` }),
      ),
    });
    this.adminApi = adminApi;
    this.apiClient = new cognito.UserPoolClient(scope, 'AdminApiClient', {
      userPool,
      userPoolClientName: 'gatehouse-api-client',
      generateSecret: true,
      authFlows: {},
      // No user ever signs in through it.
      supportedIdentityProviders: [],
      oAuth: {
        flows: { clientCredentials: true },
        scopes: MACHINE_SCOPES.map((scope) =>
          cognito.OAuthScope.resourceServer(
            adminApi,
            new cognito.ResourceServerScope({ scopeName: scope, scopeDescription: scope }),
          ),
        ),
      },
      accessTokenValidity: Duration.minutes(60),
    });
  }

  /** Lets `fn` call the Cognito operations the API uses (COGNITO_IDP_ACTIONS), on this pool only. */
  grantUserPool(fn: lambda.IFunction): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'GatehouseCognitoUserPool',
        actions: [...COGNITO_IDP_ACTIONS],
        resources: [this.userPool.userPoolArn],
      }),
    );
  }
}
