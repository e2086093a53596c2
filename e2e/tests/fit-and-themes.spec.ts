import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { e2eEnv } from './env.ts';
import { chooseProvider, openConnectionActions, operatorSignsIn, WIZARD_STEPS } from './steps.ts';
import { freshTenant, tenantWaitingForReview } from './tenants.ts';

/** Waits for what a person waits for: the page's main heading. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/**
 * The document is no wider than the viewport: nothing makes the reader scroll sideways. A failure names
 * the elements that stick out, innermost first, so the fix starts at the right place.
 */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, clientWidth, culprits } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')}`;
    const outside = [...document.body.querySelectorAll('*')].filter(
      (el) =>
        el.getBoundingClientRect().right > width + 0.5 ||
        (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0),
    );
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: width,
      culprits: outside
        .filter((el) => !outside.some((other) => other !== el && el.contains(other)))
        .map(describe)
        .slice(0, 5),
    };
  });
  expect(scrollWidth, `width of ${where} (viewport ${clientWidth} px; sticking out: ${culprits.join(', ')})`).toBeLessThanOrEqual(
    clientWidth,
  );
}

/** Every check a page gets here: no sideways scroll, and axe finds nothing serious in this theme. */
async function check(page: Page, where: string): Promise<void> {
  await settled(page);
  await expectNoSidewaysScroll(page, where);
  await expectAccessible(page, where);
}

/** An unsigned SAML response with Entra's long claim URIs, as an admin might paste one. */
const PASTED_RESPONSE =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">' +
  '<saml:Issuer>https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>' +
  '<saml:Assertion ID="_a" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">6f1c2a7e-3b9d-4c58-8e21-0a4d7b5c9e13</saml:NameID></saml:Subject>' +
  '<saml:AttributeStatement><saml:Attribute Name="http://schemas.microsoft.com/identity/claims/identityprovider"><saml:AttributeValue>https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/</saml:AttributeValue></saml:Attribute>' +
  '<saml:Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"><saml:AttributeValue>a.very.long.address.of.someone@subsidiary.example.com</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>';

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`a phone 390 px wide, ${colorScheme} theme`, () => {
    test.use({ viewport: { width: 390, height: 844 }, colorScheme });

    test('every wizard step fits the screen and passes axe', async ({ page }) => {
      test.setTimeout(120_000);
      const { setupUrl } = await freshTenant('Narrow Screens Co');
      await page.goto(setupUrl);
      await check(page, 'the setup home');
      await page.getByRole('link', { name: 'Add a connection' }).click();
      await check(page, 'choosing the identity provider');
      await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/setup`);
      await settled(page);

      await chooseProvider(page, 'Microsoft Entra ID', /SAML 2.0/);
      await settled(page);
      const steps = page.getByRole('navigation', { name: 'Setup steps' });
      for (const step of WIZARD_STEPS) {
        await steps.getByRole('link', { name: new RegExp(step) }).click();
        await expect(steps.getByRole('link', { name: new RegExp(step) })).toHaveAttribute('aria-current', 'step');
        await check(page, `the wizard step “${step}”`);
      }
      // The mapping editor with the preset's long claim URIs in it, rows stacked.
      await steps.getByRole('link', { name: /Attributes/ }).click();
      await page.getByRole('button', { name: 'Use the mapping suggested for Microsoft Entra ID' }).click();
      await expect(page.getByRole('textbox', { name: /Claim or attribute name .* 1/ })).not.toHaveValue('');
      await check(page, 'the mapping editor with a preset');

      // What the IdP sent, explained: long claim URIs and values in a table that must stay in its frame.
      await steps.getByRole('link', { name: /Test login/ }).click();
      const explainer = page.getByRole('region', { name: 'What your identity provider sent' });
      await explainer.getByRole('textbox', { name: /SAML response/ }).fill(Buffer.from(PASTED_RESPONSE).toString('base64'));
      await explainer.getByRole('button', { name: 'Explain' }).click();
      await expect(explainer.locator('[data-verdict]')).toBeVisible();
      await check(page, 'the explainer of what the IdP sent');
    });

    test('every console page fits the screen and passes axe', async ({ page }) => {
      test.setTimeout(120_000);
      await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/admin`);
      await check(page, 'the console before signing in');
      await operatorSignsIn(page);
      await check(page, 'the tenant list');

      const lookup = page.getByRole('region', { name: 'Where does this email go?' });
      await lookup.getByLabel('Email address').fill('someone@demo-sso.example.com');
      await lookup.getByRole('button', { name: 'Look up' }).click();
      await expect(lookup.getByRole('link', { name: 'Open Demo Live Company' })).toBeVisible();
      await check(page, 'the tenant list with a route lookup answered');

      await lookup.getByRole('link', { name: 'Open Demo Live Company' }).click();
      await check(page, 'a tenant');
      const drawer = await openConnectionActions(page);
      await drawer.getByText('Export as code').click();
      await expect(drawer.getByRole('tab', { name: /CDK/ })).toBeVisible();
      await check(page, 'a tenant with a connection’s actions and Export as code open');
      await drawer.getByRole('button', { name: 'Close' }).click();
      await expect(drawer).toBeHidden();

      await page
        .getByRole('link', { name: /^Open / })
        .first()
        .click();
      await check(page, 'a connection’s review page');

      // The review queue and a review with its sticky decision, which stacks on a narrow screen.
      const waiting = await tenantWaitingForReview(`Narrow Review Co ${colorScheme}`);
      await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/admin?filter=needs-review`);
      await check(page, 'the tenant list filtered to the review queue');
      await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/admin/tenants/${waiting.tenantId}/connections/${waiting.connectionId}`);
      await expect(page.getByRole('button', { name: 'Approve', exact: true })).toBeInViewport();
      await check(page, 'a review page with its summary');

      await page.getByRole('link', { name: 'Activity', exact: true }).click();
      await check(page, 'the activity log');
      await page.getByRole('link', { name: 'Monitoring', exact: true }).click();
      await check(page, 'monitoring');
      await page.getByRole('link', { name: 'Branding', exact: true }).click();
      await check(page, 'branding');
      await page.getByRole('link', { name: 'Tenants', exact: true }).click();
      await settled(page);
      await page.getByRole('link', { name: 'New tenant' }).click();
      await check(page, 'creating a tenant');
      await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/admin/nowhere`);
      await check(page, 'a page that does not exist');
    });
  });
}

test.describe('a desktop 1280 px wide', () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test('Export as code opened in a connection’s drawer keeps the page within the viewport', async ({ page }) => {
    await operatorSignsIn(page);
    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/admin/tenants/${e2eEnv('E2E_DEMO_LIVE_TENANT')}`);
    await settled(page);
    const drawer = await openConnectionActions(page);
    await drawer.getByText('Export as code').click();
    await drawer.getByRole('tab', { name: /Terraform/ }).click();
    await expect(drawer.getByRole('tabpanel')).toContainText('aws_cognito_identity_provider');
    await expectNoSidewaysScroll(page, 'a tenant with Terraform export open');
  });
});
