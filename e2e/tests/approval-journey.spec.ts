import { randomBytes } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { e2eEnv } from './env.ts';
import { chooseProvider, continueToStep, operatorSignsIn, publishTxt } from './steps.ts';
import { freshTenant } from './tenants.ts';

/** Saving settings updates the test IdP in the local Cognito; on a busy machine that outlasts 10 s. */
const SAVE_WAIT = 30_000;

const stepLink = (page: Page, name: RegExp) =>
  page.getByRole('navigation', { name: 'Setup steps' }).getByRole('link', { name }).click();

/** Adds a domain on the domains step and verifies it through the local DNS server. */
async function verifyDomain(page: Page, domain: string) {
  await stepLink(page, /Email domains/);
  await expect(page.getByRole('heading', { level: 1, name: 'Prove you own your email domains' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Email domain' }).fill(domain);
  await page.getByRole('button', { name: 'Add domain' }).click();
  const card = page.getByRole('region', { name: domain });
  await expect(card).toBeVisible();
  const recordName = await card.getByRole('textbox', { name: `TXT record name for ${domain}` }).inputValue();
  const recordValue = await card.getByRole('textbox', { name: `TXT record value for ${domain}` }).inputValue();
  await publishTxt(recordName, [recordValue]);
  const verify = card.getByRole('button', { name: `Verify ${domain}` });
  await expect(async () => {
    if ((await verify.count()) > 0) await verify.click({ timeout: 2_000 });
    await expect(card.getByText('Verified', { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/**
 * The IT admin's whole setup: Entra ID over SAML, the preset mapping, a domain verified through the local
 * DNS server (when given), a passing test login, submit.
 */
async function itAdminSetsUpSaml(page: Page, setupUrl: string, domain?: string) {
  await page.goto(setupUrl);
  await chooseProvider(page, 'Microsoft Entra ID', /SAML 2.0/);
  await stepLink(page, /Provider details/);
  await page.getByRole('radio', { name: 'Metadata URL' }).check();
  await page.getByRole('textbox', { name: 'Metadata URL' }).fill(e2eEnv('E2E_SAML_METADATA_URL'));
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await continueToStep(page, page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' }), SAVE_WAIT);
  const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/mapping'), {
    timeout: SAVE_WAIT,
  });
  await page.getByRole('button', { name: 'Save and continue' }).click();
  expect((await saved).status()).toBe(200);

  if (domain) await verifyDomain(page, domain);

  // The test login: a popup through Cognito and the SAML IdP.
  await stepLink(page, /Test login/);
  await expect(page.getByRole('heading', { level: 1, name: 'Test login' })).toBeFocused();
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: /^Test (login|again)$/ }).click();
  const popup = await popupOpened;
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Sign in as alice' }).click();
  await closed;
  await expect(page.getByText('Passed: sign-in works and the attributes arrive as mapped.')).toBeVisible({
    timeout: SAVE_WAIT,
  });

  await stepLink(page, /Submit/);
  await expect(page.getByRole('heading', { level: 1, name: 'Submit for review' })).toBeVisible();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Submitted for review on/ })).toBeVisible();
}

/** An end user signs in to the demo SaaS app with their work email, through the IdP discovery finds. */
async function signInToDemoApp(page: Page, email: string, user: string) {
  await page.goto(e2eEnv('E2E_DEMO_APP_URL'));
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: `Sign in as ${user}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Acme Projects' })).toBeVisible();
}

test.describe('approval journey', () => {
  test('an operator approves a SAML connection set up by the IT admin, and its users sign in through the live IdP', async ({
    page,
    browser,
  }) => {
    // Three people in three browsers, two sign-ins through Cognito and a DNS check.
    test.setTimeout(180_000);
    const portal = e2eEnv('E2E_PORTAL_URL');
    const name = `Approval Co ${randomBytes(3).toString('hex')}`;
    const domain = `approval-${randomBytes(4).toString('hex')}.example.com`;

    // The operator signs in, creates the tenant and issues a setup link.
    await operatorSignsIn(page);
    await page.getByRole('link', { name: 'New tenant' }).click();
    await page.getByLabel('Customer name').fill(name);
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await page.getByRole('button', { name: 'Issue a setup link' }).click();
    const setupUrl = await page.getByLabel('New setup link', { exact: true }).inputValue();
    expect(setupUrl).toMatch(new RegExp(`^${portal}/setup/gsl_`));
    const tenantUrl = page.url();

    // The IT admin, in a browser of their own, sets up SAML and submits it.
    const itAdmin = await browser.newContext();
    await itAdminSetsUpSaml(await itAdmin.newPage(), setupUrl, domain);
    await itAdmin.close();

    // Back on the tenant page: the connection waits for review, with its verified domain and passing test.
    await page.goto(tenantUrl);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^Review / }) });
    await expect(row.getByText('Waiting for review')).toBeVisible();
    await expect(row.getByText(domain)).toBeVisible();
    await expect(row.getByText('Passed', { exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Activity' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Activity' }).locator('[data-action="connection.submitted"]')).toBeVisible();

    // The review: everything is new against no active revision; the domain will route.
    await row.getByRole('link', { name: /^Review / }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Review / })).toBeVisible();
    const settings = page.getByRole('table', { name: 'Identity provider settings' });
    const entityRow = settings.getByRole('row', { name: /IdP entity ID/ });
    await expect(entityRow).toHaveAttribute('data-changed', 'true');
    await expect(entityRow.getByText('New', { exact: true })).toBeVisible();
    await expect(settings.getByRole('row', { name: /Signing certificates/ })).toContainText(/([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    await expect(page.getByRole('table', { name: 'Attribute mapping' }).getByRole('row', { name: /^email / })).toContainText(
      'New',
    );
    await expect(page.getByRole('table', { name: 'What Cognito stored' })).toBeVisible();
    // The tenant the live tokens will carry, which the test login's tokens already did.
    const reviewedTenant = new URL(tenantUrl).pathname.split('/').pop() ?? '';
    await expect(page.getByText('Tenant in every token (tenant_id)')).toBeVisible();
    await expect(page.locator('dd').filter({ hasText: 'Every ID and access token of your users carries it' })).toContainText(
      reviewedTenant,
    );
    const domains = page.getByRole('region', { name: 'Email domains' });
    await expect(domains.getByText(`Will route after approval`)).toBeVisible();
    await expect(domains.getByText('No live identity provider yet.')).toBeVisible();
    const providerName =
      (await page
        .getByText(/^Cognito provider name:/)
        .locator('code')
        .textContent()) ?? '';
    expect(providerName).not.toBe('');

    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('button', { name: 'Yes, approve' }).click();
    await expect(page.getByText('Approved: the connection is active and serves users.')).toBeVisible({ timeout: SAVE_WAIT });
    await expect(page.getByText('Active', { exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Email domains' }).getByText(domain).first()).toBeVisible();
    const history = page.getByRole('region', { name: 'Revision history' });
    await expect(history.getByRole('listitem')).toHaveCount(1);
    await expect(history.getByText('Serving users now')).toBeVisible();

    // The approval is in everyone's activity, with the state before and after.
    const tenantId = new URL(tenantUrl).pathname.split('/').pop() ?? '';
    await page.getByRole('link', { name: 'Activity', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible();
    const approval = page
      .locator('[data-action="connection.approved"]')
      .filter({ has: page.getByRole('link', { name: tenantId, exact: true }) });
    // In words, by name: the operator, the revision and the connection, not their ids.
    await expect(approval.getByText('Approved revision 1 of Microsoft Entra ID (SAML)', { exact: true })).toBeVisible();
    await expect(approval.getByText(/^Operator \S+@/)).toBeVisible();
    await approval.getByText('Show the change').click();
    await expect(approval.locator('pre').last()).toContainText('"status": "active"');

    // The SaaS heard of it: the activation event, for that tenant, is among the events sent.
    const sent = page.getByRole('region', { name: 'Events sent to your SaaS' });
    await expect(
      sent
        .getByRole('row')
        .filter({ hasText: 'gatehouse.connection.activated' })
        .filter({ has: page.getByRole('link', { name: tenantId, exact: true }) }),
    ).toBeVisible({ timeout: 15_000 });

    // The SaaS login page now learns the live IdP from a user's email address.
    const discovery = await fetch(`${portal}/v1/discovery`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `someone@${domain}` }),
    });
    const answer = (await discovery.json()) as { providerName: string | null };
    expect(answer.providerName).toBe(providerName);

    // A user of that domain signs in to the SaaS's own app (the demo app on the production app client):
    // discovery sends them to the live IdP, and their tokens carry their tenant.
    const endUser = await browser.newContext();
    const userPage = await endUser.newPage();
    await signInToDemoApp(userPage, `bob@${domain}`, 'bob');
    await expect(userPage.getByText(`Signed in as bob@`)).toBeVisible();
    // The live provider, not the test one, created the user.
    await expect(userPage.locator('code').filter({ hasText: new RegExp(`^${providerName}_`) })).toBeVisible();
    await expect(userPage.getByTestId('tenant-id')).toHaveText(tenantId);
    // The app's API serves this tenant's data, and refuses another tenant's.
    await userPage.getByRole('button', { name: 'Load my tenant’s projects' }).click();
    await expect(userPage.getByRole('status')).toHaveText(`3 projects of ${tenantId} (HTTP 200)`);
    await expect(userPage.getByRole('listitem')).toHaveCount(3);
    await userPage.getByLabel('Another tenant’s id').fill('demo-live');
    await userPage.getByRole('button', { name: 'Try to load its projects' }).click();
    await expect(userPage.getByRole('status')).toContainText('Refused (HTTP 403, TENANT_MISMATCH)');
    await expect(userPage.getByRole('listitem')).toHaveCount(0);
    await endUser.close();

    // A user of another tenant (the stack's live demo tenant) gets their own tenant, and none of this one's data.
    const otherUser = await browser.newContext();
    const otherPage = await otherUser.newPage();
    await signInToDemoApp(otherPage, 'alice@demo-sso.example.com', 'alice');
    await expect(otherPage.getByTestId('tenant-id')).toHaveText('demo-live');
    await otherPage.getByLabel('Another tenant’s id').fill(tenantId);
    await otherPage.getByRole('button', { name: 'Try to load its projects' }).click();
    await expect(otherPage.getByRole('status')).toContainText('Refused (HTTP 403, TENANT_MISMATCH)');
    await otherPage.getByRole('button', { name: 'Load my tenant’s projects' }).click();
    await expect(otherPage.getByRole('status')).toHaveText('3 projects of demo-live (HTTP 200)');
    await otherUser.close();
  });

  test('an operator sends a revision back with a reason, which the IT admin reads in the wizard', async ({ page, browser }) => {
    test.setTimeout(180_000);
    const portal = e2eEnv('E2E_PORTAL_URL');
    const { tenantId, setupUrl } = await freshTenant('Send Back Co');
    const itAdmin = await browser.newContext();
    const adminPage = await itAdmin.newPage();
    await itAdminSetsUpSaml(adminPage, setupUrl);

    await operatorSignsIn(page);
    await page.goto(`${portal}/admin/tenants/${tenantId}`);
    await page.getByRole('link', { name: /^Review / }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Review / })).toBeVisible();
    await page.getByRole('button', { name: 'Send back', exact: true }).click();
    const reason = page.getByRole('textbox', { name: 'What should the customer change?' });
    await expect(reason).toBeFocused();
    const submit = page.getByRole('button', { name: 'Send back to the IT admin' });
    await expect(submit).toBeDisabled();
    await reason.fill('Send the immutable object id as NameID, not the email address.');
    await submit.click();
    await expect(page.getByText('Sent back: the IT admin sees your reason and can edit the connection again.')).toBeVisible();
    await expect(page.getByText('Changes requested', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    // Nothing waits any more, and nothing is live: the page is titled with the connection's name alone.
    await expect(page.getByRole('heading', { level: 1, name: /^Review / })).toHaveCount(0);

    // The IT admin reads the reason beside their draft.
    await adminPage.goto(`${portal}/setup`);
    await adminPage.getByRole('link', { name: /Microsoft Entra ID/ }).click();
    await expect(adminPage.getByText('Send the immutable object id as NameID, not the email address.')).toBeVisible();
    await itAdmin.close();
  });
});
