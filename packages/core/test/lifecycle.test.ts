import { describe, expect, it } from 'vitest';
import {
  connectionStatus,
  LIFECYCLE_EVENT_TYPES,
  type LifecycleConnection,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecycleRevision,
  operatorConnectionStatus,
  rollbackTarget,
  transition,
} from '../src/lifecycle.ts';

const NOW = new Date('2026-03-01T10:00:00.000Z');

/** Every state a connection can be in: what serves (nothing, active, suspended) × the working revision. */
const STATES = {
  draft: { activeRevision: null, draftState: 'draft', draftRevision: 1, suspended: false },
  submitted: { activeRevision: null, draftState: 'submitted', draftRevision: 1, suspended: false },
  rejected: { activeRevision: null, draftState: 'rejected', draftRevision: 1, suspended: false },
  active: { activeRevision: 2, draftState: null, draftRevision: 2, suspended: false },
  'active, new draft': { activeRevision: 2, draftState: 'draft', draftRevision: 3, suspended: false },
  'active, new revision submitted': { activeRevision: 2, draftState: 'submitted', draftRevision: 3, suspended: false },
  'active, new revision sent back': { activeRevision: 2, draftState: 'rejected', draftRevision: 3, suspended: false },
  suspended: { activeRevision: 2, draftState: null, draftRevision: 2, suspended: true },
  'suspended, new draft': { activeRevision: 2, draftState: 'draft', draftRevision: 3, suspended: true },
  'suspended, new revision submitted': { activeRevision: 2, draftState: 'submitted', draftRevision: 3, suspended: true },
  'suspended, new revision sent back': { activeRevision: 2, draftState: 'rejected', draftRevision: 3, suspended: true },
} as const satisfies Record<string, Omit<LifecycleConnection, 'protocol'>>;
type StateName = keyof typeof STATES;

const connectionIn = (state: StateName): LifecycleConnection => ({ protocol: 'saml', ...STATES[state] });

/** The stored revisions of a connection in that state: live ones served revision 1 before revision 2. */
function revisionsOf(state: StateName): LifecycleRevision[] {
  const c = connectionIn(state);
  const revisions: LifecycleRevision[] = [];
  if (c.activeRevision !== null) {
    revisions.push({ revision: 1, state: 'superseded', oidcClientId: null });
    revisions.push({ revision: 2, state: 'approved', oidcClientId: null });
  }
  if (c.draftState === 'submitted' || c.draftState === 'rejected') {
    revisions.push({ revision: c.draftRevision ?? 0, state: c.draftState, oidcClientId: null });
  }
  return revisions;
}

/** Each event with a payload that would let it through, so only the state decides. */
function eventFor(type: LifecycleEventType, state: StateName): LifecycleEvent {
  const c = connectionIn(state);
  const submitted = revisionsOf(state).find((r) => r.revision === c.draftRevision) ?? null;
  switch (type) {
    case 'submit':
      return { type, hasDetails: true, lastTest: { passed: true, current: true } };
    case 'edit':
      return { type, protocol: 'saml' };
    case 'approve':
    case 'withdraw':
      return { type, submitted };
    case 'send-back':
      return { type, reason: 'Wrong certificate', submitted };
    case 'roll-back':
      return { type, revisions: revisionsOf(state) };
    default:
      return { type };
  }
}

