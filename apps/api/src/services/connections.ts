import { randomBytes } from 'node:crypto';
import {
  type ChooseProviderInput,
  type ConnectionView,
  connectionStatus,
  type DomainClaimStatus,
  GatehouseError,
  isEditable,
  type LifecycleChange,
  type LifecycleEvent,
  type LifecycleRevision,
  serviceProviderValues,
  submissionBlockers,
  transition,
  VENDOR_GUIDES,
  type WizardStep,
  wizardProgress,
} from '@gatehouse/core';
import { providerNameFor } from '@gatehouse/core/cognito';
import type { Config } from '../env.ts';
import type { ConnectionStore, StoredConnection, StoredRevision } from '../store/connection-store.ts';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function newConnectionId(): string {
  const bytes = randomBytes(10);
  let id = 'c';
  for (const byte of bytes) id += BASE32[byte % 32];
  return id;
}

export function requireConnection(connection: StoredConnection | null): StoredConnection {
  if (!connection) {
    throw new GatehouseError(
      'NOT_FOUND',
      'There is no such connection for your organisation. Go back to the list of connections.',
    );
  }
  return connection;
}

/**
 * Asks the lifecycle rules whether `event` may happen to the connection now, and answers what it does; a
 * refusal is thrown as the error it names.
 */
export function requireTransition(connection: StoredConnection, event: LifecycleEvent, now: Date): LifecycleChange {
  const decision = transition(connection, event, now);
  if (!decision.ok) throw new GatehouseError(decision.code, `${decision.message} ${decision.fix}`, decision.details);
  return decision;
}

/** Refuses unless the IT admin may change the connection's draft now. */
export function requireEditable(connection: StoredConnection, now: Date): void {
  requireTransition(connection, { type: 'edit' }, now);
}

/**
 * The stored revisions a change gives a new state, in the change's order, read from `stored`. The rules
 * name only revisions the caller read, so a missing one is a programming error.
 */
export function changedRevisions(change: LifecycleChange, stored: readonly (StoredRevision | null)[]): StoredRevision[] {
  return change.revisions.map(({ revision, state }) => {
    const found = stored.find((r) => r?.revision === revision);
    if (!found) throw new Error(`The lifecycle changed revision ${revision}, which was not read.`);
    return { ...found, state };
  });
}

/** What the lifecycle rules read of a stored revision. */
export function lifecycleRevision(revision: StoredRevision): LifecycleRevision {
  return { revision: revision.revision, state: revision.state, oidcClientId: revision.settings.oidc?.clientId ?? null };
}

/** Refuses a change made to an older version of the connection than the stored one, in `message`'s words. */
export function requireVersion(
  connection: StoredConnection,
  expected: number,
  message = 'Someone else saved this connection while you were editing it. Reload to see their changes, then make yours again.',
): void {
  if (connection.version !== expected) {
    throw new GatehouseError('VERSION_CONFLICT', message, { currentVersion: connection.version });
  }
}

/** Creates a connection in draft with the identity provider the admin picked. */
export async function createConnection(
  store: ConnectionStore,
  tenantId: string,
  input: ChooseProviderInput,
  now: Date,
): Promise<StoredConnection> {
  const id = newConnectionId();
  const connection: StoredConnection = {
    id,
    tenantId,
    vendor: input.vendor,
    protocol: input.protocol,
    displayName: input.displayName ?? defaultDisplayName(input),
    providerName: providerNameFor(tenantId, id, 'live'),
    testProviderName: providerNameFor(tenantId, id, 'test'),
    suspended: false,
    activeRevision: null,
    draft: { attributeMapping: {}, findings: [] },
    draftState: 'draft',
    draftRevision: 1,
    step: 'register',
    changeSeq: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 0,
  };
  await store.create(connection);
  return connection;
}

/** The name a connection gets when the IT admin gives none: the vendor's name and the protocol, "Okta (SAML)". */
export function defaultDisplayName(input: Pick<ChooseProviderInput, 'vendor' | 'protocol'>): string {
  const vendor = input.vendor === 'generic' ? 'Single sign-on' : VENDOR_GUIDES[input.vendor].label;
  return `${vendor} (${input.protocol.toUpperCase()})`;
}

/**
 * Whether a connection still has the name it was given by default rather than one the IT admin chose.
 * Read off the name itself, so connections stored before this was asked need nothing new; connections
 * named before default names used the vendor's label were named after its id ("okta (SAML)").
 */
export function hasDefaultDisplayName(connection: Pick<StoredConnection, 'vendor' | 'protocol' | 'displayName'>): boolean {
  const idBased = `${connection.vendor === 'generic' ? 'Single sign-on' : connection.vendor} (${connection.protocol.toUpperCase()})`;
  return (
    connection.displayName === '' ||
    connection.displayName === defaultDisplayName(connection) ||
    connection.displayName === idBased
  );
}

