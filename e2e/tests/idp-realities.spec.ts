import { expect, type Page, test } from '@playwright/test';
import { e2eEnv } from './env.ts';
import { chooseProvider, continueToStep } from './steps.ts';
import { freshTenant } from './tenants.ts';

/** Saving details updates the test IdP in the local Cognito: on a busy machine this outlasts 10 s. */
const SAVE_WAIT = 30_000;

async function providerDetails(page: Page, vendor: string, protocol: RegExp) {
  await page.goto((await freshTenant('Realities Co')).setupUrl);
  await chooseProvider(page, vendor, protocol);
  await page
    .getByRole('navigation', { name: 'Setup steps' })
    .getByRole('link', { name: /Provider details/ })
    .click();
}

async function backToDetails(page: Page) {
  await continueToStep(page, page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' }), SAVE_WAIT);
  await page
    .getByRole('navigation', { name: 'Setup steps' })
    .getByRole('link', { name: /Provider details/ })
    .click();
}

test.describe('identity providers as they really are', () => {
  test('an IdP that publishes its issuer with a trailing slash is saved, without it, saying so', async ({ page }) => {
    await providerDetails(page, 'Auth0', /OpenID Connect/);
    // Typed without the slash, as Cognito wants it, while the IdP publishes it with one.
    await page.getByRole('textbox', { name: 'Issuer URL' }).fill(e2eEnv('E2E_SLASHED_OIDC_URL'));
    await page.getByRole('textbox', { name: 'Client ID' }).fill(e2eEnv('E2E_OIDC_CLIENT_ID'));
    await page.getByLabel('Client secret').fill(e2eEnv('E2E_OIDC_CLIENT_SECRET'));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await backToDetails(page);
    await expect(page.locator('[data-code="OIDC_ISSUER_PUBLISHED_WITH_SLASH"]')).toBeVisible();
    await expect(page.locator('[data-code="OIDC_ISSUER_TRAILING_SLASH"]')).toHaveCount(0);
    await expect(page.getByRole('textbox', { name: 'Issuer URL' })).toHaveValue(e2eEnv('E2E_SLASHED_OIDC_URL'));
  });

  test('Entra’s default Name ID is warned about at save, with where to change it', async ({ page }) => {
    await providerDetails(page, 'Microsoft Entra ID', /SAML 2.0/);
    await page.getByRole('radio', { name: 'Metadata URL' }).check();
    await page.getByRole('textbox', { name: 'Metadata URL' }).fill(e2eEnv('E2E_UPN_SAML_METADATA_URL'));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await backToDetails(page);
    const warning = page.locator('[data-code="METADATA_VENDOR_DEFAULT_NAMEID"]');
    await expect(warning).toBeVisible();
    await expect(warning).toContainText('user.objectid');
  });

  test('after a test, "Test as another user" says how to get past the SAML IdP’s session', async ({ page }) => {
    await providerDetails(page, 'Microsoft Entra ID', /SAML 2.0/);
    await page.getByRole('radio', { name: 'Metadata URL' }).check();
    await page.getByRole('textbox', { name: 'Metadata URL' }).fill(e2eEnv('E2E_SAML_METADATA_URL'));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await continueToStep(page, page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' }), SAVE_WAIT);
    await page
      .getByRole('navigation', { name: 'Setup steps' })
      .getByRole('link', { name: /Test login/ })
      .click();
    const first = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Test login' }).click();
    const popup = await first;
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Sign in as alice' }).click();
    await closed;
    await expect(page.getByRole('heading', { level: 2, name: /^Last test: / })).toBeVisible({ timeout: SAVE_WAIT });

    const second = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Test as another user' }).click();
    const another = await second;
    await expect(page.getByRole('note').filter({ hasText: /private window/ })).toBeVisible();
    const anotherClosed = another.waitForEvent('close');
    await another.getByRole('button', { name: 'Sign in as bob' }).click();
    await anotherClosed;
    await expect(page.getByText(/bob@acme\.example/).first()).toBeVisible({ timeout: SAVE_WAIT });
  });
});