// The outcome of every event in every state: the status shown afterwards, 'deleted', or the refusal's code.
const INVALID = 'INVALID_STATE';
const LOCKED = 'CONNECTION_NOT_EDITABLE';
const MATRIX: Record<StateName, Record<LifecycleEventType, string>> = {
  // biome-ignore format: one row per state reads as a table
  draft: { submit: 'submitted', withdraw: INVALID, 'start-revision': INVALID, edit: 'draft', approve: INVALID, 'send-back': INVALID, suspend: INVALID, resume: INVALID, refresh: INVALID, 'roll-back': INVALID, delete: 'deleted' },
  // biome-ignore format: one row per state reads as a table
  submitted: { submit: LOCKED, withdraw: 'draft', 'start-revision': INVALID, edit: LOCKED, approve: 'active', 'send-back': 'rejected', suspend: INVALID, resume: INVALID, refresh: INVALID, 'roll-back': INVALID, delete: 'deleted' },
  // biome-ignore format: one row per state reads as a table
  rejected: { submit: 'submitted', withdraw: INVALID, 'start-revision': INVALID, edit: 'rejected', approve: INVALID, 'send-back': INVALID, suspend: INVALID, resume: INVALID, refresh: INVALID, 'roll-back': INVALID, delete: 'deleted' },
  // biome-ignore format: one row per state reads as a table
  active: { submit: LOCKED, withdraw: INVALID, 'start-revision': 'active', edit: LOCKED, approve: INVALID, 'send-back': INVALID, suspend: 'suspended', resume: INVALID, refresh: 'active', 'roll-back': 'active', delete: 'deleted' },
  // biome-ignore format: one row per state reads as a table
  'active, new draft': { submit: 'submitted', withdraw: INVALID, 'start-revision': INVALID, edit: 'active', approve: INVALID, 'send-back': INVALID, suspend: 'suspended', resume: INVALID, refresh: 'active', 'roll-back': 'active', delete: 'deleted' },
  // biome-ignore format: one row per state reads as a table
  'active, new revision submitted': { submit: LOCKED, withdraw: 'active', 'start-revision': INVALID, edit: LOCKED, approve: 'active', 'send-back': 'rejected', suspend: 'suspended', resume: INVALID, refresh: 'submitted', 'roll-back': 'submitted', delete: 'deleted' },
  // biome-ignore format: one row per state reads as a table
  'active, new revision sent back': { submit: 'submitted', withdraw: INVALID, 'start-revision': INVALID, edit: 'rejected', approve: INVALID, 'send-back': INVALID, suspend: 'suspended', resume: INVALID, refresh: 'rejected', 'roll-back': 'rejected', delete: 'deleted' },
  // biome-ignore format: one row per state reads as a table
  suspended: { submit: LOCKED, withdraw: INVALID, 'start-revision': 'suspended', edit: LOCKED, approve: INVALID, 'send-back': INVALID, suspend: INVALID, resume: 'active', refresh: INVALID, 'roll-back': 'suspended', delete: 'deleted' },
  // biome-ignore format: one row per state reads as a table
  'suspended, new draft': { submit: 'suspended', withdraw: INVALID, 'start-revision': INVALID, edit: 'suspended', approve: INVALID, 'send-back': INVALID, suspend: INVALID, resume: 'active', refresh: INVALID, 'roll-back': 'suspended', delete: 'deleted' },
  // biome-ignore format: one row per state reads as a table
  'suspended, new revision submitted': { submit: LOCKED, withdraw: 'suspended', 'start-revision': INVALID, edit: LOCKED, approve: 'suspended', 'send-back': 'suspended', suspend: INVALID, resume: 'submitted', refresh: INVALID, 'roll-back': 'suspended', delete: 'deleted' },
  // biome-ignore format: one row per state reads as a table
  'suspended, new revision sent back': { submit: 'suspended', withdraw: INVALID, 'start-revision': INVALID, edit: 'suspended', approve: INVALID, 'send-back': INVALID, suspend: INVALID, resume: 'rejected', refresh: INVALID, 'roll-back': 'suspended', delete: 'deleted' },
};

describe('transition: every event from every state', () => {
  it('covers every event type in every row', () => {
    for (const row of Object.values(MATRIX)) expect(Object.keys(row).sort()).toEqual([...LIFECYCLE_EVENT_TYPES].sort());
  });

  for (const [state, row] of Object.entries(MATRIX) as Array<[StateName, Record<LifecycleEventType, string>]>) {
    for (const type of LIFECYCLE_EVENT_TYPES) {
      const expected = row[type];
      it(`${state} + ${type} -> ${expected}`, () => {
        const decision = transition(connectionIn(state), eventFor(type, state), NOW);
        if (decision.ok) {
          expect(decision.status ?? 'deleted').toBe(expected);
        } else {
          expect(decision.code).toBe(expected);
          // A refusal always tells the person what to do next.
          expect(decision.message.length).toBeGreaterThan(0);
          expect(decision.fix.length).toBeGreaterThan(0);
        }
      });
    }
  }
});

