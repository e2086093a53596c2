import { expect, test } from '@playwright/test';
import { e2eEnv } from './env.ts';

test.describe('opening a setup link', () => {
  test('exchanges the link for a session, shows the tenant and drops the token from the URL', async ({ page, context }) => {
    const setupUrl = e2eEnv('E2E_DEMO_SETUP_URL');
    const token = new URL(setupUrl).pathname.split('/').pop() ?? '';
    await page.goto(setupUrl);

    await expect(
      page.getByRole('heading', { level: 1, name: `Set up single sign-on for ${e2eEnv('E2E_DEMO_TENANT_NAME')}` }),
    ).toBeVisible();
    await expect(page).toHaveURL(`${e2eEnv('E2E_PORTAL_URL')}/setup`);
    expect(page.url()).not.toContain(token);

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'gh_setup');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    expect(session?.value).not.toContain(token);

    // The server owns the session: a reload resumes without the link.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: /Set up single sign-on for/ })).toBeVisible();
  });

  test('sends strict security headers with the page', async ({ page }) => {
    const response = await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/setup`);
    const headers = response?.headers() ?? {};
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  test('without a session, asks the admin to open their link', async ({ page }) => {
    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/setup`);
    await expect(page.getByRole('heading', { level: 1, name: 'Open your setup link' })).toBeVisible();
  });

  for (const [kind, variable] of [
    ['an expired', 'E2E_EXPIRED_SETUP_URL'],
    ['a revoked', 'E2E_REVOKED_SETUP_URL'],
  ] as const) {
    test(`shows the refusal page for ${kind} link, without saying which`, async ({ page, context }) => {
      await page.goto(e2eEnv(variable));
      const heading = page.getByRole('heading', { level: 1, name: 'This setup link cannot be used' });
      await expect(heading).toBeVisible();
      await expect(heading).toBeFocused();
      await expect(page.getByText(/expired|revoked/i)).toHaveCount(0);
      expect(page.url()).toBe(`${e2eEnv('E2E_PORTAL_URL')}/setup`);
      expect((await context.cookies()).find((c) => c.name === 'gh_setup')).toBeUndefined();
    });
  }

  test('an unknown link gets the same refusal page', async ({ page }) => {
    await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/setup/gsl_${'x'.repeat(43)}`);
    await expect(page.getByRole('heading', { level: 1, name: 'This setup link cannot be used' })).toBeVisible();
  });

  test('signing out ends the session', async ({ page }) => {
    await page.goto(e2eEnv('E2E_DEMO_SETUP_URL'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Open your setup link' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Open your setup link' })).toBeVisible();
  });
});
