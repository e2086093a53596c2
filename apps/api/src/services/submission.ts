import { GatehouseError, submissionBlockers } from '@gatehouse/core';
import type { AppDeps } from '../deps.ts';
import type { StoredConnection } from '../store/connection-store.ts';
import { requireEditable, requireVersion } from './connections.ts';
import { lifecycleEvent } from './events.ts';

type SubmissionDeps = Pick<AppDeps, 'connections' | 'now'>;

const BLOCKER_TEXT = {
  DETAILS_MISSING: 'save your identity provider’s details',
  TEST_LOGIN_MISSING: 'run a test login',
  TEST_LOGIN_STALE: 'run the test login again (the settings changed since the last one)',
  TEST_LOGIN_FAILED: 'fix what the last test login reported and run it again',
} as const;

/**
 * Submits the draft for the operator's review: a snapshot of exactly the settings that passed the test
 * login becomes a revision, written in the same transaction as the connection's new state.
 */
export async function submitForReview(
  deps: SubmissionDeps,
  connection: StoredConnection,
  version: number,
): Promise<StoredConnection> {
  requireVersion(connection, version);
  requireEditable(connection);
  const draft = connection.draft;
  const lastTest = connection.lastTest;
  const blockers = submissionBlockers({
    hasDetails: Boolean(draft?.saml || draft?.oidc),
    lastTest: lastTest ? { passed: lastTest.passed, current: lastTest.changeSeq === connection.changeSeq } : undefined,
  });
  if (blockers.length > 0 || !draft || !lastTest) {
    throw new GatehouseError(
      'SUBMISSION_BLOCKED',
      `Before submitting, ${blockers.map((b) => BLOCKER_TEXT[b]).join(', then ')}.`,
      {
        blockers,
      },
    );
  }
  const at = deps.now();
  const now = at.toISOString();
  const revision = connection.draftRevision ?? (connection.activeRevision ?? 0) + 1;
  return deps.connections.saveWithRevision(
    { ...connection, draftState: 'submitted', draftRevision: revision, rejection: undefined, submittedAt: now, updatedAt: now },
    version,
    {
      connectionId: connection.id,
      tenantId: connection.tenantId,
      revision,
      settings: draft,
      vendor: connection.vendor,
      protocol: connection.protocol,
      submittedAt: now,
      test: lastTest,
      state: 'submitted',
    },
    [
      lifecycleEvent(
        'gatehouse.connection.submitted',
        {
          tenantId: connection.tenantId,
          connectionId: connection.id,
          revision,
          protocol: connection.protocol,
          vendor: connection.vendor,
        },
        at,
      ),
    ],
  );
}

/** Takes a submitted draft back to edit it; the operator no longer sees it in review. */
export async function withdrawSubmission(
  deps: SubmissionDeps,
  connection: StoredConnection,
  version: number,
): Promise<StoredConnection> {
  requireVersion(connection, version);
  if (connection.draftState !== 'submitted' || connection.draftRevision === null) {
    throw new GatehouseError('INVALID_STATE', 'This connection is not waiting for review.');
  }
  const revision = await deps.connections.getRevision(connection.tenantId, connection.id, connection.draftRevision);
  if (!revision) throw new GatehouseError('INVALID_STATE', 'This connection is not waiting for review.');
  const now = deps.now().toISOString();
  return deps.connections.saveWithRevision(
    { ...connection, draftState: 'draft', submittedAt: undefined, updatedAt: now },
    version,
    { ...revision, state: 'withdrawn' },
  );
}

/**
 * Starts a new revision of an active connection, copied from the revision that serves. The active
 * revision keeps serving while the new one is edited, tested and reviewed.
 */
export async function startRevision(
  deps: SubmissionDeps,
  connection: StoredConnection,
  version: number,
): Promise<StoredConnection> {
  requireVersion(connection, version);
  if (connection.activeRevision === null) {
    throw new GatehouseError('INVALID_STATE', 'This connection has not gone live yet: edit its draft instead.');
  }
  if (connection.draftState !== null) {
    throw new GatehouseError('INVALID_STATE', 'A new revision of this connection is already in progress.');
  }
  const active = await deps.connections.getRevision(connection.tenantId, connection.id, connection.activeRevision);
  if (!active) throw new GatehouseError('INVALID_STATE', 'The active revision of this connection cannot be read.');
  return deps.connections.save(
    {
      ...connection,
      draft: structuredClone(active.settings),
      draftState: 'draft',
      draftRevision: Math.max(connection.activeRevision, connection.draftRevision ?? 0) + 1,
      changeSeq: connection.changeSeq + 1,
      lastTest: undefined,
      step: 'details',
      updatedAt: deps.now().toISOString(),
    },
    version,
  );
}

/**
 * The operator sends a submitted revision back with a reason the IT admin sees; the draft becomes
 * editable again and the active revision, if any, keeps serving.
 */
export async function rejectRevision(
  deps: SubmissionDeps,
  connection: StoredConnection,
  options: { version: number; reason: string },
): Promise<StoredConnection> {
  requireVersion(connection, options.version);
  if (connection.draftState !== 'submitted' || connection.draftRevision === null) {
    throw new GatehouseError('INVALID_STATE', 'Only a connection waiting for review can be sent back.');
  }
  const revision = await deps.connections.getRevision(connection.tenantId, connection.id, connection.draftRevision);
  if (!revision) throw new GatehouseError('INVALID_STATE', 'The submitted revision of this connection cannot be found.');
  const at = deps.now();
  const now = at.toISOString();
  return deps.connections.saveWithRevision(
    {
      ...connection,
      draftState: 'rejected',
      rejection: { reason: options.reason, at: now },
      submittedAt: undefined,
      updatedAt: now,
    },
    options.version,
    { ...revision, state: 'rejected' },
    [
      lifecycleEvent(
        'gatehouse.connection.rejected',
        { tenantId: connection.tenantId, connectionId: connection.id, revision: revision.revision, reason: options.reason },
        at,
      ),
    ],
  );
}
