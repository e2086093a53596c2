import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { e2eEnv } from './env.ts';
import { chooseProvider, continueToStep, runTestLogin, SAVE_WAIT, savedEntraConnection, saveMapping } from './steps.ts';
import { freshTenant } from './tenants.ts';

test.describe('test login', () => {
  // Each journey saves a connection and signs in through the IdP and Cognito: more than the default 30 s
  // on a busy machine.
  test.describe.configure({ timeout: 90_000 });

  test('a full SAML setup passes a test login; the report shows what Cognito stored, and an edit makes it stale', async ({
    page,
  }) => {
    await savedEntraConnection(page);
    await saveMapping(page);

    await runTestLogin(page, 'alice');
    await expect(page.getByText('Passed: sign-in works and the attributes arrive as mapped.')).toBeVisible({
      timeout: SAVE_WAIT,
    });
    await expect(page.getByRole('heading', { level: 2, name: /^Last test: / })).toBeVisible();
    const table = page.getByRole('table', { name: 'What Cognito stored' });
    const emailRow = table.getByRole('row', { name: /^email / });
    await expect(emailRow.getByRole('cell').nth(1)).toHaveText('alice@acme.example');
    await expect(emailRow.getByRole('cell').nth(2)).toHaveText('Present');
    await expect(page.getByText(/Stable: users are keyed by an immutable identifier/)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Continue' })).toBeVisible();
    await expectAccessible(page, 'a passed test login’s report');

    // The result is kept: a reload shows it again.
    await page.reload();
    await expect(page.getByText('Passed: sign-in works and the attributes arrive as mapped.')).toBeVisible();
    await expect(page.getByText(/You changed this connection since this test/)).toHaveCount(0);

    // Saving the mapping again is an edit: the result stays, marked stale, and Continue goes away.
    const stepper = page.getByRole('navigation', { name: 'Setup steps' });
    await stepper.getByRole('link', { name: /Attributes/ }).click();
    await saveMapping(page);
    await stepper.getByRole('link', { name: /Test login/ }).click();
    await expect(page.getByText(/You changed this connection since this test/)).toBeVisible();
    await expect(page.getByText('Passed: sign-in works and the attributes arrive as mapped.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Continue' })).toHaveCount(0);
  });

  test('a SAML setup by metadata file passes a test login and is submitted for review', async ({ page }) => {
    await page.goto((await freshTenant('File Upload Co')).setupUrl);
    await chooseProvider(page, 'Microsoft Entra ID', /SAML 2.0/);
    await page
      .getByRole('navigation', { name: 'Setup steps' })
      .getByRole('link', { name: /Provider details/ })
      .click();
    const xml = await (await fetch(e2eEnv('E2E_SAML_METADATA_URL'))).text();
    await page.getByRole('radio', { name: 'Metadata file' }).check();
    await page
      .getByLabel('Metadata file (XML)')
      .setInputFiles({ name: 'metadata.xml', mimeType: 'application/xml', buffer: Buffer.from(xml) });
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await continueToStep(page, page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' }), SAVE_WAIT);
    await saveMapping(page);

    await runTestLogin(page, 'bob');
    await expect(page.getByText('Passed: sign-in works and the attributes arrive as mapped.')).toBeVisible({
      timeout: SAVE_WAIT,
    });

    await page
      .getByRole('navigation', { name: 'Setup steps' })
      .getByRole('link', { name: /Submit/ })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Submit for review' })).toBeVisible();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Submitted for review on/ })).toBeVisible();
    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/setup`);
    await expect(page.getByText('Waiting for review')).toBeVisible();
  });

  test('reports an email claim that is not mapped, with the fix', async ({ page }) => {
    await savedEntraConnection(page);
    await page.getByRole('button', { name: 'Remove email' }).click();
    await saveMapping(page);

    await runTestLogin(page, 'bob');
    await expect(page.getByText('Failed: fix the problems below, then test again.')).toBeVisible();
    await expect(page.getByText('No claim is mapped to "email", so users arrive without an email address.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Continue' })).toHaveCount(0);
  });

  test('a full OIDC setup passes a test login, with sub as the username and a verified email', async ({ page }) => {
    await page.goto(e2eEnv('E2E_DEMO_SETUP_URL'));
    await page.getByRole('link', { name: 'Add a connection' }).click();
    await page
      .getByRole('group', { name: 'Identity provider' })
      .getByRole('radio', { name: 'Another SAML 2.0 or OpenID Connect provider' })
      .check();
    await page
      .getByRole('group', { name: 'Protocol' })
      .getByRole('radio', { name: /OpenID Connect/ })
      .check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page
      .getByRole('navigation', { name: 'Setup steps' })
      .getByRole('link', { name: /Provider details/ })
      .click();
    await page.getByRole('textbox', { name: 'Issuer URL' }).fill(e2eEnv('E2E_OIDC_ISSUER'));
    await page.getByRole('textbox', { name: 'Client ID' }).fill(e2eEnv('E2E_OIDC_CLIENT_ID'));
    await page.getByLabel('Client secret').fill(e2eEnv('E2E_OIDC_CLIENT_SECRET'));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await continueToStep(page, page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' }), SAVE_WAIT);
    await saveMapping(page);

    await runTestLogin(page, 'alice');
    await expect(page.getByText('Passed: sign-in works and the attributes arrive as mapped.')).toBeVisible();
    await expect(page.getByText('Email marked verified')).toBeVisible();
    await expect(page.getByText(/Stable: users are keyed by an immutable identifier/)).toBeVisible();
    expect(await page.content()).not.toContain(e2eEnv('E2E_OIDC_CLIENT_SECRET'));
  });

  test('explains the Cognito error when the IdP sends its response to another audience', async ({ page }) => {
    await savedEntraConnection(page, e2eEnv('E2E_WRONG_AUDIENCE_METADATA_URL'));
    await saveMapping(page);

    await runTestLogin(page, 'alice');
    await expect(page.getByText('Failed: fix the problems below, then test again.')).toBeVisible();
    const explained = page.getByRole('region', { name: 'Amazon Cognito stopped the sign-in' });
    await expect(explained.getByText(/addressed the SAML response to another application/)).toBeVisible();
    await expect(explained.getByText(/set the Audience URI \/ SP Entity ID to exactly the value shown/)).toBeVisible();
    await explained.getByText('What Cognito said').click();
    await expect(explained.getByText(/Invalid SAML response received/)).toBeVisible();
  });
});
