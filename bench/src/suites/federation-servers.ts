// Child process of the federation suite: cognito-local with a pool federating to both test IdPs.
import {
  CognitoIdentityProviderClient,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startCognitoLocal } from '@gatehouse/cognito-local';
import { startOidcIdp, startSamlIdp } from '@gatehouse/test-idps';

const REDIRECT = 'http://127.0.0.1:9/bench/callback';
const local = await startCognitoLocal({ allowLoopbackHttp: true });
const cognito = new CognitoIdentityProviderClient({
  endpoint: local.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: 'bench' }));
const poolId = UserPool?.Id ?? '';
await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'bench' }));
const base = local.domainBaseUrl('bench');
const [saml, oidc] = await Promise.all([
  startSamlIdp({ serviceProviders: [{ entityId: `urn:amazon:cognito:sp:${poolId}`, acsUrl: `${base}/saml2/idpresponse` }] }),
  startOidcIdp({ clients: [{ clientId: 'bench', clientSecret: 'bench-secret', redirectUris: [`${base}/oauth2/idpresponse`] }] }),
]);
await cognito.send(
  new CreateIdentityProviderCommand({
    UserPoolId: poolId,
    ProviderName: 'Saml',
    ProviderType: 'SAML',
    ProviderDetails: { MetadataFile: saml.metadataXml() },
    AttributeMapping: { email: 'email', given_name: 'given_name' },
  }),
);
await cognito.send(
  new CreateIdentityProviderCommand({
    UserPoolId: poolId,
    ProviderName: 'Oidc',
    ProviderType: 'OIDC',
    ProviderDetails: {
      client_id: 'bench',
      client_secret: 'bench-secret',
      authorize_scopes: 'openid email profile',
      attributes_request_method: 'GET',
      oidc_issuer: oidc.issuer,
    },
    AttributeMapping: { email: 'email', given_name: 'given_name' },
  }),
);
const { UserPoolClient } = await cognito.send(
  new CreateUserPoolClientCommand({
    UserPoolId: poolId,
    ClientName: 'bench',
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email', 'profile'],
    CallbackURLs: [REDIRECT],
    SupportedIdentityProviders: ['Saml', 'Oidc'],
  }),
);
cognito.destroy();
process.stdout.write(`${JSON.stringify({ base, clientId: UserPoolClient?.ClientId, redirect: REDIRECT })}\n`);
process.on('SIGTERM', () => {
  Promise.all([local.stop(), saml.stop(), oidc.stop()]).finally(() => process.exit(0));
});
