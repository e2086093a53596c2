import { expect, type Locator, type Page, test } from '@playwright/test';
import { e2eEnv } from './env.ts';
import { chooseProvider } from './steps.ts';
import { freshTenant } from './tenants.ts';

/** Saving details updates the test IdP in the local Cognito: on a busy machine this outlasts 10 s. */
const SAVE_WAIT = 30_000;

async function providerDetails(page: Page, vendor: string, protocol: RegExp) {
  await page.goto((await freshTenant('In Place Co')).setupUrl);
  await chooseProvider(page, vendor, protocol);
  await page
    .getByRole('navigation', { name: 'Setup steps' })
    .getByRole('link', { name: /Provider details/ })
    .click();
}

async function saveMetadataUrl(page: Page, url: string) {
  await page.getByRole('radio', { name: 'Metadata URL' }).check();
  await page.getByRole('textbox', { name: 'Metadata URL' }).fill(url);
  await page.getByRole('button', { name: 'Save and continue' }).click();
}

/** The finding with `code` among the elements the field's aria-describedby points at. */
async function describedFinding(field: Locator, code: string): Promise<Locator> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  expect(ids.length).toBeGreaterThan(0);
  const page = field.page();
  return page.locator(ids.map((id) => `[id="${id}"] [data-code="${code}"]`).join(', '));
}

test.describe('errors where the eye is', () => {
  test('a metadata URL that answers 404 is flagged on the URL field, with where Entra shows the right one', async ({ page }) => {
    await providerDetails(page, 'Microsoft Entra ID', /SAML 2.0/);
    const origin = new URL(e2eEnv('E2E_SAML_METADATA_URL')).origin;
    await saveMetadataUrl(page, `${origin}/no-such-app/federationmetadata.xml`);

    const field = page.getByRole('textbox', { name: 'Metadata URL' });
    await expect(field).toHaveAttribute('aria-invalid', 'true', { timeout: SAVE_WAIT });
    const finding = await describedFinding(field, 'FETCH_NOT_FOUND');
    await expect(finding).toBeVisible();
    await expect(finding.getByText('App Federation Metadata Url')).toBeVisible();
    await expect(page).toHaveURL(/\/details$/);

    // Fixing the address clears the field's error.
    await saveMetadataUrl(page, e2eEnv('E2E_SAML_METADATA_URL'));
    await expect(page.getByRole('button', { name: 'Continue anyway' })).toBeVisible({ timeout: SAVE_WAIT });
    await expect(field).toHaveAttribute('aria-invalid', 'false');
  });

  test('an OpenID Connect discovery URL given as SAML metadata says it is an OIDC issuer', async ({ page }) => {
    await providerDetails(page, 'Okta', /SAML 2.0/);
    await saveMetadataUrl(page, `${e2eEnv('E2E_OIDC_ISSUER')}/.well-known/openid-configuration`);
    const field = page.getByRole('textbox', { name: 'Metadata URL' });
    await expect(field).toHaveAttribute('aria-invalid', 'true', { timeout: SAVE_WAIT });
    await expect(await describedFinding(field, 'METADATA_IS_OIDC_DISCOVERY')).toBeVisible();
    await expect(page.locator('[data-code="METADATA_NOT_XML"]')).toHaveCount(0);
  });

  test('a save with warnings stays on the step until "Continue anyway"', async ({ page }) => {
    await providerDetails(page, 'Microsoft Entra ID', /SAML 2.0/);
    await saveMetadataUrl(page, e2eEnv('E2E_SAML_METADATA_URL'));

    // Saved (the stepper marks the step done), but not left: the warnings are on the page.
    const held = page.getByRole('status').filter({ has: page.getByRole('button', { name: 'Continue anyway' }) });
    await expect(held).toBeVisible({ timeout: SAVE_WAIT });
    await expect(held).toBeFocused();
    await expect(page.getByRole('link', { name: 'Provider details (done)' })).toBeVisible();
    await expect(page.locator('[data-code="METADATA_URL_NOT_HTTPS"]')).toBeVisible();
    await expect(page).toHaveURL(/\/details$/);

    await page.getByRole('button', { name: 'Continue anyway' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' })).toBeVisible();
  });

  test('a local http OIDC provider gets one finding for its http endpoints, naming them', async ({ page }) => {
    await providerDetails(page, 'Okta', /OpenID Connect/);
    await page.getByRole('textbox', { name: 'Issuer URL' }).fill(e2eEnv('E2E_OIDC_ISSUER'));
    await page.getByRole('textbox', { name: 'Client ID' }).fill(e2eEnv('E2E_OIDC_CLIENT_ID'));
    await page.getByLabel('Client secret').fill(e2eEnv('E2E_OIDC_CLIENT_SECRET'));
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await expect(page.getByRole('button', { name: 'Continue anyway' })).toBeVisible({ timeout: SAVE_WAIT });
    const endpoints = page.locator('[data-code="OIDC_ENDPOINT_NOT_HTTPS"]');
    await expect(endpoints).toHaveCount(1);
    await expect(endpoints.getByRole('list', { name: 'Where' }).getByRole('listitem')).toHaveCount(4);
  });
});
