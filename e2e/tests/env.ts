/** Values prepared by global-setup.ts. */
export function e2eEnv(
  name:
    | 'E2E_PORTAL_URL'
    | 'E2E_DEMO_SETUP_URL'
    | 'E2E_DEMO_TENANT_NAME'
    | 'E2E_EXPIRED_SETUP_URL'
    | 'E2E_REVOKED_SETUP_URL'
    | 'E2E_DOMAINS_SETUP_URL'
    | 'E2E_DNS_ADMIN_URL'
    | 'E2E_DNS_ADMIN_TOKEN',
): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through playwright.config.ts`);
  return value;
}
