import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { chooseProvider, operatorSignsIn } from './steps.ts';
import { freshTenant } from './tenants.ts';

/** A real 1 × 1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

// Branding is one setting for the whole installation, and the wizard's texts name the product: this spec
// runs in a project of its own after every other (playwright.config.ts), so no journey reads it changed.
test.describe('branding', () => {
  test('the operator brands the wizard: the IT admin sees the name and logo, the console stays Gatehouse', async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    await operatorSignsIn(page);
    await page.getByRole('link', { name: 'Branding', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Branding' })).toBeVisible();
    await expectAccessible(page, 'the branding page');

    const name = page.getByRole('textbox', { name: 'Product name' });
    const accent = page.getByRole('textbox', { name: 'Accent colour', exact: true });
    const logo = page.getByLabel('Logo', { exact: true });
    const preview = page.getByRole('region', { name: 'Preview of the wizard' });

    await name.fill('Acme Cloud');
    // Yellow under white button text is refused as it is typed; a dark teal reads.
    await accent.fill('#ffcc00');
    await expect(accent).toHaveAttribute('aria-invalid', 'true');
    await accent.fill('#0f766e');
    await expect(accent).toHaveAttribute('aria-invalid', 'false');
    await expect(page.getByLabel('Pick the accent colour')).toHaveValue('#0f766e');

    // An SVG is refused whatever it is called; a PNG is shown in the preview under the product name.
    await logo.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: SVG });
    await expect(logo).toHaveAttribute('aria-invalid', 'true');
    await logo.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await expect(logo).toHaveAttribute('aria-invalid', 'false');
    await expect(preview.getByRole('img', { name: 'Acme Cloud' })).toBeVisible();
    await expect(preview.getByText('Continue', { exact: true })).toHaveCSS('background-color', 'rgb(15, 118, 110)');
    await expectAccessible(page, 'the branding page filled in');

    await page.getByRole('button', { name: 'Save branding' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Saved\./ })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('Gatehouse');
    await expect(page.getByRole('banner').getByRole('img', { name: 'Acme Cloud' })).toHaveCount(0);

    // The IT admin's wizard, in a browser of its own: the operator's name, logo and accent.
    const { setupUrl } = await freshTenant('Branded Co');
    const itAdmin = await browser.newContext();
    const wizard = await itAdmin.newPage();
    await wizard.goto(setupUrl);
    await expect(wizard.getByRole('heading', { level: 1 })).toBeVisible();
    const header = wizard.getByRole('banner');
    await expect(header.getByRole('img', { name: 'Acme Cloud' })).toBeVisible();
    await expect(header).toContainText('Acme Cloud');
    await expect(header).not.toContainText('Gatehouse');
    await expect(wizard).toHaveTitle('Acme Cloud');
    await expect(wizard.getByRole('link', { name: 'Add a connection' })).toHaveCSS('background-color', 'rgb(15, 118, 110)');
    await expectAccessible(wizard, 'the branded setup home');
    // What the admin registers at their IdP is the operator's product, by name.
    await chooseProvider(wizard, 'Okta', /SAML 2.0/);
    await expect(wizard.getByRole('heading', { level: 1, name: 'Register Acme Cloud in Okta' })).toBeVisible();
    await expect(
      wizard.getByRole('navigation', { name: 'Setup steps' }).getByRole('link', { name: /^Register Acme Cloud/ }),
    ).toBeVisible();
    await itAdmin.close();

    // The console after a reload: still Gatehouse. Then the branding goes back to Gatehouse's own.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Branding' })).toBeVisible();
    await expect(page).toHaveTitle('Gatehouse');
    await expect(page.getByRole('banner')).toContainText('Gatehouse');
    await name.fill('Gatehouse');
    await accent.fill('');
    await page.getByRole('button', { name: 'Remove logo' }).click();
    await page.getByRole('button', { name: 'Save branding' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Saved\./ })).toBeVisible();
  });
});
