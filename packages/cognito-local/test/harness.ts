import {
  CognitoIdentityProviderClient,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestOidcIdp } from '@gatehouse/test-idps';
import { type CognitoLocal, type CognitoLocalOptions, startCognitoLocal } from '../src/index.ts';

export interface Harness {
  local: CognitoLocal;
  cognito: CognitoIdentityProviderClient;
  stop(): Promise<void>;
}

/** Starts cognito-local on a free port with an SDK client that does not retry, so faults reach the test. */
export async function startHarness(options: CognitoLocalOptions = {}): Promise<Harness> {
  const local = await startCognitoLocal(options);
  const cognito = new CognitoIdentityProviderClient({
    endpoint: local.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return {
    local,
    cognito,
    stop: async () => {
      cognito.destroy();
      await local.stop();
    },
  };
}

/** The exception name the SDK surfaces for a failed command (its `__type`). */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the command to fail');
}

export const CUSTOM_SCHEMA = [
  { Name: 'tenant', AttributeDataType: 'String' as const, Mutable: true },
  { Name: 'frozen', AttributeDataType: 'String' as const, Mutable: false },
];

/** A pool with a mutable and an immutable custom attribute and a domain. */
export async function createPool(cognito: CognitoIdentityProviderClient, domain?: string): Promise<string> {
  const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: 'gatehouse-test', Schema: CUSTOM_SCHEMA }));
  const poolId = UserPool?.Id ?? '';
  if (domain) await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
  return poolId;
}

export async function createOAuthClient(
  cognito: CognitoIdentityProviderClient,
  poolId: string,
  providers: string[],
  callback: string,
  secret = false,
) {
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'app',
      GenerateSecret: secret,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [callback],
      LogoutURLs: [callback],
      SupportedIdentityProviders: providers,
    }),
  );
  return { clientId: UserPoolClient?.ClientId ?? '', clientSecret: UserPoolClient?.ClientSecret };
}

/** Minimal SAML IdP metadata with a given certificate (base64 DER), for control-plane tests. */
export function samlMetadata(certificate: string, entityId = 'https://idp.example.com/saml'): string {
  return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

/**
 * A pool named after its `domain`, with that domain and an OIDC IdP "Oidc" of the test OIDC server (which
 * learns the pool's redirect URI), and the triggers in `lambdaConfig`. Returns the pool and its domain URL.
 */
export async function createOidcPool(
  h: Harness,
  oidc: TestOidcIdp,
  domain: string,
  options: { lambdaConfig?: LambdaConfigType; attributeMapping: Record<string, string> },
): Promise<{ poolId: string; base: string }> {
  const secret = 'oidc-client-secret';
  const { UserPool } = await h.cognito.send(
    new CreateUserPoolCommand({
      PoolName: domain,
      Schema: CUSTOM_SCHEMA,
      ...(options.lambdaConfig ? { LambdaConfig: options.lambdaConfig } : {}),
    }),
  );
  const poolId = UserPool?.Id ?? '';
  await h.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
  const base = h.local.domainBaseUrl(domain);
  oidc.registerClient({ clientId: domain, clientSecret: secret, redirectUris: [`${base}/oauth2/idpresponse`] });
  await h.cognito.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: 'Oidc',
      ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: domain,
        client_secret: secret,
        authorize_scopes: 'openid email profile',
        attributes_request_method: 'GET',
        oidc_issuer: oidc.issuer,
      },
      AttributeMapping: options.attributeMapping,
    }),
  );
  return { poolId, base };
}
