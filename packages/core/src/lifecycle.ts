/**
 * A connection's lifecycle as pure rules: the status it shows, and what each change (submit, withdraw,
 * start a revision, edit, approve, send back, suspend, resume, refresh, roll back, delete) does to it or why it is
 * refused. The API reads what a decision needs, asks `transition`, and carries out the answer in Cognito
 * and DynamoDB; no service decides on its own whether a change is allowed.
 */
import type { ConnectionStatus, Protocol, RevisionState } from './connection-constants.ts';
import { type SubmissionBlocker, submissionBlockers } from './connections.ts';
import type { ErrorCode } from './errors.ts';
import type { EventType } from './events.ts';

/** The state of the revision being worked on while another one (or none) serves. */
export type WorkingState = 'draft' | 'submitted' | 'rejected';

/**
 * A stored revision's state: a revision is stored when it is submitted (a draft lives on the connection),
 * and may later be `withdrawn` (taken back from review).
 */
export type StoredRevisionState = Exclude<RevisionState, 'draft'> | 'withdrawn';

/** What the lifecycle rules read of a connection. */
export interface LifecycleConnection {
  protocol: Protocol;
  suspended: boolean;
  /** The revision that serves (or served, while suspended); null until the first approval. */
  activeRevision: number | null;
  /** The state of the revision being worked on; null when none is. */
  draftState: WorkingState | null;
  /** The number of the revision being worked on, or the last number handed out. */
  draftRevision: number | null;
}

/** What the lifecycle rules read of a stored revision. */
export interface LifecycleRevision {
  revision: number;
  state: StoredRevisionState;
  /** The OIDC client id of its settings; null for SAML. */
  oidcClientId: string | null;
}

/**
 * The status a connection shows, to the IT admin and the operator alike: suspension wins; then the state
 * of a revision being worked on; then active when a revision serves; otherwise draft.
 */
export function connectionStatus(
  connection: Pick<LifecycleConnection, 'suspended' | 'activeRevision' | 'draftState'>,
): ConnectionStatus {
  if (connection.suspended) return 'suspended';
  const working = connection.draftState;
  // An active connection with a new draft still serves: show it as active until it is submitted.
  if (working !== null && !(working === 'draft' && connection.activeRevision !== null)) return working;
  return connection.activeRevision !== null ? 'active' : 'draft';
}

/**
 * The status the operator's console shows, derived from connectionStatus: a revision waiting for review
 * is what the operator acts on, so it shows first (even on a suspended connection); otherwise the console
 * shows the state of what serves, and the revision being worked on only while nothing has served yet (a
 * revision sent back on a live connection is the IT admin's to edit, the operator sees it live).
 */
export function operatorConnectionStatus(
  connection: Pick<LifecycleConnection, 'suspended' | 'activeRevision'> & {
    /** Absent where only what serves was read (routing): then nothing is being worked on. */
    draftState?: WorkingState | null | undefined;
  },
): ConnectionStatus {
  const draftState = connection.draftState ?? null;
  if (draftState === 'submitted') return 'submitted';
  return connectionStatus({
    suspended: connection.suspended,
    activeRevision: connection.activeRevision,
    draftState: connection.activeRevision === null ? draftState : null,
  });
}

/** Whether the IT admin may still change a revision in this state. */
export function isEditable(state: StoredRevisionState | WorkingState): boolean {
  return state === 'draft' || state === 'rejected';
}

/** A change to a connection's life, with what deciding it needs to know. */
export type LifecycleEvent =
  /** The IT admin submits the draft; `lastTest.current` is whether it ran on the draft as it is now. */
  | { type: 'submit'; hasDetails: boolean; lastTest: { passed: boolean; current: boolean } | undefined }
  /** The IT admin takes a submitted draft back; `submitted` is the stored revision the draft points at. */
  | { type: 'withdraw'; submitted: LifecycleRevision | null }
  /** The IT admin starts a new revision of a live connection. */
  | { type: 'start-revision' }
  /** The IT admin changes the draft; `protocol` when the change picks one. */
  | { type: 'edit'; protocol?: Protocol | undefined }
  /** The operator approves; `submitted` is the stored revision the draft points at (null when missing). */
  | { type: 'approve'; submitted: LifecycleRevision | null }
  /** The operator sends the submitted revision back with a reason. */
  | { type: 'send-back'; reason: string; submitted: LifecycleRevision | null }
  | { type: 'suspend' }
  | { type: 'resume' }
  /** The live IdP takes the active revision's settings again (Cognito re-reads a metadata URL then). */
  | { type: 'refresh' }
  /** The operator restores the previous approved revision; `revisions` are all of the connection's. */
  | { type: 'roll-back'; revisions: readonly LifecycleRevision[] }
  /** The connection goes with its tenant. */
  | { type: 'delete' };

