import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { e2eEnv } from './env.ts';
import { publishTxt } from './steps.ts';

/** Opens the setup link of the journeys' own tenant, starts a connection and goes to the domains step through the step list. */
async function openDomainsStep(page: Page) {
  await page.goto(e2eEnv('E2E_DOMAINS_SETUP_URL'));
  await page.getByRole('link', { name: 'Add a connection' }).click();
  await page.getByRole('group', { name: 'Identity provider' }).getByRole('radio', { name: 'Okta' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Register Gatehouse in Okta' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Setup steps' })
    .getByRole('link', { name: /Email domains/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Prove you own your email domains' })).toBeFocused();
}

test.describe('email domains', () => {
  test('a domain is verified through the local DNS server, after a clear reason while the record is missing', async ({
    page,
  }) => {
    // Includes the few seconds Verify is refused after a check.
    test.setTimeout(60_000);
    await openDomainsStep(page);
    await page.getByRole('textbox', { name: 'Email domain' }).fill('Verified-E2E.Example.com.');
    await page.getByRole('button', { name: 'Add domain' }).click();

    const card = page.getByRole('region', { name: 'verified-e2e.example.com' });
    await expect(card).toBeVisible();
    await expect(card.getByText('Not verified yet')).toBeVisible();
    const recordName = await card.getByRole('textbox', { name: 'TXT record name for verified-e2e.example.com' }).inputValue();
    const recordValue = await card.getByRole('textbox', { name: 'TXT record value for verified-e2e.example.com' }).inputValue();
    expect(recordName).toBe('_gatehouse-challenge.verified-e2e.example.com');
    expect(recordValue).toMatch(/^gatehouse-verification=v1\./);

    const verify = card.getByRole('button', { name: 'Verify verified-e2e.example.com' });
    await verify.click();
    await expect(card.getByRole('status')).toContainText('No TXT record was found');
    await expectAccessible(page, 'a domain whose check failed');

    await publishTxt(recordName, [recordValue]);
    // Verify is refused for a few seconds after a check (DNS is not hammered): click until it goes through.
    // Once verified the button is gone, so each attempt clicks only if it is still there.
    await expect(async () => {
      if ((await verify.count()) > 0) await verify.click({ timeout: 2_000 });
      await expect(card.getByText('Verified', { exact: true })).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(card.getByRole('status')).toContainText('Verified on');
    await expectAccessible(page, 'a verified domain');

    // The server holds the status: it survives a reload.
    await page.reload();
    const reloaded = page.getByRole('region', { name: 'verified-e2e.example.com' });
    await expect(reloaded.getByText('Verified', { exact: true })).toBeVisible();

    // Removing it releases the domain; focus lands on the list rather than on nothing.
    await reloaded.getByRole('button', { name: 'Remove verified-e2e.example.com' }).click();
    await expect(reloaded).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 2, name: 'Your domains' })).toBeFocused();
  });

  test('a free-mail domain is refused beside the field and not added', async ({ page }) => {
    await openDomainsStep(page);
    const field = page.getByRole('textbox', { name: 'Email domain' });
    await field.fill('gmail.com');
    await field.press('Enter');

    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(/free-mail/);
    await expect(field).toBeFocused();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByRole('region', { name: 'gmail.com' })).toHaveCount(0);
  });
});
