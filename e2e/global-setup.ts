import { issueSetupLink, revokeSetupLink } from '@gatehouse/api';
import { DEMO_OIDC_CLIENT, startLocalStack } from '@gatehouse/cli/local-stack';
import { startOidcIdp, startSamlIdp } from '@gatehouse/test-idps';
import type { FullConfig } from '@playwright/test';
import { seedLiveConnection } from './lifecycle-seed.ts';

/**
 * Starts the whole local stack once (in memory, free ports) and prepares the links the journeys open.
 * Values reach the test workers through environment variables, which they inherit.
 */
export default async function globalSetup(_config: FullConfig) {
  const stack = await startLocalStack({ port: 0, logLevel: 'warn' });
  const { deps } = stack;
  const issue = (tenantId: string, now: Date, ttlHours = 72) =>
    issueSetupLink(deps.tenants, { tenantId, ttlHours, createdBy: 'e2e', publicUrl: deps.config.publicUrl, now });

  const { createTenant } = await import('@gatehouse/api');
  await createTenant(deps.tenants, { id: 'expired-co', name: 'Expired Co' }, new Date());
  const expired = await issue('expired-co', new Date(Date.now() - 73 * 3_600_000));

  await createTenant(deps.tenants, { id: 'revoked-co', name: 'Revoked Co' }, new Date());
  const revoked = await issue('revoked-co', new Date());
  await revokeSetupLink(deps.tenants, 'revoked-co', revoked.link.id, new Date());

  // Identity providers set up wrong on purpose, for the failures an admin must be able to fix unaided.
  const sp = { entityId: `urn:amazon:cognito:sp:${stack.pool.userPoolId}`, acsUrl: `${stack.pool.domainUrl}/saml2/idpresponse` };
  const expiredSaml = await startSamlIdp({
    serviceProviders: [sp],
    certificate: { notBefore: new Date(Date.now() - 400 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) },
  });
  const basicOnlyOidc = await startOidcIdp({
    tokenEndpointAuthMethods: ['client_secret_basic'],
    clients: [
      {
        ...DEMO_OIDC_CLIENT,
        redirectUris: [`${stack.pool.domainUrl}/oauth2/idpresponse`],
        tokenEndpointAuthMethod: 'client_secret_basic',
      },
    ],
  });
  // The domain journeys get a tenant of their own, so their connections never mix with other journeys'.
  await createTenant(deps.tenants, { id: 'domains-co', name: 'Domains Co' }, new Date());
  const domainsLink = await issue('domains-co', new Date());

  // A SAML IdP that addresses its responses to another service provider, so the test login shows how the
  // Cognito error it causes is explained.
  const wrongAudienceIdp = await startSamlIdp({
    shape: 'entra',
    serviceProviders: [sp],
  });
  wrongAudienceIdp.setBehaviour('wrong-audience');
  // An OIDC IdP that publishes its issuer with a trailing slash, as Auth0 does.
  const slashedOidc = await startOidcIdp({
    issuerTrailingSlash: true,
    clients: [{ ...DEMO_OIDC_CLIENT, redirectUris: [`${stack.pool.domainUrl}/oauth2/idpresponse`] }],
  });
  // A SAML IdP whose application still sends Entra's default Name ID (the address, not the object id).
  const upnSaml = await startSamlIdp({ shape: 'entra', nameIdFormat: 'email', serviceProviders: [sp] });

  // The lifecycle journey's tenant: a live connection with an earlier revision to roll back to.
  await createTenant(deps.tenants, { id: 'lifecycle-co', name: 'Lifecycle Co' }, new Date());
  await seedLiveConnection(deps, 'lifecycle-co', stack.samlIdp.metadataXml());

  process.env.E2E_PORTAL_URL = stack.portalUrl;
  process.env.E2E_EXPIRED_SAML_METADATA_URL = expiredSaml.metadataUrl;
  process.env.E2E_BASIC_ONLY_OIDC_ISSUER = basicOnlyOidc.issuer;
  process.env.E2E_WRONG_AUDIENCE_METADATA_URL = wrongAudienceIdp.metadataUrl;
  process.env.E2E_SLASHED_OIDC_URL = slashedOidc.url;
  process.env.E2E_UPN_SAML_METADATA_URL = upnSaml.metadataUrl;
  process.env.E2E_DEMO_SETUP_URL = stack.demo.setupUrl;
  process.env.E2E_DEMO_TENANT_NAME = stack.demo.tenantName;
  process.env.E2E_EXPIRED_SETUP_URL = expired.url;
  process.env.E2E_REVOKED_SETUP_URL = revoked.url;
  process.env.E2E_DYNAMODB_ENDPOINT = stack.dynamoEndpoint;
  process.env.E2E_TABLE = stack.tableName;
  process.env.E2E_SAML_METADATA_URL = stack.samlIdp.metadataUrl;
  process.env.E2E_OIDC_ISSUER = stack.oidcIdp.issuer;
  process.env.E2E_OIDC_CLIENT_ID = DEMO_OIDC_CLIENT.clientId;
  process.env.E2E_OIDC_CLIENT_SECRET = DEMO_OIDC_CLIENT.clientSecret;
  // The stack's DNS server answers the API's domain verification; journeys publish records through it.
  process.env.E2E_DOMAINS_SETUP_URL = domainsLink.url;
  process.env.E2E_DNS_ADMIN_URL = stack.dns.admin.url;
  process.env.E2E_DNS_ADMIN_TOKEN = stack.dns.admin.token;
  // The SaaS's own application: a production app client whose users sign in through live IdPs.
  process.env.E2E_COGNITO_DOMAIN_URL = stack.pool.domainUrl;
  process.env.E2E_APP_CLIENT_ID = stack.pool.appClientId;
  process.env.E2E_APP_CALLBACK_URL = stack.demoApp.callbackUrl;
  process.env.E2E_DEMO_APP_URL = stack.demoApp.url;
  process.env.E2E_COGNITO_ENDPOINT = stack.cognitoEndpoint;
  process.env.E2E_USER_POOL_ID = stack.pool.userPoolId;
  process.env.E2E_DEMO_LIVE_TENANT = stack.demoLive.tenantId;
  process.env.E2E_DEMO_LIVE_DOMAIN = stack.demoLive.domain;

  return async () => {
    await Promise.all([expiredSaml.stop(), basicOnlyOidc.stop(), wrongAudienceIdp.stop(), slashedOidc.stop(), upnSaml.stop()]);
    await stack.stop();
  };
}