describe('transition: what an allowed change does', () => {
  it('submit: a new revision number for a live connection, the time, and the submitted event', () => {
    const decision = transition(
      { ...connectionIn('active'), draftState: 'draft', draftRevision: null },
      eventFor('submit', 'active, new draft'),
      NOW,
    );
    expect(decision).toMatchObject({
      ok: true,
      set: { draftState: 'submitted', draftRevision: 3, submittedAt: NOW.toISOString(), rejection: undefined },
      revisions: [{ revision: 3, state: 'submitted' }],
      cognito: [],
      event: 'gatehouse.connection.submitted',
    });
  });

  it('submit: refused with every blocker at once', () => {
    const cases: Array<[Extract<LifecycleEvent, { type: 'submit' }>, string[]]> = [
      [{ type: 'submit', hasDetails: false, lastTest: undefined }, ['DETAILS_MISSING', 'TEST_LOGIN_MISSING']],
      [{ type: 'submit', hasDetails: true, lastTest: { passed: true, current: false } }, ['TEST_LOGIN_STALE']],
      [{ type: 'submit', hasDetails: true, lastTest: { passed: false, current: true } }, ['TEST_LOGIN_FAILED']],
    ];
    for (const [event, blockers] of cases) {
      expect(transition(connectionIn('draft'), event, NOW)).toMatchObject({
        ok: false,
        code: 'SUBMISSION_BLOCKED',
        details: { blockers },
      });
    }
  });

  it('approve: enables the live IdP on the clients and marks the revision it replaces superseded', () => {
    expect(
      transition(connectionIn('active, new revision submitted'), eventFor('approve', 'active, new revision submitted'), NOW),
    ).toMatchObject({
      ok: true,
      set: { activeRevision: 3, draftState: null, submittedAt: undefined, rejection: undefined },
      revisions: [
        { revision: 3, state: 'approved' },
        { revision: 2, state: 'superseded' },
      ],
      live: { revision: 3, replaces: 2 },
      cognito: ['put-live-idp', 'enable-on-clients'],
      event: 'gatehouse.connection.activated',
    });
  });

  it('approve: a first revision replaces nothing; a suspended connection stays off the clients', () => {
    expect(transition(connectionIn('submitted'), eventFor('approve', 'submitted'), NOW)).toMatchObject({
      revisions: [{ revision: 1, state: 'approved' }],
      live: { revision: 1, replaces: null },
    });
    const suspended = transition(
      connectionIn('suspended, new revision submitted'),
      eventFor('approve', 'suspended, new revision submitted'),
      NOW,
    );
    expect(suspended).toMatchObject({ ok: true, cognito: ['put-live-idp'] });
  });

  it('approve: refused when the submitted revision is missing or no longer submitted', () => {
    const c = connectionIn('submitted');
    for (const submitted of [null, { revision: 1, state: 'withdrawn' as const, oidcClientId: null }]) {
      expect(transition(c, { type: 'approve', submitted }, NOW)).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    }
  });

  it('withdraw and send back: refused when the submitted revision is missing', () => {
    const c = connectionIn('submitted');
    expect(transition(c, { type: 'withdraw', submitted: null }, NOW)).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(transition(c, { type: 'send-back', reason: 'No', submitted: null }, NOW)).toMatchObject({
      ok: false,
      code: 'INVALID_STATE',
    });
  });

  it('send back: the reason and when, on the revision and the connection', () => {
    const submitted = { revision: 1, state: 'submitted' as const, oidcClientId: null };
    expect(
      transition(connectionIn('submitted'), { type: 'send-back', reason: 'Wrong certificate', submitted }, NOW),
    ).toMatchObject({
      set: { draftState: 'rejected', rejection: { reason: 'Wrong certificate', at: NOW.toISOString() }, submittedAt: undefined },
      revisions: [{ revision: 1, state: 'rejected' }],
      cognito: [],
      event: 'gatehouse.connection.rejected',
    });
  });

  it('withdraw and start a revision change no Cognito and send no event', () => {
    const submitted = { revision: 1, state: 'submitted' as const, oidcClientId: null };
    expect(transition(connectionIn('submitted'), { type: 'withdraw', submitted }, NOW)).toMatchObject({
      set: { draftState: 'draft', submittedAt: undefined },
      revisions: [{ revision: 1, state: 'withdrawn' }],
      cognito: [],
      event: null,
    });
    // After a roll back the last number handed out is above the active one: numbers are never reused.
    expect(
      transition({ ...connectionIn('active'), activeRevision: 1, draftRevision: 2 }, { type: 'start-revision' }, NOW),
    ).toMatchObject({
      set: { draftState: 'draft', draftRevision: 3 },
      cognito: [],
      event: null,
    });
  });

  it('suspend and resume take the live IdP off the clients and put it back', () => {
    expect(transition(connectionIn('active'), { type: 'suspend' }, NOW)).toMatchObject({
      set: { suspended: true },
      cognito: ['disable-on-clients'],
      event: 'gatehouse.connection.suspended',
    });
    expect(transition(connectionIn('suspended'), { type: 'resume' }, NOW)).toMatchObject({
      set: { suspended: false },
      cognito: ['require-live-idp', 'enable-on-clients'],
      event: 'gatehouse.connection.resumed',
    });
  });

  it('refresh sends the active settings to the live IdP again and changes nothing stored', () => {
    expect(transition(connectionIn('active, new revision submitted'), { type: 'refresh' }, NOW)).toMatchObject({
      set: {},
      revisions: [],
      cognito: ['put-live-idp'],
      event: null,
    });
  });

  it('roll back restores the latest superseded revision and keeps revision numbers unique', () => {
    const revisions: LifecycleRevision[] = [
      { revision: 1, state: 'superseded', oidcClientId: null },
      { revision: 2, state: 'rolled-back', oidcClientId: null },
      { revision: 3, state: 'superseded', oidcClientId: null },
      { revision: 4, state: 'approved', oidcClientId: null },
    ];
    const c = { ...connectionIn('active'), activeRevision: 4, draftRevision: 4 };
    expect(transition(c, { type: 'roll-back', revisions }, NOW)).toMatchObject({
      set: { activeRevision: 3, draftRevision: 4 },
      revisions: [
        { revision: 3, state: 'approved' },
        { revision: 4, state: 'rolled-back' },
      ],
      live: { revision: 3, replaces: 4 },
      cognito: ['require-live-idp', 'put-live-idp'],
      event: 'gatehouse.connection.rolled-back',
    });
    expect(rollbackTarget(c, revisions)?.revision).toBe(3);
  });

  it('roll back is refused without a superseded revision, or to another OIDC client id', () => {
    const c = connectionIn('active');
    expect(
      transition(c, { type: 'roll-back', revisions: [{ revision: 2, state: 'approved', oidcClientId: null }] }, NOW),
    ).toMatchObject({ ok: false, code: 'NO_PREVIOUS_REVISION', details: { activeRevision: 2 } });
    const oidc: LifecycleRevision[] = [
      { revision: 1, state: 'superseded', oidcClientId: 'old-client' },
      { revision: 2, state: 'approved', oidcClientId: 'new-client' },
    ];
    expect(transition({ ...c, protocol: 'oidc' }, { type: 'roll-back', revisions: oidc }, NOW)).toMatchObject({
      ok: false,
      code: 'INVALID_STATE',
      details: { reason: 'OIDC_CLIENT_CHANGED' },
    });
    const sameClient = oidc.map((r) => ({ ...r, oidcClientId: 'client' }));
    expect(transition({ ...c, protocol: 'oidc' }, { type: 'roll-back', revisions: sameClient }, NOW)).toMatchObject({ ok: true });
  });

  it('edit: a live connection keeps its protocol', () => {
    expect(transition(connectionIn('active, new draft'), { type: 'edit', protocol: 'oidc' }, NOW)).toMatchObject({
      ok: false,
      code: 'PROTOCOL_LOCKED',
    });
    expect(transition(connectionIn('draft'), { type: 'edit', protocol: 'oidc' }, NOW)).toMatchObject({ ok: true });
  });

  it('delete takes both IdPs off their clients before deleting them', () => {
    expect(transition(connectionIn('suspended'), { type: 'delete' }, NOW)).toMatchObject({
      status: null,
      cognito: ['disable-on-clients', 'disable-test-on-test-client', 'delete-live-idp', 'delete-test-idp'],
      event: 'gatehouse.connection.deleted',
    });
  });
});

