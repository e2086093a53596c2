// The request shape both the builders (index.ts) and the code export (iac.ts) speak, in a module of its
// own so that neither imports the other for it.

/** CreateIdentityProvider's input, with the AWS SDK's field names; core does not import the SDK. */
export interface CreateIdentityProviderInput {
  UserPoolId: string;
  ProviderName: string;
  ProviderType: 'SAML' | 'OIDC';
  ProviderDetails: Record<string, string>;
  AttributeMapping?: Record<string, string>;
  IdpIdentifiers?: string[];
}
