import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { e2eEnv } from './env.ts';
import { chooseProvider, continueToStep } from './steps.ts';
import { freshTenant } from './tenants.ts';

async function startConnection(page: Page, vendor: string, protocol: RegExp) {
  await page.goto((await freshTenant('Details Co')).setupUrl);
  await chooseProvider(page, vendor, protocol);
  await expect(page.getByRole('heading', { level: 1, name: /^Register Gatehouse in/ })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Setup steps' })
    .getByRole('link', { name: /Provider details/ })
    .click();
}

test.describe('identity provider details and attributes', () => {
  test('SAML by metadata file: saved, then the mapping editor checks the preset live and saves it', async ({ page }) => {
    await startConnection(page, 'Okta', /SAML 2.0/);
    await expect(page.getByRole('heading', { level: 1, name: 'Your identity provider’s SAML metadata' })).toBeVisible();

    const xml = await (await fetch(e2eEnv('E2E_SAML_METADATA_URL'))).text();
    await page.getByRole('radio', { name: 'Metadata file' }).check();
    await page
      .getByLabel('Metadata file (XML)')
      .setInputFiles({ name: 'okta-metadata.xml', mimeType: 'application/xml', buffer: Buffer.from(xml) });
    await expect(page.getByText(/Selected: okta-metadata\.xml/)).toBeVisible();
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await continueToStep(page, page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' }));
    // The vendor preset was applied on save: email is already mapped.
    await expect(page.getByRole('textbox', { name: /Claim or attribute name .* 1/ })).not.toHaveValue('');

    // Mapping an immutable attribute is flagged live, before saving.
    await page.getByRole('button', { name: 'Add an attribute' }).click();
    const rows = await page.getByRole('combobox', { name: /User-pool attribute/ }).count();
    await page.getByRole('combobox', { name: `User-pool attribute ${rows}` }).selectOption('custom:employee_id');
    await page
      .getByRole('textbox', { name: `Claim or attribute name from your identity provider ${rows}` })
      .fill('employeeNumber');
    await expect(page.locator('[data-code="CLAIM_TARGET_IMMUTABLE"]')).toBeVisible();
    await page.getByRole('button', { name: 'Remove custom:employee_id' }).click();
    await expect(page.locator('[data-code="CLAIM_TARGET_IMMUTABLE"]')).toHaveCount(0);

    await page.getByRole('button', { name: 'Save and continue' }).click();
    await continueToStep(page, page.getByRole('heading', { level: 1, name: 'Prove you own your email domains' }));
    await expect(page).toHaveURL(/\/domains$/);

    // Submission waits for a passing test login, and says so with a way to get there.
    await page
      .getByRole('navigation', { name: 'Setup steps' })
      .getByRole('link', { name: /Submit/ })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Submit for review' })).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: 'Run a test login.' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Submit for review' })).toBeDisabled();
  });

  test('the mapping editor names claims by their short name and maps username as a target of its own', async ({ page }) => {
    await page.goto((await freshTenant('Mapping Co')).setupUrl);
    await chooseProvider(page, 'Microsoft Entra ID', /SAML 2.0/);
    const steps = page.getByRole('navigation', { name: 'Setup steps' });
    await steps.getByRole('link', { name: /Attributes/ }).click();
    await page.getByRole('button', { name: 'Use the mapping suggested for Microsoft Entra ID' }).click();

    // Entra sends URIs: the short name is shown, and the whole URI opens on keyboard focus.
    const claim = page.getByRole('textbox', { name: /Claim or attribute name .* 1/ });
    await expect(claim).toHaveValue('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress');
    await expect(page.getByText('emailaddress', { exact: true })).toBeVisible();
    await claim.focus();
    const tooltip = page.getByRole('tooltip');
    await expect(tooltip).toBeVisible();
    await expect(tooltip).toContainText('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress');
    await expect(claim).toHaveAccessibleDescription(/identity\/claims\/emailaddress/);
    await claim.press('Escape');
    await expect(tooltip).toBeHidden();

    // The generic provider's preset maps username <- sub, and username is an option, listed first.
    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/setup`);
    await chooseProvider(page, 'Another SAML 2.0 or OpenID Connect provider', /OpenID Connect/);
    await steps.getByRole('link', { name: /Attributes/ }).click();
    await page.getByRole('button', { name: 'Use the mapping suggested for your identity provider' }).click();
    await expect(page.getByRole('combobox', { name: 'User-pool attribute 1' })).toHaveValue('username');
    await expect(page.getByRole('textbox', { name: /Claim or attribute name .* 1$/ })).toHaveValue('sub');
    await expect(page.getByRole('option', { name: 'Choose an attribute', selected: true })).toHaveCount(0);
  });

  test('SAML by metadata URL is fetched, checked and saved; a local http URL is allowed with a warning', async ({ page }) => {
    await startConnection(page, 'Microsoft Entra ID', /SAML 2.0/);
    await page.getByRole('radio', { name: 'Metadata URL' }).check();
    await page.getByRole('textbox', { name: 'Metadata URL' }).fill(e2eEnv('E2E_SAML_METADATA_URL'));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await continueToStep(page, page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' }));

    await page
      .getByRole('navigation', { name: 'Setup steps' })
      .getByRole('link', { name: /Provider details/ })
      .click();
    await expect(page.locator('[data-code="METADATA_URL_NOT_HTTPS"]')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Metadata URL' })).toHaveValue(e2eEnv('E2E_SAML_METADATA_URL'));
  });

  test('OIDC: an issuer with a trailing slash is refused beside the field; fixed, the secret is then shown only by its end', async ({
    page,
  }) => {
    await startConnection(page, 'Another SAML 2.0 or OpenID Connect provider', /OpenID Connect/);
    await expect(page.getByRole('heading', { level: 1, name: 'Your identity provider’s OpenID Connect details' })).toBeVisible();
    await page.getByRole('textbox', { name: 'Issuer URL' }).fill(`${e2eEnv('E2E_OIDC_ISSUER')}/`);
    await page.getByRole('textbox', { name: 'Client ID' }).fill(e2eEnv('E2E_OIDC_CLIENT_ID'));
    await page.getByLabel('Client secret').fill(e2eEnv('E2E_OIDC_CLIENT_SECRET'));
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await expect(page.getByRole('alert').filter({ hasText: /problem/ })).toBeVisible();
    await expect(page.locator('[data-code="OIDC_ISSUER_TRAILING_SLASH"]')).toBeVisible();

    await page.getByRole('textbox', { name: 'Issuer URL' }).fill(e2eEnv('E2E_OIDC_ISSUER'));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await continueToStep(page, page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' }));

    await page
      .getByRole('navigation', { name: 'Setup steps' })
      .getByRole('link', { name: /Provider details/ })
      .click();
    const secret = e2eEnv('E2E_OIDC_CLIENT_SECRET');
    await expect(page.getByText(`A secret is set, ending in …${secret.slice(-4)}`)).toBeVisible();
    await expect(page.getByLabel('Client secret')).toHaveValue('');
    expect(await page.content()).not.toContain(secret);
  });

  test('SAML metadata with an expired signing certificate is refused, with the date and how to renew it', async ({ page }) => {
    await startConnection(page, 'Okta', /SAML 2.0/);
    await page.getByRole('radio', { name: 'Metadata URL' }).check();
    await page.getByRole('textbox', { name: 'Metadata URL' }).fill(e2eEnv('E2E_EXPIRED_SAML_METADATA_URL'));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /problem/ })).toBeFocused();
    const finding = page.locator('[data-code="METADATA_CERTIFICATE_EXPIRED"]');
    await expect(finding).toBeVisible();
    await expect(finding.getByText('How to fix')).toBeVisible();
    await expect(page).toHaveURL(/\/details$/);
    await expectAccessible(page, 'refused metadata with its findings');
  });

  test('an OIDC provider without client_secret_post is refused with how to switch it on', async ({ page }) => {
    await startConnection(page, 'Another SAML 2.0 or OpenID Connect provider', /OpenID Connect/);
    await page.getByRole('textbox', { name: 'Issuer URL' }).fill(e2eEnv('E2E_BASIC_ONLY_OIDC_ISSUER'));
    await page.getByRole('textbox', { name: 'Client ID' }).fill(e2eEnv('E2E_OIDC_CLIENT_ID'));
    await page.getByLabel('Client secret').fill(e2eEnv('E2E_OIDC_CLIENT_SECRET'));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.locator('[data-code="OIDC_CLIENT_SECRET_POST_MISSING"]')).toBeVisible();
    await expect(page).toHaveURL(/\/details$/);
  });
});