describe('connectionStatus and the operator view derived from it', () => {
  // [state, what the IT admin sees, what the operator sees]
  const cases: Array<[StateName, string, string]> = [
    ['draft', 'draft', 'draft'],
    ['submitted', 'submitted', 'submitted'],
    ['rejected', 'rejected', 'rejected'],
    ['active', 'active', 'active'],
    ['active, new draft', 'active', 'active'],
    ['active, new revision submitted', 'submitted', 'submitted'],
    // The IT admin has work to do; the operator sees what serves.
    ['active, new revision sent back', 'rejected', 'active'],
    ['suspended', 'suspended', 'suspended'],
    ['suspended, new draft', 'suspended', 'suspended'],
    // The operator has a review waiting, even on a suspended connection.
    ['suspended, new revision submitted', 'suspended', 'submitted'],
    ['suspended, new revision sent back', 'suspended', 'suspended'],
  ];
  for (const [state, setup, operator] of cases) {
    it(`${state}: ${setup} to the IT admin, ${operator} to the operator`, () => {
      expect(connectionStatus(connectionIn(state))).toBe(setup);
      expect(operatorConnectionStatus(connectionIn(state))).toBe(operator);
    });
  }
  it('a connection with nothing being worked on and nothing served is a draft', () => {
    expect(connectionStatus({ suspended: false, activeRevision: null, draftState: null })).toBe('draft');
  });
});
