import { expect, test } from '@playwright/test';
import { e2eEnv } from './env.ts';
import { freshTenant } from './tenants.ts';

test.describe('starting a connection', () => {
  test('picks Okta over SAML, sees what to register with copy buttons, and resumes there after a reload', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2eEnv('E2E_PORTAL_URL') });
    await page.goto((await freshTenant('Start Co')).setupUrl);
    await page.getByRole('link', { name: 'Add a connection' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Choose your identity provider' })).toBeFocused();
    await page.getByRole('group', { name: 'Identity provider' }).getByRole('radio', { name: 'Okta' }).check();
    await page
      .getByRole('group', { name: 'Protocol' })
      .getByRole('radio', { name: /SAML 2.0/ })
      .check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Register Gatehouse in Okta' })).toBeVisible();
    await expect(page).toHaveURL(/\/setup\/connections\/c[a-z2-7]+\/register$/);
    const audience = page.getByRole('textbox', { name: 'Audience URI (SP Entity ID)' });
    await expect(audience).toHaveValue(/^urn:amazon:cognito:sp:[\w-]+_[0-9a-zA-Z]+$/);
    await expect(page.getByRole('textbox', { name: 'Single sign-on URL' })).toHaveValue(/\/saml2\/idpresponse$/);

    await page.getByRole('button', { name: 'Copy Audience URI (SP Entity ID)' }).click();
    await expect(page.getByRole('button', { name: 'Copy Audience URI (SP Entity ID)' })).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await audience.inputValue());

    const stepper = page.getByRole('navigation', { name: 'Setup steps' });
    await expect(stepper.getByRole('link', { name: /Register Gatehouse/ })).toHaveAttribute('aria-current', 'step');

    // The server owns progress: the list of connections sends the admin back to the step they were on.
    // Other journeys add Okta connections to the same demo tenant in parallel: pick this one by its id.
    const id = new URL(page.url()).pathname.split('/')[3] ?? '';
    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/setup`);
    await page
      .getByRole('link', { name: /Continue setup: Okta/ })
      .and(page.locator(`[href*="/${id}/"]`))
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Register Gatehouse in Okta' })).toBeVisible();
  });

  test('an unknown connection id shows a clear page', async ({ page }) => {
    await page.goto((await freshTenant('Start Co')).setupUrl);
    await expect(page.getByRole('heading', { level: 1, name: /Set up single sign-on/ })).toBeVisible();
    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/setup/connections/cnotarealone/register`);
    await expect(page.getByRole('heading', { level: 1, name: 'Connection not found' })).toBeVisible();
  });
});
