import { GatehouseError } from '@gatehouse/core';
import { buildCreateIdentityProviderInput, type ProviderSettings, restoreIdentityProviderInput } from '@gatehouse/core/cognito';
import type { DescribedProvider } from '../cognito/gateway.ts';
import type { AppDeps } from '../deps.ts';
import type { DraftSettings, StoredConnection, StoredRevision } from '../store/connection-store.ts';

import { withConnectionOperation } from './connection-operations.ts';
import { lifecycleEvent } from './events.ts';

type ActivationDeps = Pick<AppDeps, 'connections' | 'tenants' | 'cognito' | 'config' | 'now' | 'logger' | 'domains'>;

/** The live IdP's settings from a revision; an OIDC secret is never stored by us, so it comes from Cognito. */
export function providerSettings(settings: DraftSettings, oidcSecret: string | undefined): ProviderSettings {
  if (settings.saml) {
    const saml = settings.saml;
    return {
      type: 'SAML',
      ...(saml.metadataSource === 'url' && saml.metadataUrl
        ? { metadataUrl: saml.metadataUrl }
        : { metadataFile: saml.metadataXml ?? '' }),
      signRequests: saml.signRequests,
      idpInit: saml.idpInitiated,
      idpSignout: saml.idpSignout,
    };
  }
  if (settings.oidc) {
    if (!oidcSecret) {
      throw new GatehouseError(
        'INVALID_STATE',
        'The client secret of this connection is no longer in Cognito. Ask the customer to enter it again and resubmit.',
      );
    }
    return {
      type: 'OIDC',
      issuer: settings.oidc.issuer,
      clientId: settings.oidc.clientId,
      clientSecret: oidcSecret,
      authorizeScopes: settings.oidc.scopes,
      attributesRequestMethod: settings.oidc.attributesRequestMethod,
    };
  }
  throw new GatehouseError('INVALID_STATE', 'This revision has no identity provider settings.');
}

/**
 * CreateIdentityProvider's input for a connection's live IdP from a revision's settings, exactly as
 * activation sends it: its fixed ProviderName, and only its verified domains as IdpIdentifiers (an
 * unverified domain never routes).
 */
export async function liveProviderInput(
  deps: Pick<AppDeps, 'config' | 'domains'>,
  connection: StoredConnection,
  settings: DraftSettings,
  oidcSecret: string | undefined,
) {
  return buildCreateIdentityProviderInput({
    userPoolId: deps.config.cognito.userPoolId,
    providerName: connection.providerName,
    settings: providerSettings(settings, oidcSecret),
    attributeMapping: settings.attributeMapping,
    idpIdentifiers: await deps.domains.listVerifiedDomains(connection.tenantId, connection.id),
  });
}

/**
 * Sends the active revision's settings to the live IdP again, unchanged: Cognito re-reads a metadata
 * URL when its IdP is updated, so new signing keys at the IdP are taken up at once. The OIDC secret is
 * kept as Cognito holds it.
 */
export async function refreshLiveProvider(deps: ActivationDeps, connection: StoredConnection): Promise<void> {
  if (connection.activeRevision === null || connection.suspended) {
    throw new GatehouseError('INVALID_STATE', 'Only an active connection has a live identity provider to refresh.');
  }
  const revision = await deps.connections.getRevision(connection.tenantId, connection.id, connection.activeRevision);
  if (!revision) throw new GatehouseError('INVALID_STATE', 'The active revision of this connection cannot be found.');
  const secret = revision.settings.oidc
    ? (await deps.cognito.describeIdentityProvider(connection.providerName))?.details.client_secret
    : undefined;
  await deps.cognito.putIdentityProvider(await liveProviderInput(deps, connection, revision.settings, secret));
}

/** What activation changed in Cognito, so a failure can put back exactly that. */
interface Undo {
  previousLive: DescribedProvider | null;
  enabledOn: string[];
}

async function compensate(deps: ActivationDeps, connection: StoredConnection, undo: Undo): Promise<void> {
  for (const clientId of undo.enabledOn) {
    await deps.cognito.setProviderOnClient(clientId, connection.providerName, false);
  }
  if (undo.previousLive) {
    // Describe returns keys that Update refuses (ActiveEncryptionCertificate, ...): they are left out.
    await deps.cognito.putIdentityProvider(restoreIdentityProviderInput(deps.config.cognito.userPoolId, undo.previousLive));
  } else {
    await deps.cognito.deleteIdentityProvider(connection.providerName);
  }
}

