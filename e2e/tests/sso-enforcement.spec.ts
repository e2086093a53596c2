import { randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { expect, type Page, test } from '@playwright/test';
import { e2eEnv } from './env.ts';
import { operatorSignsIn } from './steps.ts';

const PASSWORD = 'Correct-Horse-9-battery';

/** A password user of the SaaS's pool, made as the SaaS would (AdminCreateUser), with an address at `domain`. */
async function passwordUser(domain: string) {
  const username = `pat-${randomBytes(3).toString('hex')}`;
  const cognito = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: e2eEnv('E2E_COGNITO_ENDPOINT'),
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const UserPoolId = e2eEnv('E2E_USER_POOL_ID');
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@${domain}` }],
    }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: PASSWORD, Permanent: true }));
  return { username, email: `${username}@${domain}` };
}

/** The demo SaaS app's password sign-in, through Cognito's managed login form. */
async function passwordSignIn(page: Page, username: string) {
  await page.goto(e2eEnv('E2E_DEMO_APP_URL'));
  await page.getByRole('link', { name: 'Sign in with a password instead' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The operator's switch on the tenant page, saved. */
async function setEnforcement(page: Page, on: boolean) {
  const panel = page.getByRole('region', { name: 'Single sign-on required' });
  const box = panel.getByRole('checkbox', { name: 'Require single sign-on for this tenant’s verified domains' });
  await box.setChecked(on);
  await panel.getByRole('button', { name: 'Save' }).click();
  // The list of password users below reloads after a save and shows its own loading status.
  await expect(panel.getByRole('status').filter({ hasText: /^Saved:/ })).toHaveText(
    on ? 'Saved: single sign-on is required.' : 'Saved: single sign-on is not required.',
  );
  return panel;
}

test.describe('SSO enforcement', () => {
  test('an operator requires SSO: the password user of the domain is refused with a message, the federated user signs in; lifted, both sign in', async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const tenantId = e2eEnv('E2E_DEMO_LIVE_TENANT');
    const domain = e2eEnv('E2E_DEMO_LIVE_DOMAIN');
    const user = await passwordUser(domain);

    await operatorSignsIn(page);
    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/admin/tenants/${tenantId}`);
    const panel = await setEnforcement(page, true);
    await expect(panel.getByRole('list', { name: 'Verified domains' })).toContainText(`${domain} — password sign-in refused now`);
    // The password users the setting locks out are listed, to disable.
    await expect(panel.getByRole('button', { name: `Disable ${user.email}` })).toBeVisible();

    const native = await browser.newContext();
    const nativePage = await native.newPage();
    await passwordSignIn(nativePage, user.username);
    await expect(nativePage.getByRole('alert')).toContainText(`${domain} signs in with your company's single sign-on`);
    await expect(nativePage.getByRole('heading', { name: 'Acme Projects', exact: true })).toHaveCount(0);

    // The company's users sign in through their IdP as before.
    const federated = await browser.newContext();
    const federatedPage = await federated.newPage();
    await federatedPage.goto(e2eEnv('E2E_DEMO_APP_URL'));
    await federatedPage.getByLabel('Work email').fill(`alice@${domain}`);
    await federatedPage.getByRole('button', { name: 'Continue' }).click();
    await federatedPage.getByRole('button', { name: 'Sign in as alice' }).click();
    await expect(federatedPage.getByTestId('tenant-id')).toHaveText(tenantId);
    await federated.close();

    // Lifted: the password user signs in again.
    await setEnforcement(page, false);
    await passwordSignIn(nativePage, user.username);
    await expect(nativePage.getByRole('heading', { level: 1, name: 'Acme Projects' })).toBeVisible();
    await expect(nativePage.getByText(`Signed in as ${user.email}`)).toBeVisible();
    // A password user belongs to no tenant: no tenant_id in their tokens.
    await expect(nativePage.getByTestId('tenant-id')).toHaveText('none');
    await native.close();
  });
});
