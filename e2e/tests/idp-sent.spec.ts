import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { captureSamlResponses, runTestLogin, SAVE_WAIT, savedEntraConnection, saveMapping } from './steps.ts';

test.describe('what your identity provider sent', () => {
  test.describe.configure({ timeout: 120_000 });

  test('an admin pastes the SAML response a test login posted, reads it, and maps a claim it carries', async ({ page }) => {
    // The response is captured as SAML-tracer does: the form the IdP's page posts to Cognito.
    const responses = captureSamlResponses(page.context());
    await savedEntraConnection(page);
    await saveMapping(page);

    await runTestLogin(page, 'alice');
    await expect(page.getByText('Passed: sign-in works and the attributes arrive as mapped.')).toBeVisible({
      timeout: SAVE_WAIT,
    });
    const captured = responses.last();
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
    await saveMapping(page);

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
