import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { e2eEnv } from './env.ts';
import { operatorSignsIn } from './steps.ts';
import { tenantWaitingForReview } from './tenants.ts';

/** Approving creates the IdP in the local Cognito; on a busy machine that outlasts 10 s. */
const APPROVE_WAIT = 30_000;

test.describe('review queue', () => {
  test('the Needs review filter counts and lists the tenants waiting, and one opens its review', async ({ page }) => {
    const name = `Queue Co ${randomBytes(3).toString('hex')}`;
    await tenantWaitingForReview(name);
    await operatorSignsIn(page);

    // On the whole list the tenant reads as waiting for review, not just Active.
    const tenantRow = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await expect(tenantRow.getByText('Waiting for review')).toBeVisible();
    await expect(tenantRow.getByText('1 revision waiting')).toBeVisible();
    await expect(page.getByRole('link', { name: /tenants? to review$/ })).toBeVisible();

    const filter = page.getByRole('button', { name: /^Needs review \d+$/ });
    await expect(filter).toHaveAttribute('aria-pressed', 'false');
    await filter.click();
    await expect(page).toHaveURL(/\/admin\?filter=needs-review$/);
    await expect(filter).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('searchbox', { name: 'Search by name' })).toBeDisabled();
    await expect(tenantRow).toBeVisible();
    // The count on the filter is the number of tenants it lists (one page: fewer than 25 wait in a run),
    // and each of them waits for review.
    const tenantRows = page.getByRole('row').filter({ has: page.getByRole('link') });
    const count = Number((await filter.textContent())?.replace(/\D/g, ''));
    expect(count).toBeGreaterThanOrEqual(1);
    await expect(tenantRows).toHaveCount(count);
    await expect(tenantRows.getByText('Waiting for review', { exact: true })).toHaveCount(count);
    await expectAccessible(page, 'the tenant list filtered to the review queue');

    await tenantRow.getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await page.getByRole('link', { name: /^Review / }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Review Pending SAML' })).toBeVisible();
  });

  test.describe('at a short window', () => {
    test.use({ viewport: { width: 1280, height: 600 } });

    test('the decision stays in view from the top to the bottom of the review, and approving shows the live configuration', async ({
      page,
    }) => {
      const { tenantId, connectionId } = await tenantWaitingForReview(`Sticky Co ${randomBytes(3).toString('hex')}`);
      await operatorSignsIn(page);
      await page.goto(`${e2eEnv('E2E_PORTAL_URL')}/admin/tenants/${tenantId}/connections/${connectionId}`);
      await expect(page.getByRole('heading', { level: 1, name: 'Review Pending SAML' })).toBeVisible();

      const summary = page.getByRole('complementary', { name: 'Summary' });
      await expect(summary).toContainText('0 errors, 0 warnings');
      await expect(summary).toContainText(/Passed on/);
      await expect(summary).toContainText('0 verified');
      const approve = summary.getByRole('button', { name: 'Approve', exact: true });
      await expect(approve).toBeInViewport();
      await expect(summary.getByRole('button', { name: 'Send back', exact: true })).toBeInViewport();
      await expectAccessible(page, 'a review page with its summary');

      // A first revision: its rows are new, nothing is "Changed" against a revision that never existed.
      const settings = page.getByRole('table', { name: 'Identity provider settings' });
      await expect(settings.getByRole('row', { name: /Signing certificates/ }).getByText('New', { exact: true })).toBeVisible();
      await expect(settings.getByText('Changed')).toHaveCount(0);
      await expect(settings.getByRole('columnheader', { name: 'Active now' })).toHaveCount(0);
      const mapping = page.getByRole('table', { name: 'Attribute mapping' });
      await expect(mapping.getByRole('row', { name: /^email / })).toContainText('New');

      // At the bottom of the page (the page is several windows tall), the decision is still in view.
      await page.getByRole('region', { name: 'Revision history' }).scrollIntoViewIfNeeded();
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
      await expect(approve).toBeInViewport();

      await approve.click();
      await page.getByRole('button', { name: 'Yes, approve' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Pending SAML: live configuration' })).toBeVisible({
        timeout: APPROVE_WAIT,
      });
      await expect(page.getByRole('heading', { level: 1, name: /^Review / })).toHaveCount(0);
      await expect(page.getByText('Revision 1 serves users now.')).toBeVisible();
      await expect(
        page.getByRole('table', { name: 'Live identity provider settings' }).getByRole('row', { name: /Signing certificates/ }),
      ).toContainText(/([0-9A-F]{2}:){31}[0-9A-F]{2}/);
      await expect(
        page.getByRole('table', { name: 'Live attribute mapping' }).getByRole('row', { name: 'name name' }),
      ).toBeVisible();
      await expect(page.getByRole('complementary', { name: 'Summary' })).toHaveCount(0);
    });
  });
});
