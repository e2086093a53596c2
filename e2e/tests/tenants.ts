import { randomBytes } from 'node:crypto';
import { connectDynamo, createTenant, DynamoConnectionStore, DynamoTenantStore, issueSetupLink } from '@gatehouse/api';
import { seedSubmittedConnection } from '../lifecycle-seed.ts';
import { e2eEnv } from './env.ts';

const table = () =>
  connectDynamo({ tableName: e2eEnv('E2E_TABLE'), region: 'us-east-1', endpoint: e2eEnv('E2E_DYNAMODB_ENDPOINT') });

/**
 * A tenant of its own for one test, with a fresh setup link, so tests running side by side never see
 * each other's connections.
 */
export async function freshTenant(name: string): Promise<{ tenantId: string; setupUrl: string }> {
  const store = new DynamoTenantStore(table());
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

/**
 * A fresh tenant whose first SAML revision (the stack's test IdP) passed its test login and waits for
 * review, as the wizard leaves it after Submit: the review queue's content, without driving the wizard.
 */
export async function tenantWaitingForReview(name: string): Promise<{ tenantId: string; connectionId: string }> {
  const { tenantId } = await freshTenant(name);
  const metadata = await fetch(e2eEnv('E2E_SAML_METADATA_URL'));
  if (!metadata.ok) throw new Error(`the test IdP's metadata: HTTP ${metadata.status}`);
  const connection = await seedSubmittedConnection(new DynamoConnectionStore(table()), tenantId, await metadata.text());
  return { tenantId, connectionId: connection.id };
}
