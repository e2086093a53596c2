import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { e2eEnv } from './env.ts';
import { chooseProvider, continueToStep, runTestLogin } from './steps.ts';
import { freshTenant } from './tenants.ts';

/** Saving details updates the test IdP in the local Cognito: on a busy machine more than the default 10 s. */
const SAVE_WAIT = 30_000;

test.describe('wizard progress', () => {
  // A whole setup with a test login through the IdP and Cognito: more than the default 30 s when busy.
  test.describe.configure({ timeout: 120_000 });

  test('the stepper and the setup home follow what the server holds; a submitted revision is read-only', async ({ page }) => {
    await page.goto((await freshTenant('Progress Co')).setupUrl);
    await chooseProvider(page, 'Microsoft Entra ID', /SAML 2.0/);
    await expect(page.getByRole('heading', { level: 1, name: 'Register Gatehouse in Microsoft Entra ID' })).toBeVisible();
    const stepper = page.getByRole('navigation', { name: 'Setup steps' });
    // The state is in each link's name, not in its colour alone.
    await expect(stepper.getByRole('link', { name: 'Identity provider (done)' })).toBeVisible();
    await expect(stepper.getByRole('link', { name: 'Register Gatehouse', exact: true })).toHaveAttribute('aria-current', 'step');

    await stepper.getByRole('link', { name: /Provider details/ }).click();
    await page.getByRole('radio', { name: 'Metadata URL' }).check();
    await page.getByRole('textbox', { name: 'Metadata URL' }).fill(e2eEnv('E2E_SAML_METADATA_URL'));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await continueToStep(page, page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' }), SAVE_WAIT);
    await expect(stepper.getByRole('link', { name: 'Register Gatehouse (done)' })).toBeVisible();
    await expect(stepper.getByRole('link', { name: 'Provider details (done)' })).toBeVisible();
    await expect(stepper.getByRole('link', { name: 'Attributes (done)' })).toHaveAttribute('aria-current', 'step');

    // Metadata with an error finding is refused and changes nothing: the saved metadata stays done.
    await stepper.getByRole('link', { name: /Provider details/ }).click();
    await page.getByRole('textbox', { name: 'Metadata URL' }).fill(e2eEnv('E2E_EXPIRED_SAML_METADATA_URL'));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.locator('[data-code="METADATA_CERTIFICATE_EXPIRED"]')).toBeVisible({ timeout: SAVE_WAIT });
    await expect(stepper.getByRole('link', { name: 'Provider details (done)' })).toBeVisible();

    // A domain whose check failed needs attention, in the stepper and on the setup home.
    await stepper.getByRole('link', { name: /Email domains/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Prove you own your email domains' })).toBeVisible();
    const domain = `progress-${randomUUID().slice(0, 8)}.example.com`;
    await page.getByRole('textbox', { name: 'Email domain' }).fill(domain);
    await page.getByRole('button', { name: 'Add domain' }).click();
    const card = page.getByRole('region', { name: domain });
    await card.getByRole('button', { name: `Verify ${domain}` }).click();
    await expect(card.getByRole('status')).toContainText('No TXT record was found');
    await expect(stepper.getByRole('link', { name: 'Email domains (needs attention)' })).toHaveAttribute('aria-current', 'step');
    await expectAccessible(page, 'the stepper with done and needs-attention steps');

    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/setup`);
    const row = page
      .getByRole('list', { name: 'Your single sign-on connections' })
      .getByRole('listitem')
      .filter({ hasText: 'Microsoft Entra ID' });
    await expect(row).toContainText('4 of 7 steps done');
    await expect(row).toContainText('Next: Email domains needs attention');
    await row.getByRole('link', { name: 'Continue setup: Microsoft Entra ID' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Prove you own your email domains' })).toBeVisible();

    await runTestLogin(page, 'alice', SAVE_WAIT);
    await expect(stepper.getByRole('link', { name: 'Test login (done)' })).toBeVisible({ timeout: SAVE_WAIT });
    await stepper.getByRole('link', { name: /Submit/ }).click();
    await page.getByRole('button', { name: 'Submit for review' }).click();

    // Under review: a banner on every step says so and offers Withdraw; the fields cannot be changed.
    const banner = page.getByRole('region', { name: 'Waiting for review' });
    await expect(banner.getByRole('status')).toContainText(/Submitted for review on/);
    await expect(stepper.getByRole('link', { name: 'Submit (done)' })).toBeVisible();
    await stepper.getByRole('link', { name: /Provider details/ }).click();
    await expect(banner.getByRole('button', { name: 'Withdraw to make changes' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Metadata URL' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Save and continue' })).toHaveCount(0);
    await stepper.getByRole('link', { name: /Attributes/ }).click();
    await expect(page.getByRole('combobox', { name: 'User-pool attribute 1' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Add an attribute' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Save and continue' })).toHaveCount(0);
    await stepper.getByRole('link', { name: /Identity provider/ }).click();
    await expect(page.getByRole('radio', { name: 'Okta' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Continue' })).toHaveCount(0);
    await expectAccessible(page, 'a step read-only under review');

    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/setup`);
    await expect(row).toContainText('Every step is done; the service provider is reviewing it.');
    await row.getByRole('link', { name: 'View: Microsoft Entra ID' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Submit for review' })).toBeVisible();

    // Withdrawn, the steps are editable again.
    await page.getByRole('button', { name: 'Withdraw to make changes' }).click();
    await expect(page.getByRole('region', { name: 'Waiting for review' })).toHaveCount(0);
    await stepper.getByRole('link', { name: /Attributes/ }).click();
    await expect(page.getByRole('combobox', { name: 'User-pool attribute 1' })).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Save and continue' })).toBeEnabled();
  });
});
