import { type AuditActor, GatehouseError, type TenantDeletion } from '@gatehouse/core';
import type { AppDeps } from '../deps.ts';
import { audit } from './audit.ts';
import { requireTransition } from './connections.ts';
import { lifecycleEvent } from './events.ts';
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
 *   3. delete the Cognito users its IdPs created (offboarding: a leaver's company is gone, so are they),
 *      as many as fit in one request's time; the answer says whether any remain, and repeating the request
 *      goes on where it stopped;
 *   4. release its domains (discovery routes and owner items), its unfinished test logins, the index items
 *      of its providers (from then on the token trigger knows none of them), then every item under the
 *      tenant (links, tokens, sessions, connections, revisions, claims), the tenant last.
 * Nothing can be put back once an IdP is gone, so this saga only goes forward: every step is idempotent,
 * and when one fails the tenant stays `deleting` and deleting it again finishes the job.
 */
/** How long one deletion request may spend deleting users before it answers (API Gateway waits 30 s). */
export const USER_DELETION_BUDGET_MS = 20_000;

export async function deleteTenant(
  deps: DeletionDeps,
  actor: AuditActor,
  tenantId: string,
  confirm: string,
  options: { userDeletionBudgetMs?: number } = {},
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
  // The lifecycle decides what deleting each connection takes in Cognito (whatever its state).
  const plans = connections.map((connection) => ({
    connection,
    cognito: requireTransition(connection, { type: 'delete' }, deps.now()).cognito,
  }));
  const deletedProviders: string[] = [];
  try {
    // Every IdP off every client first: users lose the tenant's sign-in at once, even if a deletion below
    // fails, and an IdP that a client still lists cannot be deleted.
    for (const { connection, cognito } of plans) {
      if (cognito.includes('disable-on-clients')) {
        for (const clientId of deps.config.cognito.appClientIds) {
          await deps.cognito.setProviderOnClient(clientId, connection.providerName, false);
        }
      }
      if (cognito.includes('disable-test-on-test-client')) {
        await deps.cognito.setProviderOnClient(deps.config.cognito.testClientId, connection.testProviderName, false);
      }
    }
    for (const { connection, cognito } of plans) {
      if (cognito.includes('delete-live-idp')) await deps.cognito.deleteIdentityProvider(connection.providerName);
      if (cognito.includes('delete-test-idp')) await deps.cognito.deleteIdentityProvider(connection.testProviderName);
      deletedProviders.push(connection.providerName, connection.testProviderName);
    }
  } catch (error) {
    log.warn('tenant deletion stopped in Cognito', { error, deletedProviders });
    // Nothing is put back (an IdP once deleted is gone with its users' links): deleting again finishes it.
    throw new GatehouseError(
      'LIFECYCLE_FAILED',
      'Amazon Cognito failed part-way through the deletion. The tenant stays marked as being deleted and serves nothing; delete it again to finish.',
      { retryable: true, undone: false, deletedProviders },
    );
  }

  const deadline = Date.now() + (options.userDeletionBudgetMs ?? USER_DELETION_BUDGET_MS);
  let deletedUsers = 0;
  let complete = true;
  try {
    for (const connection of connections) {
      for (const providerName of [connection.providerName, connection.testProviderName]) {
        const round = await deps.cognito.deleteUsersOfProvider(providerName, deadline);
        deletedUsers += round.deleted;
        if (round.remaining) complete = false;
        if (!complete) break;
      }
      if (!complete) break;
    }
  } catch (error) {
    log.warn('tenant deletion stopped deleting users', { error, deletedUsers });
    if (deletedUsers > 0) await auditUsers(deps, actor, tenant.id, deletedUsers, false);
    throw new GatehouseError(
      'LIFECYCLE_FAILED',
      'Amazon Cognito failed while deleting the tenant’s users. The tenant stays marked as being deleted and serves nothing; delete it again to go on.',
      { retryable: true, undone: false, deletedUsers },
    );
  }
  if (deletedUsers > 0) await auditUsers(deps, actor, tenant.id, deletedUsers, complete);
  if (!complete) {
    log.info('tenant deletion paused with users left to delete', { deletedUsers });
    return { tenantId: tenant.id, deletedProviders, releasedDomains: [], deletedItems: 0, deletedUsers, complete };
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
  for (const connection of connections) await deps.connections.deleteProviderIndex(connection);
  // Written with the tenant item's deletion, the last step: sent once, when the deletion is complete.
  const at = deps.now();
  const events = [
    ...connections.map((connection) =>
      lifecycleEvent(
        'gatehouse.connection.deleted',
        { tenantId: tenant.id, connectionId: connection.id, providerName: connection.providerName },
        at,
      ),
    ),
    lifecycleEvent(
      'gatehouse.tenant.deleted',
      { tenantId: tenant.id, connectionIds: connections.map((c) => c.id), releasedDomains, deletedUsers },
      at,
    ),
  ];
  const deletedItems = await deps.tenants.purgeTenant(tenant.id, events);

  const result: TenantDeletion = {
    tenantId: tenant.id,
    deletedProviders,
    releasedDomains,
    deletedItems,
    deletedUsers,
    complete: true,
  };
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

async function auditUsers(deps: DeletionDeps, actor: AuditActor, tenantId: string, count: number, complete: boolean) {
  await audit(deps, actor, {
    tenantId,
    action: 'tenant.users-deleted',
    summary: `Deleted ${count} Cognito user(s) that the tenant’s identity providers had created${complete ? '' : '; more remain, and deleting the tenant again goes on'}.`,
    after: { deletedUsers: count, complete },
  });
}
