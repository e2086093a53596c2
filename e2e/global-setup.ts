import { issueSetupLink, revokeSetupLink } from '@gatehouse/api';
import { startLocalStack } from '@gatehouse/cli/local-stack';
import type { FullConfig } from '@playwright/test';

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

  // The domain journeys get a tenant of their own, so their connections never mix with other journeys'.
  await createTenant(deps.tenants, { id: 'domains-co', name: 'Domains Co' }, new Date());
  const domainsLink = await issue('domains-co', new Date());

  process.env.E2E_PORTAL_URL = stack.portalUrl;
  process.env.E2E_DEMO_SETUP_URL = stack.demo.setupUrl;
  process.env.E2E_DEMO_TENANT_NAME = stack.demo.tenantName;
  process.env.E2E_EXPIRED_SETUP_URL = expired.url;
  process.env.E2E_REVOKED_SETUP_URL = revoked.url;
  // The stack's DNS server answers the API's domain verification; journeys publish records through it.
  process.env.E2E_DOMAINS_SETUP_URL = domainsLink.url;
  process.env.E2E_DNS_ADMIN_URL = stack.dns.admin.url;
  process.env.E2E_DNS_ADMIN_TOKEN = stack.dns.admin.token;

  return async () => {
    await stack.stop();
  };
}
