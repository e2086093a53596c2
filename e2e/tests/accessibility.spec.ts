import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { e2eEnv } from './env.ts';
import { chooseProvider, operatorSignsIn, WIZARD_STEPS } from './steps.ts';
import { freshTenant } from './tenants.ts';

/** Waits for the page's main heading, so axe judges the page and not a loading state. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
}

test.describe('accessibility (axe-core, serious and critical violations)', () => {
  test('every step of the setup wizard, and the pages around it', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/setup`);
    await settled(page);
    await expectAccessible(page, 'the setup page without a session');

    const { setupUrl } = await freshTenant('Accessible Co');
    await page.goto(setupUrl);
    await settled(page);
    await expectAccessible(page, 'the setup home');

    await page.getByRole('link', { name: 'Add a connection' }).click();
    await settled(page);
    await expectAccessible(page, 'choosing the identity provider');
    await page.goto(setupUrl.replace(/\/setup\/.*$/, '/setup'));
    await settled(page);

    await chooseProvider(page, 'Okta', /SAML 2.0/);
    await settled(page);
    const steps = page.getByRole('navigation', { name: 'Setup steps' });
    for (const step of WIZARD_STEPS) {
      await steps.getByRole('link', { name: new RegExp(step) }).click();
      await settled(page);
      await expectAccessible(page, `the wizard step “${step}”`);
    }
  });

  test('an unusable setup link', async ({ page }) => {
    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/setup/gsl_${'x'.repeat(43)}`);
    await settled(page);
    await expectAccessible(page, 'the refusal of a setup link');
  });

  test('every page of the operator console', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/admin`);
    await settled(page);
    await expectAccessible(page, 'the console before signing in');
    await operatorSignsIn(page);
    await settled(page);
    await expectAccessible(page, 'the tenant list');

    await page.getByRole('link', { name: 'New tenant' }).click();
    await settled(page);
    await expectAccessible(page, 'creating a tenant');

    // The local stack seeds Demo Live Company with a live connection.
    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/admin`);
    await settled(page);
    const lookup = page.getByRole('region', { name: 'Where does this email go?' });
    await lookup.getByLabel('Email address').fill('someone@demo-sso.example.com');
    await lookup.getByRole('button', { name: 'Look up' }).click();
    await expect(lookup.getByRole('link', { name: 'Open Demo Live Company' })).toBeVisible();
    await expectAccessible(page, 'the tenant list with a route lookup answered');
    await lookup.getByRole('link', { name: 'Open Demo Live Company' }).click();
    await settled(page);
    await expectAccessible(page, 'a tenant');

    await page
      .getByRole('link', { name: /^Open / })
      .first()
      .click();
    await settled(page);
    await expectAccessible(page, 'a connection’s review page');

    for (const [path, what] of [
      ['/admin/activity', 'the activity log'],
      ['/admin/monitoring', 'monitoring'],
      ['/admin/branding', 'the branding page'],
      ['/admin/nowhere', 'a page that does not exist'],
    ]) {
      await page.goto(`${e2eEnv('E2E_PORTAL_URL')}${path}`);
      await settled(page);
      await expectAccessible(page, what ?? path ?? '');
    }
  });
});
