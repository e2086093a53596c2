import { expect, test } from '@playwright/test';
import { operatorSignsIn } from './steps.ts';

test.describe('connection lifecycle', () => {
  test('an operator suspends, resumes and rolls back a live connection, then deletes the tenant', async ({ page }) => {
    test.setTimeout(120_000);
    await operatorSignsIn(page);
    await page.getByLabel('Search by name').fill('Lifecycle Co');
    await page.getByRole('link', { name: 'Lifecycle Co' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Lifecycle Co' })).toBeVisible();

    const row = page.getByRole('row', { name: /Lifecycle SAML/ });
    await expect(row.getByText('Active', { exact: true })).toBeVisible();

    // The actions are in the connection's drawer. Suspend asks first; the badge follows the answer.
    await row.getByRole('button', { name: 'Actions for Lifecycle SAML' }).click();
    const drawer = page.getByRole('dialog', { name: 'Lifecycle SAML' });
    await drawer.getByRole('button', { name: 'Suspend' }).click();
    await expect(drawer.getByRole('alertdialog', { name: 'Suspend' })).toContainText('cannot sign in');
    await drawer.getByRole('button', { name: 'Yes, suspend' }).click();
    await expect(drawer.getByText('Suspended', { exact: true })).toBeVisible();
    // Export as code is for a connection that serves: not offered while suspended.
    await expect(drawer.getByText('Export as code')).toHaveCount(0);

    await drawer.getByRole('button', { name: 'Resume' }).click();
    await drawer.getByRole('button', { name: 'Yes, resume' }).click();
    await expect(drawer.getByText('Active', { exact: true })).toBeVisible();

    // Back from revision 2 to revision 1; nothing older is left to roll back to.
    await drawer.getByRole('button', { name: 'Roll back' }).click();
    await expect(drawer.getByRole('alertdialog', { name: 'Roll back' })).toContainText('revision 2 to revision 1');
    await drawer.getByRole('button', { name: 'Yes, roll back' }).click();
    await expect(drawer.getByText('Rolled back.')).toBeVisible();
    await expect(drawer.getByRole('button', { name: 'Roll back' })).toHaveCount(0);
    await drawer.getByRole('button', { name: 'Close' }).click();
    await expect(drawer).toBeHidden();
    await expect(row.getByText('Active', { exact: true })).toBeVisible();

    // The danger zone wants the tenant's name typed before it deletes anything.
    const remove = page.getByRole('button', { name: 'Delete this tenant' });
    await expect(remove).toBeDisabled();
    await page.getByLabel(/Type the tenant’s name/).fill('Lifecycle');
    await expect(remove).toBeDisabled();
    await page.getByLabel(/Type the tenant’s name/).fill('Lifecycle Co');
    await remove.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();
    // The seeded tenant's users never signed in: the notice says so with the count Cognito gave.
    await expect(
      page.getByRole('status').filter({ hasText: /Deleted Lifecycle Co and the 0 Amazon Cognito users/ }),
    ).toBeVisible();
    await page.getByLabel('Search by name').fill('Lifecycle Co');
    await expect(page.getByRole('status').filter({ hasText: 'No tenants match.' })).toBeVisible();
  });
});
