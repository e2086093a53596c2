/** Values prepared by global-setup.ts. */
export type E2eVariable =
  | 'E2E_PORTAL_URL'
  | 'E2E_DEMO_SETUP_URL'
  | 'E2E_DEMO_TENANT_NAME'
  | 'E2E_EXPIRED_SETUP_URL'
  | 'E2E_REVOKED_SETUP_URL'
  | 'E2E_SAML_METADATA_URL'
  | 'E2E_WRONG_AUDIENCE_METADATA_URL'
  | 'E2E_SLASHED_OIDC_URL'
  | 'E2E_UPN_SAML_METADATA_URL'
  | 'E2E_OIDC_ISSUER'
  | 'E2E_OIDC_CLIENT_ID'
  | 'E2E_OIDC_CLIENT_SECRET'
  | 'E2E_DYNAMODB_ENDPOINT'
  | 'E2E_TABLE'
  | 'E2E_EXPIRED_SAML_METADATA_URL'
  | 'E2E_BASIC_ONLY_OIDC_ISSUER'
  | 'E2E_DOMAINS_SETUP_URL'
  | 'E2E_DNS_ADMIN_URL'
  | 'E2E_DNS_ADMIN_TOKEN'
  | 'E2E_COGNITO_DOMAIN_URL'
  | 'E2E_APP_CLIENT_ID'
  | 'E2E_APP_CALLBACK_URL'
  | 'E2E_DEMO_APP_URL'
  | 'E2E_COGNITO_ENDPOINT'
  | 'E2E_USER_POOL_ID'
  | 'E2E_DEMO_LIVE_TENANT'
  | 'E2E_DEMO_LIVE_DOMAIN';

export function e2eEnv(name: E2eVariable): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through playwright.config.ts`);
  return value;
}