/**
 * Approves a submitted revision and makes it serve, as a saga over Cognito and DynamoDB:
 *   1. create or update the live IdP in place under its fixed ProviderName (the OIDC secret is copied
 *      server side from the test IdP), with the connection's verified domains as its IdpIdentifiers;
 *   2. enable it on every production app client (each a read-modify-write of the whole client);
 *   3. in one DynamoDB transaction, promote the revision, mark the one it replaces superseded and clear
 *      the draft.
 * Every Cognito step is idempotent. When a step fails (throttling that outlasted retries, an outage, a
 * concurrent modification), what this run changed is put back and ACTIVATION_FAILED is raised: Cognito
 * and the connection end in the old state or the new one, never a mix, and a retry starts afresh.
 */
export function activateRevision(
  deps: ActivationDeps,
  connection: StoredConnection,
  options: { version: number; approvedBy: string },
): Promise<StoredConnection> {
  // Marked as running, so that a suspension, a roll back or the tenant's deletion waits for it.
  return withConnectionOperation(deps, connection, 'activation', () => activate(deps, connection, options));
}

async function activate(
  deps: ActivationDeps,
  connection: StoredConnection,
  options: { version: number; approvedBy: string },
): Promise<StoredConnection> {
  if (connection.version !== options.version) {
    throw new GatehouseError('VERSION_CONFLICT', 'This connection changed since you opened it. Reload and review it again.', {
      currentVersion: connection.version,
    });
  }
  if (connection.draftState !== 'submitted' || connection.draftRevision === null) {
    throw new GatehouseError('INVALID_STATE', 'Only a connection waiting for review can be approved.');
  }
  const revision = await deps.connections.getRevision(connection.tenantId, connection.id, connection.draftRevision);
  if (revision?.state !== 'submitted') {
    throw new GatehouseError('INVALID_STATE', 'The submitted revision of this connection cannot be found.');
  }

  const secret = revision.settings.oidc
    ? (await deps.cognito.describeIdentityProvider(connection.testProviderName))?.details.client_secret
    : undefined;
  const input = await liveProviderInput(deps, connection, revision.settings, secret);

  const undo: Undo = { previousLive: await deps.cognito.describeIdentityProvider(connection.providerName), enabledOn: [] };
  const log = deps.logger.child({ tenantId: connection.tenantId, connectionId: connection.id, revision: revision.revision });
  try {
    await deps.cognito.putIdentityProvider(input);
    // A suspended connection takes its new settings but stays off the app clients until resumed.
    for (const clientId of connection.suspended ? [] : deps.config.cognito.appClientIds) {
      if (await deps.cognito.setProviderOnClient(clientId, connection.providerName, true)) undo.enabledOn.push(clientId);
    }
    return await promote(deps, connection, revision, options);
  } catch (error) {
    log.warn('activation failed; putting Cognito back as it was', { error });
    try {
      await compensate(deps, connection, undo);
    } catch (undoError) {
      log.error('activation could not be undone', { error: undoError });
      throw new GatehouseError(
        'ACTIVATION_FAILED',
        'Activation failed and could not be fully undone. Approve again: every step is safe to repeat.',
        { retryable: true, undone: false },
      );
    }
    if (error instanceof GatehouseError && error.code !== 'INTERNAL') throw error;
    throw new GatehouseError(
      'ACTIVATION_FAILED',
      'Amazon Cognito did not accept the change just now. Nothing was changed; try again.',
      { retryable: true, undone: true },
    );
  }
}

async function promote(
  deps: ActivationDeps,
  connection: StoredConnection,
  revision: StoredRevision,
  options: { version: number; approvedBy: string },
): Promise<StoredConnection> {
  const at = deps.now();
  const now = at.toISOString();
  // The revision that served until now is marked superseded in the same transaction that promotes the
  // new one: a roll back finds the revision to restore by that mark, so it must never be missing while
  // the new revision is active (nor present while it is not).
  const previous =
    connection.activeRevision !== null && connection.activeRevision !== revision.revision
      ? await deps.connections.getRevision(connection.tenantId, connection.id, connection.activeRevision)
      : null;
  return deps.connections.saveWithRevisions(
    {
      ...connection,
      activeRevision: revision.revision,
      draft: null,
      draftState: null,
      submittedAt: undefined,
      rejection: undefined,
      step: 'submit',
      updatedAt: now,
    },
    options.version,
    [{ ...revision, state: 'approved' }, ...(previous ? [{ ...previous, state: 'superseded' as const }] : [])],
    [
      lifecycleEvent(
        'gatehouse.connection.activated',
        {
          tenantId: connection.tenantId,
          connectionId: connection.id,
          revision: revision.revision,
          providerName: connection.providerName,
          previousRevision: connection.activeRevision,
        },
        at,
      ),
    ],
  );
}
