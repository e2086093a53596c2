import { expect, test } from '@playwright/test';
import { openConnectionActions, operatorSignsIn } from './steps.ts';

test.describe('operator tools', () => {
  test('an operator finds where an address signs in, opens the tenant and copies its connection as code', async ({ page }) => {
    test.setTimeout(120_000);
    await operatorSignsIn(page);

    // The local stack seeds a live demo connection with demo-sso.example.com verified.
    const lookup = page.getByRole('region', { name: 'Where does this email go?' });
    await lookup.getByLabel('Email address').fill('someone@gmail.com');
    await lookup.getByRole('button', { name: 'Look up' }).click();
    await expect(lookup.getByText('gmail.com is a free-mail domain. No organisation can claim it.')).toBeVisible();

    await lookup.getByLabel('Email address').fill('Someone@Demo-SSO.example.com');
    await lookup.getByRole('button', { name: 'Look up' }).click();
    await expect(
      lookup.getByText('Someone@Demo-SSO.example.com signs in with Demo SAML IdP of Demo Live Company.'),
    ).toBeVisible();
    await expect(lookup.getByText(/The login page is told to use the Cognito identity provider gh-demo-live-/)).toBeVisible();
    await lookup.getByRole('link', { name: 'Open Demo Live Company' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Demo Live Company' })).toBeVisible();
    const drawer = await openConnectionActions(page, 'Demo SAML IdP');
    await drawer.getByText('Export as code').click();
    const panel = drawer.getByRole('tabpanel');
    await expect(panel.getByText(/new cognito\.CfnUserPoolIdentityProvider/)).toBeVisible();
    await drawer.getByRole('tab', { name: 'Terraform' }).click();
    await expect(drawer.getByRole('tab', { name: 'Terraform' })).toHaveAttribute('aria-selected', 'true');
    await expect(panel.getByText(/resource "aws_cognito_identity_provider"/)).toBeVisible();
    await expect(panel.getByText(/"demo-sso\.example\.com"/)).toBeVisible();
  });
});
