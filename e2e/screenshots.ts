import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DOMAIN, startLocalStack } from '@gatehouse/cli/local-stack';
import { type Browser, chromium, expect, type Locator, type Page } from '@playwright/test';
import { captureSamlResponses, openConnectionActions } from './tests/steps.ts';

// `npm run screenshots`: the pictures in README.md and docs/operators.md, taken from the running product.
// It starts the local stack in memory, walks the demo tenant's IT admin through the wizard in Debian
// Chromium (as the browser tests do), then the operator to the review page, and writes PNGs to
// docs/images/. It lives in e2e/ because this package has Playwright and the local stack.

const OUT = join(import.meta.dirname, '..', 'docs', 'images');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 860 };
/** Saving settings updates the test IdP in the local Cognito, which can take a while on a busy machine. */
const SAVE_WAIT = 30_000;

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  // Nothing blinking or half-animated in a picture (the portal's CSP refuses injected styles).
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage, animations: 'disabled', caret: 'hide' });
  console.log(`docs/images/${name}.png`);
}

/** A picture of one part of a page, where the whole page would bury it. */
async function shotOf(locator: Locator, name: string): Promise<void> {
  await locator.screenshot({ path: join(OUT, `${name}.png`), animations: 'disabled', caret: 'hide' });
  console.log(`docs/images/${name}.png`);
}

const stepLink = (page: Page, name: RegExp) =>
  page.getByRole('navigation', { name: 'Setup steps' }).getByRole('link', { name }).click();

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme: 'light', locale: 'en-US' });
  return context.newPage();
}

mkdirSync(OUT, { recursive: true });
const stack = await startLocalStack({ port: 0, logLevel: 'silent' });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await newPage(browser);
  page.setDefaultTimeout(SAVE_WAIT);

  // The IT admin opens the setup link.
  await page.goto(stack.demo.setupUrl);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await shot(page, 'wizard-1-welcome');

  await page.getByRole('link', { name: 'Add a connection' }).click();
  await page.getByRole('group', { name: 'Identity provider' }).getByRole('radio', { name: 'Microsoft Entra ID' }).check();
  await page
    .getByRole('group', { name: 'Protocol' })
    .getByRole('radio', { name: /SAML 2.0/ })
    .check();
  await shot(page, 'wizard-2-identity-provider');
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('navigation', { name: 'Setup steps' })).toBeVisible();
  await shot(page, 'wizard-3-register', true);

  await stepLink(page, /Provider details/);
  await page.getByRole('radio', { name: 'Metadata URL' }).check();
  await page.getByRole('textbox', { name: 'Metadata URL' }).fill(stack.samlIdp.metadataUrl);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  // The local IdP speaks http, so the save stays on the step with its warnings until the admin goes on.
  const anyway = page.getByRole('button', { name: 'Continue anyway' });
  await expect(anyway).toBeVisible();
  await shot(page, 'wizard-3-details-warnings', true);
  await anyway.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' })).toBeVisible();
  await shot(page, 'wizard-4-attributes', true);
  const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/mapping'));
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await saved;

  // The domain, verified through the local DNS server as the IT admin's DNS host would publish it.
  await stepLink(page, /Email domains/);
  await page.getByRole('textbox', { name: 'Email domain' }).fill(DEMO_DOMAIN);
  await page.getByRole('button', { name: 'Add domain' }).click();
  const card = page.getByRole('region', { name: DEMO_DOMAIN });
  const recordName = await card.getByRole('textbox', { name: `TXT record name for ${DEMO_DOMAIN}` }).inputValue();
  const recordValue = await card.getByRole('textbox', { name: `TXT record value for ${DEMO_DOMAIN}` }).inputValue();
  stack.dns.setTxt(recordName, [recordValue]);
  const verify = card.getByRole('button', { name: `Verify ${DEMO_DOMAIN}` });
  await expect(async () => {
    if ((await verify.count()) > 0) await verify.click({ timeout: 2_000 });
    await expect(card.getByText('Verified', { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: SAVE_WAIT });
  await shot(page, 'wizard-5-domains', true);

  // The test login: managed login in a popup, through Cognito and the demo SAML IdP, then the report.
  // What the IdP posts to Cognito is kept, as SAML-tracer would, for the explainer below.
  const responses = captureSamlResponses(page.context());
  await stepLink(page, /Test login/);
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: /^Test (login|again)$/ }).click();
  const popup = await popupOpened;
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Sign in as alice' }).click();
  await closed;
  await expect(page.getByText('Passed: sign-in works and the attributes arrive as mapped.')).toBeVisible();
  await shot(page, 'wizard-6-test-login-report', true);
  const explainer = page.getByRole('region', { name: 'What your identity provider sent' });
  await explainer.getByText('How to capture one').click();
  await explainer.getByRole('textbox', { name: /SAML response/ }).fill(responses.last() ?? '');
  await explainer.getByRole('button', { name: 'Explain' }).click();
  await expect(explainer.locator('[data-verdict]')).toBeVisible();
  await shotOf(explainer, 'wizard-7-idp-sent');

  await stepLink(page, /Submit/);
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Submitted for review on/ })).toBeVisible();

  // The operator, in a browser of their own, signs in and opens the review.
  const operator = await newPage(browser);
  operator.setDefaultTimeout(SAVE_WAIT);
  await operator.goto(`${stack.portalUrl}/admin`);
  await operator.getByRole('link', { name: 'Sign in' }).click();
  await operator.getByRole('button', { name: 'Sign in as alice' }).click();
  await expect(operator.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();
  await shot(operator, 'operator-1-tenants');
  await operator.goto(`${stack.portalUrl}/admin/tenants/${stack.demo.tenantId}`);
  await operator.getByRole('link', { name: /^Review / }).click();
  await expect(operator.getByRole('table', { name: 'Identity provider settings' })).toBeVisible();
  await shot(operator, 'operator-2-review', true);

  // Approved, the connection's actions (suspend, roll back, export) open in a drawer beside its row.
  await operator.getByRole('button', { name: 'Approve', exact: true }).click();
  await operator.getByRole('button', { name: 'Yes, approve' }).click();
  await expect(operator.getByText('Approved: the connection is active and serves users.')).toBeVisible();
  await operator.goto(`${stack.portalUrl}/admin/tenants/${stack.demo.tenantId}`);
  await expect(await openConnectionActions(operator)).toBeVisible();
  await shot(operator, 'operator-3-connection-actions');
  await operator.keyboard.press('Escape');

  // The activity log, in words.
  await operator.getByRole('link', { name: 'Activity', exact: true }).click();
  await expect(operator.getByText(/^Approved revision 1 of /).first()).toBeVisible();
  await expect(operator.getByText('Loading…')).toHaveCount(0);
  await shot(operator, 'operator-4-activity');

  // The branding page with a product name and accent filled in and previewed, not saved.
  await operator.getByRole('link', { name: 'Branding', exact: true }).click();
  await expect(operator.getByRole('heading', { level: 1, name: 'Branding' })).toBeVisible();
  await operator.getByRole('textbox', { name: 'Product name' }).fill('Acme Cloud');
  await operator.getByRole('textbox', { name: 'Accent colour', exact: true }).fill('#0f766e');
  await expect(operator.getByRole('region', { name: 'Preview of the wizard' })).toContainText('Acme Cloud');
  await shot(operator, 'operator-5-branding');
} finally {
  await browser.close();
  await stack.stop();
}
