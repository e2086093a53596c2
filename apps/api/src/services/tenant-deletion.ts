import { type AuditActor, GatehouseError, type TenantDeletion } from '@gatehouse/core';
import type { AppDeps } from '../deps.ts';
import { audit } from './audit.ts';
import { requireTenant } from './tenants.ts';

type DeletionDeps = Pick<
  AppDeps,
  'tenants' | 'connections' | 'domains' | 'testLogins' | 'cognito' | 'config' | 'audit' | 'logger' | 'now'
>;

/**
 * Deletes a tenant and everything of it, except its audit trail (`AUDIT#<tenantId>` stays readable):
 *   1. mark the tenant `deleting`: from then on discovery routes nothing to it, its setup links open
 *      nothing and its connections take no change. Refused while an operator change is still running
 *      on one of its connections (an activation, say), which would otherwise leave an IdP behind;
 *   2. in Cognito, take every live IdP off the production app clients and every test IdP off the
 *      test-login client, then delete both IdPs;
 *   3. release its domains (discovery routes and owner items), its unfinished test logins, then every
 *      item under the tenant (links, tokens, sessions, connections, revisions, claims), the tenant last.
 * Nothing can be put back once an IdP is gone, so this saga only goes forward: every step is idempotent,
 * and when one fails the tenant stays `deleting` and deleting it again finishes the job.
 */
export async function deleteTenant(
  deps: DeletionDeps,
  actor: AuditActor,
  tenantId: string,
  confirm: string,
): Promise<TenantDeletion> {
  let tenant = await requireTenant(deps.tenants, tenantId);
  if (confirm !== tenant.id) {
    throw new GatehouseError('CONFIRMATION_MISMATCH', `To delete this tenant, confirm with its id, ${tenant.id}.`);
  }
  const before = tenant;
  const starting = tenant.status !== 'deleting';
  if (starting) tenant = await deps.tenants.updateTenantStatus(tenant.id, 'deleting', tenant.version);

  const running = await deps.connections.operationsInProgress(tenant.id, deps.now());
  if (running.length > 0) {
    if (starting) await deps.tenants.updateTenantStatus(tenant.id, before.status, tenant.version);
    throw new GatehouseError(
      'CONNECTION_BUSY',
      'A change to one of this tenant’s connections (such as an approval) is still running. Wait for it to finish, then delete again.',
      { operations: running.map(({ connectionId, operation }) => ({ connectionId, operation })) },
    );
  }
  if (starting) {
    await audit(deps, actor, {
      tenantId: tenant.id,
      action: 'tenant.deletion-started',
      summary: `Started deleting tenant ${tenant.name}: nothing of it serves any more.`,
      before: { status: before.status },
      after: { status: 'deleting' },
    });
  }

  const log = deps.logger.child({ tenantId: tenant.id, action: 'tenant deletion' });
  const connections = await deps.connections.list(tenant.id);
  const deletedProviders: string[] = [];
  try {
    // Every IdP off every client first: users lose the tenant's sign-in at once, even if a deletion below
    // fails, and an IdP that a client still lists cannot be deleted.
    for (const connection of connections) {
      for (const clientId of deps.config.cognito.appClientIds) {
        await deps.cognito.setProviderOnClient(clientId, connection.providerName, false);
      }
      await deps.cognito.setProviderOnClient(deps.config.cognito.testClientId, connection.testProviderName, false);
    }
    for (const connection of connections) {
      await deps.cognito.deleteIdentityProvider(connection.providerName);
      await deps.cognito.deleteIdentityProvider(connection.testProviderName);
      deletedProviders.push(connection.providerName, connection.testProviderName);
    }
  } catch (error) {
    log.warn('tenant deletion stopped in Cognito', { error, deletedProviders });
    throw new GatehouseError(
      'LIFECYCLE_FAILED',
      'Amazon Cognito failed part-way through the deletion. The tenant stays marked as being deleted and serves nothing; delete it again to finish.',
      { retryable: true, deletedProviders },
    );
  }

  const releasedDomains: string[] = [];
  for (const claim of await deps.domains.listForTenant(tenant.id)) {
    try {
      await deps.domains.remove(claim);
    } catch (error) {
      // Removed meanwhile by an earlier, interrupted run: nothing left to release.
      if (!(error instanceof GatehouseError && error.code === 'NOT_FOUND')) throw error;
    }
    releasedDomains.push(claim.domain);
  }
  await deps.testLogins.deleteForTenant(tenant.id);
  const deletedItems = await deps.tenants.purgeTenant(tenant.id);

  const result: TenantDeletion = { tenantId: tenant.id, deletedProviders, releasedDomains, deletedItems };
  log.info('tenant deleted', { ...result });
  await audit(deps, actor, {
    tenantId: tenant.id,
    action: 'tenant.deleted',
    summary: `Deleted tenant ${tenant.name}: ${connections.length} connection(s), ${releasedDomains.length} domain(s). This audit trail is kept.`,
    before: { name: tenant.name, connections: connections.map((c) => c.id), domains: releasedDomains },
    after: result,
  });
  return result;
}
