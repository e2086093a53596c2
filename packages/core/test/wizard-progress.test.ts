import { describe, expect, it } from 'vitest';
import { type WizardProgressInput, wizardProgress } from '../src/wizard-progress.ts';

const saved: WizardProgressInput = {
  draftState: 'draft',
  activeRevision: null,
  hasDetails: true,
  findings: [{ severity: 'warning' }],
  attributeMapping: { email: 'email' },
  mappingFindings: [],
  lastTest: { passed: true, current: true },
  domains: { verified: 1, failed: 0 },
};
const error = [{ severity: 'error' as const }];

describe('wizardProgress', () => {
  const cases: Array<[string, Partial<WizardProgressInput>, Record<string, string>, string | null]> = [
    ['everything saved and tested: only submitting is left', {}, {}, 'submit'],
    [
      'nothing saved yet',
      { hasDetails: false, attributeMapping: {}, lastTest: undefined, domains: { verified: 0, failed: 0 } },
      { register: 'todo', details: 'todo', mapping: 'todo', domains: 'todo', test: 'todo' },
      'register',
    ],
    ['an error finding in the details', { findings: error }, { details: 'needs-attention' }, 'details'],
    ['an error finding in the mapping', { mappingFindings: error }, { mapping: 'needs-attention' }, 'mapping'],
    [
      'a failed domain check, even beside a verified one',
      { domains: { verified: 1, failed: 1 } },
      { domains: 'needs-attention' },
      'domains',
    ],
    ['no domain verified yet', { domains: { verified: 0, failed: 0 } }, { domains: 'todo' }, 'domains'],
    ['a failed test login', { lastTest: { passed: false, current: true } }, { test: 'needs-attention' }, 'test'],
    ['a test login made stale by an edit', { lastTest: { passed: true, current: false } }, { test: 'needs-attention' }, 'test'],
    ['submitted for review', { draftState: 'submitted' }, { submit: 'done' }, null],
    [
      'live with no revision being worked on',
      { draftState: null, activeRevision: 1, hasDetails: false, domains: { verified: 0, failed: 0 } },
      { domains: 'done', submit: 'done' },
      null,
    ],
  ];
  it.each(cases)('%s', (_name, overrides, states, next) => {
    const progress = wizardProgress({ ...saved, ...overrides });
    expect(progress.steps).toMatchObject(states);
    expect(progress.next).toBe(next);
    expect(progress.total).toBe(7);
    expect(progress.done).toBe(Object.values(progress.steps).filter((state) => state === 'done').length);
  });
});
