import { GatehouseError } from '@gatehouse/core';
import type { AppDeps } from '../deps.ts';
import type { StoredConnection, StoredRevision } from '../store/connection-store.ts';
import { changedRevisions, lifecycleRevision, requireTransition, requireVersion } from './connections.ts';
import { lifecycleEvent } from './events.ts';

type SubmissionDeps = Pick<AppDeps, 'connections' | 'now'>;

/** The revision the connection's draft points at, when it has one: the lifecycle rules decide on it. */
export async function workingRevision(
  deps: Pick<AppDeps, 'connections'>,
  connection: StoredConnection,
): Promise<StoredRevision | null> {
  if (connection.draftState !== 'submitted' || connection.draftRevision === null) return null;
  return deps.connections.getRevision(connection.tenantId, connection.id, connection.draftRevision);
}

/** The one revision a change gives a new state. */
function one(revisions: StoredRevision[]): StoredRevision {
  const [revision] = revisions;
  if (!revision || revisions.length !== 1) throw new Error('This change was expected to change one revision.');
  return revision;
}

/** The revision a decision was made on: the rules refuse a change of a revision that was not found. */
export function decidedRevision(revision: StoredRevision | null): StoredRevision {
  if (!revision) throw new Error('A change was allowed of a revision that was not found.');
  return revision;
}

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
  const { draft, lastTest } = connection;
  const at = deps.now();
  const change = requireTransition(
    connection,
    {
      type: 'submit',
      hasDetails: Boolean(draft?.saml || draft?.oidc),
      lastTest: lastTest ? { passed: lastTest.passed, current: lastTest.changeSeq === connection.changeSeq } : undefined,
    },
    at,
  );
  // The rules refuse a submission without saved details and a test login, so both are here.
  const revision = change.revisions[0];
  if (!draft || !lastTest || !revision) throw new Error('A submission was allowed without a draft and a test login.');
  const now = at.toISOString();
  return deps.connections.saveWithRevision(
    { ...connection, ...change.set, updatedAt: now },
    version,
    {
      connectionId: connection.id,
      tenantId: connection.tenantId,
      revision: revision.revision,
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
          revision: revision.revision,
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
  const revision = await workingRevision(deps, connection);
  const at = deps.now();
  const change = requireTransition(
    connection,
    { type: 'withdraw', submitted: revision ? lifecycleRevision(revision) : null },
    at,
  );
  return deps.connections.saveWithRevision(
    { ...connection, ...change.set, updatedAt: at.toISOString() },
    version,
    one(changedRevisions(change, [revision])),
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
  const at = deps.now();
  const change = requireTransition(connection, { type: 'start-revision' }, at);
  const active =
    connection.activeRevision === null
      ? null
      : await deps.connections.getRevision(connection.tenantId, connection.id, connection.activeRevision);
  if (!active) throw new GatehouseError('INVALID_STATE', 'The active revision of this connection cannot be read.');
  return deps.connections.save(
    {
      ...connection,
      ...change.set,
      draft: structuredClone(active.settings),
      changeSeq: connection.changeSeq + 1,
      lastTest: undefined,
      step: 'details',
      updatedAt: at.toISOString(),
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
  const revision = await workingRevision(deps, connection);
  const at = deps.now();
  const change = requireTransition(
    connection,
    { type: 'send-back', reason: options.reason, submitted: revision ? lifecycleRevision(revision) : null },
    at,
  );
  return deps.connections.saveWithRevision(
    { ...connection, ...change.set, updatedAt: at.toISOString() },
    options.version,
    one(changedRevisions(change, [revision])),
    [
      lifecycleEvent(
        'gatehouse.connection.rejected',
        {
          tenantId: connection.tenantId,
          connectionId: connection.id,
          revision: decidedRevision(revision).revision,
          reason: options.reason,
        },
        at,
      ),
    ],
  );
}
