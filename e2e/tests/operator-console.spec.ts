import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { e2eEnv } from './env.ts';
import { operatorSignsIn } from './steps.ts';
import { freshTenant } from './tenants.ts';

test.describe('operator console', () => {
  test('an operator signs in through Cognito and the OIDC IdP, creates a tenant and issues a working setup link', async ({
    page,
    browser,
  }) => {
    // One journey across three browser contexts, sign-in included: more than the default per-test limit
    // when the machine is busy with the other workers.
    test.setTimeout(120_000);
    const portal = e2eEnv('E2E_PORTAL_URL');
    await page.goto(`${portal}/admin`);
    await expect(page.getByRole('heading', { level: 1, name: 'Operator console' })).toBeVisible();
    await page.getByRole('link', { name: 'Sign in' }).click();
    // The local stack made alice a member of gatehouse-operators.
    await page.getByRole('button', { name: 'Sign in as alice' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();
    await expect(page).toHaveURL(`${portal}/admin`);

    const name = `Operator Test ${randomBytes(3).toString('hex')}`;
    await page.getByRole('link', { name: 'New tenant' }).click();
    await page.getByLabel('Customer name').fill(name);
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

    // The list finds it by a prefix of its name, whatever the case.
    await page.getByRole('link', { name: 'All tenants' }).click();
    await page.getByLabel('Search by name').fill(name.toLowerCase());
    await expect(page.getByRole('link', { name })).toBeVisible();
    await page.getByRole('link', { name }).click();

    await page.getByRole('button', { name: 'Issue a setup link' }).click();
    const linkField = page.getByLabel('New setup link', { exact: true });
    await expect(linkField).toHaveValue(new RegExp(`^${portal}/setup/gsl_`));
    const setupUrl = await linkField.inputValue();
    await expect(page.getByText('Active', { exact: true }).first()).toBeVisible();

    // The IT admin opens it in a browser of their own.
    const itAdmin = await browser.newContext();
    const adminPage = await itAdmin.newPage();
    await adminPage.goto(setupUrl);
    await expect(adminPage.getByRole('heading', { level: 1, name: `Set up single sign-on for ${name}` })).toBeVisible();
    await itAdmin.close();

    // Revoking asks first, then the link stops working.
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect(page.getByText('Revoked', { exact: true })).toBeVisible();
    const late = await browser.newContext();
    const latePage = await late.newPage();
    await latePage.goto(setupUrl);
    await expect(latePage.getByRole('heading', { level: 1, name: 'This setup link cannot be used' })).toBeVisible();
    await late.close();
  });

  test('issuing a link while one is active asks first, and the replaced link tells its holder so', async ({ page, browser }) => {
    test.setTimeout(90_000);
    const { tenantId, setupUrl: oldLink } = await freshTenant('Replaced Link Co');
    await operatorSignsIn(page);
    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/admin/tenants/${tenantId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Replaced Link Co' })).toBeVisible();

    // Cancelling leaves the current link alone.
    await page.getByRole('button', { name: 'Issue a setup link' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Replace the current setup link?' });
    await expect(dialog).toHaveAccessibleDescription(/stops working at once/);
    await expect(dialog.getByRole('button', { name: 'Yes, issue a new link' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByLabel('New setup link', { exact: true })).toHaveCount(0);

    await page.getByRole('button', { name: 'Issue a setup link' }).click();
    await dialog.getByRole('button', { name: 'Yes, issue a new link' }).click();
    const newLink = await page.getByLabel('New setup link', { exact: true }).inputValue();
    expect(newLink).not.toBe(oldLink);
    await expect(page.getByText('Revoked', { exact: true })).toBeVisible();

    // The IT admin still holding the old link is told it was replaced, not that it is merely unusable.
    const itAdmin = await browser.newContext();
    const adminPage = await itAdmin.newPage();
    const exchange = adminPage.waitForResponse((r) => r.url().endsWith('/v1/setup/session') && r.request().method() === 'POST');
    await adminPage.goto(oldLink);
    expect((await (await exchange).json()).error.code).toBe('SETUP_LINK_REPLACED');
    const heading = adminPage.getByRole('heading', { level: 1, name: 'Your setup link was replaced' });
    await expect(heading).toBeVisible();
    await expect(heading).toBeFocused();
    await adminPage.goto(newLink);
    await expect(adminPage.getByRole('heading', { level: 1, name: 'Set up single sign-on for Replaced Link Co' })).toBeVisible();
    await itAdmin.close();
  });
});
