import { GatehouseError, type LifecycleChange } from '@gatehouse/core';
import { buildCreateIdentityProviderInput, type ProviderSettings, restoreIdentityProviderInput } from '@gatehouse/core/cognito';
import type { AppDeps } from '../deps.ts';
import type { DraftSettings, StoredConnection, StoredRevision } from '../store/connection-store.ts';
import { withConnectionOperation } from './connection-operations.ts';
import { changedRevisions, lifecycleRevision, requireTransition, requireVersion } from './connections.ts';
import { lifecycleEvent } from './events.ts';
import { saga, setOnAppClients } from './saga.ts';
import { decidedRevision, workingRevision } from './submission.ts';

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
  requireTransition(connection, { type: 'refresh' }, deps.now());
  const revision =
    connection.activeRevision === null
      ? null
      : await deps.connections.getRevision(connection.tenantId, connection.id, connection.activeRevision);
  if (!revision) throw new GatehouseError('INVALID_STATE', 'The active revision of this connection cannot be found.');
  const secret = revision.settings.oidc
    ? (await deps.cognito.describeIdentityProvider(connection.providerName))?.details.client_secret
    : undefined;
  await deps.cognito.putIdentityProvider(await liveProviderInput(deps, connection, revision.settings, secret));
}

/**
 * Approves a submitted revision and makes it serve, as a saga over Cognito and DynamoDB:
 *   1. create or update the live IdP in place under its fixed ProviderName (the OIDC secret is copied
 *      server side from the test IdP), with the connection's verified domains as its IdpIdentifiers;
 *   2. enable it on every production app client (each a read-modify-write of the whole client);
 *   3. in one DynamoDB transaction, promote the revision, mark the one it replaces superseded and clear
 *      the draft.
 * Every Cognito step is idempotent. When a step fails (throttling that outlasted retries, an outage, a
 * concurrent modification), what this run changed is put back and LIFECYCLE_FAILED is raised: Cognito
 * and the connection end in the old state or the new one, never a mix, and a retry starts afresh. Whether
 * the revision may be approved, and what that changes, is the lifecycle's `transition` in @gatehouse/core.
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
  requireVersion(connection, options.version, 'This connection changed since you opened it. Reload and review it again.');
  const submitted = await workingRevision(deps, connection);
  const at = deps.now();
  const change = requireTransition(
    connection,
    { type: 'approve', submitted: submitted ? lifecycleRevision(submitted) : null },
    at,
  );
  const revision = decidedRevision(submitted);

  const secret = revision.settings.oidc
    ? (await deps.cognito.describeIdentityProvider(connection.testProviderName))?.details.client_secret
    : undefined;
  const input = await liveProviderInput(deps, connection, revision.settings, secret);
  const previousLive = await deps.cognito.describeIdentityProvider(connection.providerName);

  return saga(deps, connection, 'activation', async (undo) => {
    undo.push(() =>
      previousLive
        ? // Describe returns keys that Update refuses (ActiveEncryptionCertificate, ...): they are left out.
          deps.cognito.putIdentityProvider(restoreIdentityProviderInput(deps.config.cognito.userPoolId, previousLive))
        : deps.cognito.deleteIdentityProvider(connection.providerName),
    );
    await deps.cognito.putIdentityProvider(input);
    if (change.cognito.includes('enable-on-clients')) {
      await setOnAppClients(deps, undo, connection.providerName, true);
    }
    return promote(deps, connection, revision, change, options);
  });
}

async function promote(
  deps: ActivationDeps,
  connection: StoredConnection,
  revision: StoredRevision,
  change: LifecycleChange,
  options: { version: number; approvedBy: string },
): Promise<StoredConnection> {
  const at = deps.now();
  const now = at.toISOString();
  // The revision that served until now is marked superseded in the same transaction that promotes the
  // new one: a roll back finds the revision to restore by that mark, so it must never be missing while
  // the new revision is active (nor present while it is not).
  const replaces = change.live?.replaces ?? null;
  const previous = replaces !== null ? await deps.connections.getRevision(connection.tenantId, connection.id, replaces) : null;
  return deps.connections.saveWithRevisions(
    {
      ...connection,
      ...change.set,
      draft: null,
      step: 'submit',
      updatedAt: now,
    },
    options.version,
    changedRevisions(change, [revision, previous]),
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
