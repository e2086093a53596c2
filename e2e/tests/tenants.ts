import { randomBytes } from 'node:crypto';
import { connectDynamo, createTenant, DynamoTenantStore, issueSetupLink } from '@gatehouse/api';
import { e2eEnv } from './env.ts';

/**
 * A tenant of its own for one test, with a fresh setup link, so tests running side by side never see
 * each other's connections.
 */
export async function freshTenant(name: string): Promise<{ tenantId: string; setupUrl: string }> {
  const store = new DynamoTenantStore(
    connectDynamo({ tableName: e2eEnv('E2E_TABLE'), region: 'us-east-1', endpoint: e2eEnv('E2E_DYNAMODB_ENDPOINT') }),
  );
  const id = `e2e-${randomBytes(4).toString('hex')}`;
  await createTenant(store, { id, name }, new Date());
  const issued = await issueSetupLink(store, {
    tenantId: id,
    ttlHours: 1,
    createdBy: 'e2e',
    publicUrl: new URL(e2eEnv('E2E_PORTAL_URL')),
    now: new Date(),
  });
  return { tenantId: id, setupUrl: issued.url };
}
