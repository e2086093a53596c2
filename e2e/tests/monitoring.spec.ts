import { connectDynamo, DynamoMonitoringStore } from '@gatehouse/api';
import { expect, test } from '@playwright/test';
import { e2eEnv } from './env.ts';
import { operatorSignsIn } from './steps.ts';
import { freshTenant } from './tenants.ts';

test.describe('monitoring page', () => {
  test('an operator sees the last job runs and the open findings, and reaches the tenant from a finding', async ({ page }) => {
    test.setTimeout(90_000);
    const { tenantId } = await freshTenant('Monitored Co');
    const store = new DynamoMonitoringStore(
      connectDynamo({ tableName: e2eEnv('E2E_TABLE'), region: 'us-east-1', endpoint: e2eEnv('E2E_DYNAMODB_ENDPOINT') }),
    );
    // What a refresh-metadata run stores when a certificate crosses 14 days (the jobs' own tests cover how).
    const now = new Date();
    const notAfter = new Date(now.getTime() + 12 * 86_400_000).toISOString();
    await store.putSection({ tenantId, connectionId: 'conn-e2e', displayName: 'Monitored SSO' }, 'refresh-metadata', {
      checkedAt: now.toISOString(),
      findings: [
        {
          code: 'CERTIFICATE_EXPIRING',
          job: 'refresh-metadata',
          severity: 'warning',
          key: 'CERTIFICATE_EXPIRING:e2e',
          since: now.toISOString(),
          message: `The signing certificate "CN=<b>Monitored</b>" expires on ${notAfter.slice(0, 10)} (within 14 days).`,
          details: { subject: 'CN=Monitored', notAfter, threshold: 14 },
        },
      ],
    });
    // A run of one queued check that checked seven documents, as the scheduler and a worker record it.
    const runId = `e2e-${now.getTime()}`;
    await store.startRun({ job: 'refresh-metadata', runId, startedAt: now.toISOString() });
    await store.setRunTotal('refresh-metadata', runId, 1);
    await store.countOutcome(
      'refresh-metadata',
      runId,
      { tenantId, connectionId: 'conn-e2e' },
      { status: 'done', checked: 7, findings: 1, newFindings: 1 },
      now,
    );
    await store.finishRun('refresh-metadata', runId, { status: 'done', finishedAt: now.toISOString() });

    await operatorSignsIn(page);
    await page.getByRole('link', { name: 'Monitoring' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Monitoring' })).toBeVisible();

    const run = page.getByRole('row', { name: /Certificates and metadata/ });
    await expect(run).toContainText('Done');
    await expect(run).toContainText('7 checked, 1 open finding (1 new)');

    const finding = page.getByRole('row', { name: /Monitored SSO/ });
    await expect(finding).toContainText('Certificate expiring');
    // Text from metadata renders as text, never as HTML.
    await expect(finding).toContainText('CN=<b>Monitored</b>');
    await finding.getByRole('link', { name: tenantId }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Monitored Co' })).toBeVisible();
  });
});