/**
 * Changes the identity provider or protocol of a draft. The protocol of a connection that has served
 * cannot change (Cognito cannot change an IdP's type); a protocol change clears the protocol's details.
 * A connection still named by default is renamed after its new provider; a name the admin chose stays.
 */
export async function chooseProvider(
  store: ConnectionStore,
  connection: StoredConnection,
  input: ChooseProviderInput & { version: number },
  now: Date,
): Promise<StoredConnection> {
  requireVersion(connection, input.version);
  requireTransition(connection, { type: 'edit', protocol: input.protocol }, now);
  const protocolChanged = input.protocol !== connection.protocol;
  const draft = connection.draft ?? { attributeMapping: {}, findings: [] };
  return store.save(
    {
      ...connection,
      vendor: input.vendor,
      protocol: input.protocol,
      displayName: input.displayName ?? (hasDefaultDisplayName(connection) ? defaultDisplayName(input) : connection.displayName),
      draft: protocolChanged ? { attributeMapping: draft.attributeMapping, findings: [] } : draft,
      changeSeq: connection.changeSeq + 1,
      updatedAt: now.toISOString(),
    },
    input.version,
  );
}

export async function recordStep(
  store: ConnectionStore,
  connection: StoredConnection,
  step: WizardStep,
): Promise<StoredConnection> {
  if (connection.step !== step) await store.setStep(connection.tenantId, connection.id, step);
  return { ...connection, step };
}

/**
 * The connection as the wizard shows it: derived status, no secret, the values to register, and each
 * step's progress. `claims` may hold other connections' domain claims too (a list page reads the
 * tenant's once); only this connection's count.
 */
export function toConnectionView(
  connection: StoredConnection,
  config: Config,
  claims: readonly { connectionId: string; status: DomainClaimStatus }[],
): ConnectionView {
  const draft = connection.draft;
  const lastTest = connection.lastTest;
  const test = lastTest ? { passed: lastTest.passed, current: lastTest.changeSeq === connection.changeSeq } : undefined;
  const own = claims.filter((claim) => claim.connectionId === connection.id);
  const domains = {
    verified: own.filter((claim) => claim.status === 'verified').length,
    failed: own.filter((claim) => claim.status === 'failed').length,
  };
  const hasDetails = Boolean(draft?.saml || draft?.oidc);
  return {
    id: connection.id,
    vendor: connection.vendor,
    protocol: connection.protocol,
    displayName: connection.displayName,
    status: connectionStatus(connection),
    providerName: connection.providerName,
    step: connection.step,
    activeRevision: connection.activeRevision,
    draftRevision: connection.draftRevision,
    draftState: connection.draftState,
    editable: connection.draftState !== null && isEditable(connection.draftState),
    ...(connection.rejection ? { rejection: connection.rejection } : {}),
    ...(draft?.saml
      ? {
          saml: {
            metadataSource: draft.saml.metadataSource,
            ...(draft.saml.metadataUrl ? { metadataUrl: draft.saml.metadataUrl } : {}),
            ...(draft.saml.fileName ? { fileName: draft.saml.fileName } : {}),
            ...(draft.saml.entityId ? { entityId: draft.saml.entityId } : {}),
            signRequests: draft.saml.signRequests,
            idpInitiated: draft.saml.idpInitiated,
            idpSignout: draft.saml.idpSignout,
          },
        }
      : {}),
    ...(draft?.oidc ? { oidc: { ...draft.oidc } } : {}),
    attributeMapping: draft?.attributeMapping ?? {},
    findings: draft?.findings ?? [],
    mappingFindings: draft?.mappingFindings ?? [],
    ...(lastTest
      ? {
          lastTest: {
            at: lastTest.at,
            passed: lastTest.passed,
            current: test?.current ?? false,
            report: lastTest.report,
          },
        }
      : {}),
    serviceProvider: serviceProviderValues(config.cognito.userPoolId, config.cognito.domainUrl),
    submissionBlockers: submissionBlockers({ hasDetails, lastTest: test }),
    ...(connection.submittedAt ? { submittedAt: connection.submittedAt } : {}),
    domains,
    progress: wizardProgress({
      draftState: connection.draftState,
      activeRevision: connection.activeRevision,
      hasDetails,
      findings: draft?.findings ?? [],
      attributeMapping: draft?.attributeMapping ?? {},
      mappingFindings: draft?.mappingFindings ?? [],
      lastTest: test,
      domains,
    }),
    version: connection.version,
    updatedAt: connection.updatedAt,
  };
}
