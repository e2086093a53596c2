import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { e2eEnv } from './env.ts';
import { chooseProvider, continueToStep, runTestLogin } from './steps.ts';

/** Saving details or a mapping updates the test IdP in the local Cognito: slow on a busy machine. */
const SAVE_WAIT = 30_000;

async function saveAndWait(page: Page, path: '/saml' | '/mapping') {
  const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(path), { timeout: SAVE_WAIT });
  await page.getByRole('button', { name: 'Save and continue' }).click();
  expect((await saved).status()).toBe(200);
}

test.describe('what your identity provider sent', () => {
  test.describe.configure({ timeout: 120_000 });

  test('an admin pastes the SAML response a test login posted, reads it, and maps a claim it carries', async ({ page }) => {
    // The response is captured as SAML-tracer does: the form the IdP's page posts to Cognito.
    let captured: string | null = null;
    page.context().on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/saml2/idpresponse')) {
        captured = new URLSearchParams(request.postData() ?? '').get('SAMLResponse');
      }
    });

    await page.goto(e2eEnv('E2E_DEMO_SETUP_URL'));
    await chooseProvider(page, 'Microsoft Entra ID', /SAML 2.0/);
    await page
      .getByRole('navigation', { name: 'Setup steps' })
      .getByRole('link', { name: /Provider details/ })
      .click();
    await page.getByRole('radio', { name: 'Metadata URL' }).check();
    await page.getByRole('textbox', { name: 'Metadata URL' }).fill(e2eEnv('E2E_SAML_METADATA_URL'));
    await saveAndWait(page, '/saml');
    await continueToStep(page, page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' }));
    await saveAndWait(page, '/mapping');

    await runTestLogin(page, 'alice');
    await expect(page.getByText('Passed: sign-in works and the attributes arrive as mapped.')).toBeVisible({
      timeout: SAVE_WAIT,
    });
    expect(captured).not.toBeNull();

    const explainer = page.getByRole('region', { name: 'What your identity provider sent' });
    await explainer.getByText('How to capture one').click();
    await expect(explainer.getByText(/SAML-tracer/)).toBeVisible();

    // Something that is not a response is refused beside the field.
    const field = explainer.getByRole('textbox', { name: /SAML response/ });
    await field.fill('my sign-in does not work');
    await explainer.getByRole('button', { name: 'Explain' }).click();
    await expect(explainer.locator('[data-code="IDP_RESPONSE_UNREADABLE"]')).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');

    await field.fill(captured ?? '');
    await explainer.getByRole('button', { name: 'Explain' }).click();
    await expect(explainer.locator('[data-verdict]')).toBeVisible({ timeout: SAVE_WAIT });
    await expect(field).not.toHaveAttribute('aria-invalid', 'true');
    await expect(explainer.locator('[data-signature="verified"]')).toBeVisible();
    const claims = explainer.getByRole('table', { name: /attributes and claims/ });
    const department = claims.getByRole('row', { name: /department/ });
    await expect(department).toContainText('Engineering');
    await expect(department).toContainText('not mapped');
    const email = claims.getByRole('row', { name: /emailaddress/ });
    await expect(email).toContainText('alice@acme.example');
    await expect(email).toContainText('email');
    await expectAccessible(page, 'the explainer of what the IdP sent');

    // "Map this" opens the mapping editor with a row for the claim, waiting for its attribute.
    await department.getByRole('link', { name: 'Map department' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /A row for department was added/ })).toBeVisible();
    const claimInputs = page.getByRole('textbox', { name: /^Claim or attribute name from your identity provider \d+$/ });
    const count = await claimInputs.count();
    await expect(page.getByRole('textbox', { name: `Claim or attribute name from your identity provider ${count}` })).toHaveValue(
      'department',
    );
    await page.getByRole('combobox', { name: `User-pool attribute ${count}` }).selectOption('custom:department');
    await saveAndWait(page, '/mapping');

    // Read again, the claim now shows the attribute it fills.
    await page
      .getByRole('navigation', { name: 'Setup steps' })
      .getByRole('link', { name: /Test login/ })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Test login' })).toBeVisible();
    await page
      .getByRole('region', { name: 'What your identity provider sent' })
      .getByRole('textbox', { name: /SAML response/ })
      .fill(captured ?? '');
    await page.getByRole('region', { name: 'What your identity provider sent' }).getByRole('button', { name: 'Explain' }).click();
    await expect(
      page.getByRole('region', { name: 'What your identity provider sent' }).getByRole('row', { name: /department/ }),
    ).toContainText('custom:department', { timeout: SAVE_WAIT });
  });
});