export type LifecycleEventType = LifecycleEvent['type'];
export const LIFECYCLE_EVENT_TYPES = [
  'submit',
  'withdraw',
  'start-revision',
  'edit',
  'approve',
  'send-back',
  'suspend',
  'resume',
  'refresh',
  'roll-back',
  'delete',
] as const satisfies readonly LifecycleEventType[];

/**
 * A Cognito change the caller carries out, in this order: put the live IdP (create or update it in place
 * under its fixed ProviderName), require that it exists, enable or disable it on every production app
 * client, take the test IdP off the test-login client, delete the IdPs.
 */
export type CognitoAction =
  | 'put-live-idp'
  | 'require-live-idp'
  | 'enable-on-clients'
  | 'disable-on-clients'
  | 'disable-test-on-test-client'
  | 'delete-live-idp'
  | 'delete-test-idp';

/** The connection fields a change sets; fields set to undefined are cleared. */
export interface LifecycleFields {
  suspended?: boolean;
  activeRevision?: number;
  draftState?: WorkingState | null;
  draftRevision?: number;
  rejection?: { reason: string; at: string } | undefined;
  submittedAt?: string | undefined;
}

/** What an allowed change does. The caller applies `set`, writes `revisions`, sends `event`. */
export interface LifecycleChange {
  ok: true;
  set: LifecycleFields;
  /** Revisions whose state changes (or, for a submission, the new one). */
  revisions: Array<{ revision: number; state: StoredRevisionState }>;
  /** The revision that serves afterwards; for a roll back also the one it replaces. */
  live?: { revision: number; replaces: number | null };
  cognito: CognitoAction[];
  event: EventType | null;
  /** The status the connection shows afterwards; null once it is deleted. */
  status: ConnectionStatus | null;
}

/** Why a change is refused: the error code the API answers, what is wrong and what to do about it. */
export interface LifecycleRefusal {
  ok: false;
  code: ErrorCode;
  message: string;
  fix: string;
  details?: Record<string, unknown>;
}

export type LifecycleDecision = LifecycleChange | LifecycleRefusal;

const BLOCKER_TEXT: Record<SubmissionBlocker, string> = {
  DETAILS_MISSING: 'save your identity provider’s details',
  TEST_LOGIN_MISSING: 'run a test login',
  TEST_LOGIN_STALE: 'run the test login again (the settings changed since the last one)',
  TEST_LOGIN_FAILED: 'fix what the last test login reported and run it again',
};

function refuse(code: ErrorCode, message: string, fix: string, details?: Record<string, unknown>): LifecycleRefusal {
  return { ok: false, code, message, fix, ...(details ? { details } : {}) };
}

function change(
  connection: LifecycleConnection,
  set: LifecycleFields,
  rest: Partial<Omit<LifecycleChange, 'ok' | 'set' | 'status'>> & { deleted?: boolean } = {},
): LifecycleChange {
  const { deleted, ...parts } = rest;
  return {
    ok: true,
    set,
    revisions: [],
    cognito: [],
    event: null,
    ...parts,
    status: deleted ? null : connectionStatus({ ...connection, ...set }),
  };
}

function notEditable(connection: LifecycleConnection): LifecycleRefusal | null {
  if (connection.draftState !== null && isEditable(connection.draftState)) return null;
  return connection.draftState === 'submitted'
    ? refuse(
        'CONNECTION_NOT_EDITABLE',
        'This connection is waiting for review and cannot be changed now.',
        'Withdraw it from review to edit it.',
      )
    : refuse('CONNECTION_NOT_EDITABLE', 'This connection has no draft to change.', 'Start a new revision to edit it.');
}

