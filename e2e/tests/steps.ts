import { type BrowserContext, expect, type Locator, type Page } from '@playwright/test';
import { e2eEnv } from './env.ts';

/** Signs the operator in to the console: Cognito managed login, then alice at the operators' IdP. */
export async function operatorSignsIn(page: Page): Promise<void> {
  await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/admin`);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign in as alice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();
}

/**
 * Opens the actions drawer of a connection on a tenant's page: the one named, or the first listed. Returns
 * the drawer.
 */
export async function openConnectionActions(page: Page, connectionName?: string): Promise<Locator> {
  if (connectionName === undefined) {
    await page
      .getByRole('button', { name: /^Actions for / })
      .first()
      .click();
    return page.getByRole('dialog');
  }
  await page.getByRole('button', { name: `Actions for ${connectionName}` }).click();
  return page.getByRole('dialog', { name: connectionName });
}

/** Publishes TXT records on the local stack's DNS server, as the IT admin would at their DNS host. */
export async function publishTxt(name: string, values: string[]): Promise<void> {
  const response = await fetch(`${e2eEnv('E2E_DNS_ADMIN_URL')}/txt/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'x-dns-admin-token': e2eEnv('E2E_DNS_ADMIN_TOKEN'), 'content-type': 'application/json' },
    body: JSON.stringify({ values }),
  });
  expect(response.ok).toBe(true);
}

/** The wizard's steps in order, as the "Setup steps" navigation names them. */
export const WIZARD_STEPS = [
  'Identity provider',
  'Register Gatehouse',
  'Provider details',
  'Attributes',
  'Email domains',
  'Test login',
  'Submit',
] as const;

/**
 * Waits for the step a save leads to. A save whose settings carry warnings stays on its step, showing
 * them, until the admin chooses "Continue anyway": this chooses it, as an admin who read them would.
 */
export async function continueToStep(page: Page, next: Locator, timeout?: number): Promise<void> {
  const anyway = page.getByRole('button', { name: 'Continue anyway' });
  await expect(next.or(anyway)).toBeVisible(timeout === undefined ? {} : { timeout });
  if (await anyway.isVisible()) await anyway.click();
  await expect(next).toBeVisible();
}

/** From the setup home: Add a connection, pick the identity provider and protocol, Continue. */
export async function chooseProvider(page: Page, vendor: string, protocol: RegExp): Promise<void> {
  await page.getByRole('link', { name: 'Add a connection' }).click();
  await page.getByRole('group', { name: 'Identity provider' }).getByRole('radio', { name: vendor }).check();
  await page.getByRole('group', { name: 'Protocol' }).getByRole('radio', { name: protocol }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/**
 * Runs Test login: the sign-in opens in a popup, the admin picks a user there, the popup closes itself.
 * `wait` is for the report: signing in through the IdP and Cognito can take long on a busy machine.
 */
export async function runTestLogin(page: Page, user: string, wait = 30_000) {
  await page
    .getByRole('navigation', { name: 'Setup steps' })
    .getByRole('link', { name: /Test login/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Test login' })).toBeFocused();
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: /^Test (login|again)$/ }).click();
  const popup = await popupOpened;
  await expect(
    page.getByRole('status').filter({ hasText: /Opening the sign-in|Waiting for you to finish signing in/ }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: /^Test (login|again)$/ })).toBeDisabled();
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: `Sign in as ${user}` }).click();
  await closed;
  await expect(page.getByRole('heading', { level: 2, name: /^Last test: / })).toBeVisible({ timeout: wait });
}

/**
 * Saving details or a mapping updates the test IdP in the local Cognito: on a machine busy with the rest
 * of the suite that can take longer than the default 10 s wait.
 */
export const SAVE_WAIT = 30_000;

/** A new Entra ID SAML connection whose metadata URL and preset mapping are saved through the wizard. */
export async function savedEntraConnection(page: Page, metadataUrl = e2eEnv('E2E_SAML_METADATA_URL')): Promise<void> {
  await page.goto(e2eEnv('E2E_DEMO_SETUP_URL'));
  await chooseProvider(page, 'Microsoft Entra ID', /SAML 2.0/);
  await page
    .getByRole('navigation', { name: 'Setup steps' })
    .getByRole('link', { name: /Provider details/ })
    .click();
  await page.getByRole('radio', { name: 'Metadata URL' }).check();
  await page.getByRole('textbox', { name: 'Metadata URL' }).fill(metadataUrl);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await continueToStep(page, page.getByRole('heading', { level: 1, name: 'Which user attributes are passed on' }), SAVE_WAIT);
}

/**
 * Saves the mapping as it stands and waits for the server's answer, which is what the test login reads;
 * the step's own move to the next page is not what these journeys check.
 */
export async function saveMapping(page: Page): Promise<void> {
  const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/mapping'), {
    timeout: SAVE_WAIT,
  });
  await page.getByRole('button', { name: 'Save and continue' }).click();
  expect((await saved).status()).toBe(200);
}

/**
 * Keeps the last SAMLResponse an IdP's page posts to Cognito in this context, as SAML-tracer or the
 * network tab shows it to an admin: what they paste into "What your identity provider sent".
 */
export function captureSamlResponses(context: BrowserContext): { last(): string | null } {
  let last: string | null = null;
  context.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/saml2/idpresponse')) {
      last = new URLSearchParams(request.postData() ?? '').get('SAMLResponse');
    }
  });
  return { last: () => last };
}