function neverApproved(what: string): LifecycleRefusal {
  return refuse('INVALID_STATE', `This connection has never been approved, so it cannot be ${what}.`, 'Approve it first.');
}

/** The revision a roll back restores: the most recent superseded one before the active one. */
export function rollbackTarget<R extends Pick<LifecycleRevision, 'revision' | 'state'>>(
  connection: Pick<LifecycleConnection, 'activeRevision'>,
  revisions: readonly R[],
): R | null {
  const active = connection.activeRevision;
  if (active === null) return null;
  const candidates = revisions.filter((r) => r.revision < active && r.state === 'superseded');
  return candidates.sort((a, b) => b.revision - a.revision)[0] ?? null;
}

/**
 * Decides a change to a connection: either what it does (the fields it sets, the revisions whose state
 * changes, the Cognito actions to carry out, the event it sends) or why it is refused, with the code the
 * API answers. Pure: the caller reads what the event needs (revisions, the last test login) and passes the
 * time.
 */
export function transition(connection: LifecycleConnection, event: LifecycleEvent, now: Date): LifecycleDecision {
  const at = now.toISOString();
  const { activeRevision, draftState, draftRevision } = connection;
  switch (event.type) {
    case 'edit': {
      const refusal = notEditable(connection);
      if (refusal) return refusal;
      if (event.protocol !== undefined && event.protocol !== connection.protocol && activeRevision !== null) {
        return refuse(
          'PROTOCOL_LOCKED',
          `This connection is live over ${connection.protocol.toUpperCase()} and cannot switch protocol.`,
          'Create a separate connection instead.',
        );
      }
      return change(connection, {});
    }
    case 'submit': {
      const refusal = notEditable(connection);
      if (refusal) return refusal;
      const blockers = submissionBlockers({ hasDetails: event.hasDetails, lastTest: event.lastTest });
      if (blockers.length > 0) {
        return refuse(
          'SUBMISSION_BLOCKED',
          'This connection cannot be submitted for review yet.',
          `Before submitting, ${blockers.map((b) => BLOCKER_TEXT[b]).join(', then ')}.`,
          { blockers },
        );
      }
      const revision = draftRevision ?? (activeRevision ?? 0) + 1;
      return change(
        connection,
        { draftState: 'submitted', draftRevision: revision, rejection: undefined, submittedAt: at },
        { revisions: [{ revision, state: 'submitted' }], event: 'gatehouse.connection.submitted' },
      );
    }
    case 'withdraw': {
      if (draftState !== 'submitted' || draftRevision === null || event.submitted?.revision !== draftRevision) {
        return refuse('INVALID_STATE', 'This connection is not waiting for review.', 'There is nothing to withdraw.');
      }
      return change(
        connection,
        { draftState: 'draft', submittedAt: undefined },
        { revisions: [{ revision: draftRevision, state: 'withdrawn' }] },
      );
    }
    case 'start-revision': {
      if (activeRevision === null) {
        return refuse('INVALID_STATE', 'This connection has not gone live yet.', 'Edit its draft instead.');
      }
      if (draftState !== null) {
        return refuse(
          'INVALID_STATE',
          'A new revision of this connection is already in progress.',
          'Edit that revision instead.',
        );
      }
      return change(connection, { draftState: 'draft', draftRevision: Math.max(activeRevision, draftRevision ?? 0) + 1 });
    }
    case 'approve': {
      if (draftState !== 'submitted' || draftRevision === null) {
        return refuse(
          'INVALID_STATE',
          'Only a connection waiting for review can be approved.',
          'Reload the connection to see its state.',
        );
      }
      if (event.submitted?.revision !== draftRevision || event.submitted.state !== 'submitted') {
        return refuse(
          'INVALID_STATE',
          'The submitted revision of this connection cannot be found.',
          'Ask the customer to submit it again.',
        );
      }
      const replaces = activeRevision !== null && activeRevision !== draftRevision ? activeRevision : null;
      return change(
        connection,
        { activeRevision: draftRevision, draftState: null, submittedAt: undefined, rejection: undefined },
        {
          revisions: [
            { revision: draftRevision, state: 'approved' },
            // Marked in the same write that promotes: a roll back finds the revision to restore by it.
            ...(replaces !== null ? [{ revision: replaces, state: 'superseded' as const }] : []),
          ],
          live: { revision: draftRevision, replaces },
          // A suspended connection takes its new settings but stays off the app clients until resumed.
          cognito: connection.suspended ? ['put-live-idp'] : ['put-live-idp', 'enable-on-clients'],
          event: 'gatehouse.connection.activated',
        },
      );
    }
    case 'send-back': {
      if (draftState !== 'submitted' || draftRevision === null) {
        return refuse(
          'INVALID_STATE',
          'Only a connection waiting for review can be sent back.',
          'Reload the connection to see its state.',
        );
      }
      if (event.submitted?.revision !== draftRevision) {
        return refuse(
          'INVALID_STATE',
          'The submitted revision of this connection cannot be found.',
          'Ask the customer to submit it again.',
        );
      }
      return change(
        connection,
        { draftState: 'rejected', rejection: { reason: event.reason, at }, submittedAt: undefined },
        { revisions: [{ revision: draftRevision, state: 'rejected' }], event: 'gatehouse.connection.rejected' },
      );
    }
    case 'suspend': {
      if (activeRevision === null) return neverApproved('suspended');
      if (connection.suspended) {
        return refuse('INVALID_STATE', 'This connection is already suspended.', 'Resume it to let its users sign in again.');
      }
      return change(
        connection,
        { suspended: true },
        { cognito: ['disable-on-clients'], event: 'gatehouse.connection.suspended' },
      );
    }
    case 'resume': {
      if (activeRevision === null) return neverApproved('resumed');
      if (!connection.suspended) {
        return refuse('INVALID_STATE', 'This connection is not suspended.', 'There is nothing to resume.');
      }
      return change(
        connection,
        { suspended: false },
        { cognito: ['require-live-idp', 'enable-on-clients'], event: 'gatehouse.connection.resumed' },
      );
    }
    case 'refresh': {
      if (activeRevision === null || connection.suspended) {
        return refuse(
          'INVALID_STATE',
          'Only an active connection has a live identity provider to refresh.',
          connection.suspended ? 'Resume it first.' : 'Approve it first.',
        );
      }
      return change(connection, {}, { cognito: ['put-live-idp'] });
    }
    case 'roll-back': {
      if (activeRevision === null) return neverApproved('rolled back');
      const previous = rollbackTarget(connection, event.revisions);
      const current = event.revisions.find((r) => r.revision === activeRevision);
      if (!previous || !current) {
        return refuse(
          'NO_PREVIOUS_REVISION',
          'This connection has no earlier approved revision to go back to.',
          'Ask the customer to submit the settings they want as a new revision.',
          { activeRevision },
        );
      }
      if (previous.oidcClientId !== null && current.oidcClientId !== null && previous.oidcClientId !== current.oidcClientId) {
        // Gatehouse never stores client secrets: the only one it can use is the live one, for another client id.
        return refuse(
          'INVALID_STATE',
          `Revision ${previous.revision} signs in with another OIDC client id, whose secret Gatehouse does not have.`,
          'Ask the customer to submit those settings again as a new revision instead.',
          { reason: 'OIDC_CLIENT_CHANGED' },
        );
      }
      return change(
        connection,
        // Revision numbers are never reused: the next revision comes after the rolled-back one.
        { activeRevision: previous.revision, draftRevision: Math.max(draftRevision ?? 0, current.revision) },
        {
          revisions: [
            { revision: previous.revision, state: 'approved' },
            { revision: current.revision, state: 'rolled-back' },
          ],
          live: { revision: previous.revision, replaces: current.revision },
          cognito: ['require-live-idp', 'put-live-idp'],
          event: 'gatehouse.connection.rolled-back',
        },
      );
    }
    case 'delete':
      // Whatever its state: a deleted tenant keeps nothing. Every IdP leaves every client before any is
      // deleted (Cognito refuses to delete an IdP a client still lists).
      return change(
        connection,
        {},
        {
          cognito: ['disable-on-clients', 'disable-test-on-test-client', 'delete-live-idp', 'delete-test-idp'],
          event: 'gatehouse.connection.deleted',
          deleted: true,
        },
      );
  }
}
