import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../src/audit.ts';
import { AUDIT_ACTION_LABELS, auditActorLabel, auditLabel } from '../src/audit-labels.ts';

const target = { connectionId: 'cabcdefghijklmnop', connectionName: 'Okta (SAML)', revision: 3, domain: 'acme.example.com' };

describe('activity log labels', () => {
  it.each(AUDIT_ACTIONS)('%s reads as a sentence that names things, not ids', (action) => {
    const label = auditLabel({ action, target, summary: 'the summary', before: undefined });
    expect(label).toMatch(/^[A-Z]/);
    expect(label).not.toContain(target.connectionId);
    expect(label).not.toContain(action);
    expect(label).not.toBe('the summary');
    if (action.startsWith('connection.') || action === 'monitoring.finding') expect(label).toContain('Okta (SAML)');
    if (action.startsWith('domain.')) expect(label).toContain('acme.example.com');
  });

  it('has a label for every action and nothing else', () => {
    expect(Object.keys(AUDIT_ACTION_LABELS).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it('names the revision where the entry has one', () => {
    expect(auditLabel({ action: 'connection.approved', target, summary: '' })).toBe('Approved revision 3 of Okta (SAML)');
    expect(auditLabel({ action: 'connection.approved', target: { connectionId: 'c1' }, summary: '' })).toBe(
      'Approved revision of a connection',
    );
  });

  it('tells a replaced setup link from a first one', () => {
    expect(auditLabel({ action: 'setup-link.issued', target: {}, summary: '', before: { linkId: 'old' } })).toBe(
      'Replaced the setup link',
    );
    expect(auditLabel({ action: 'setup-link.issued', target: {}, summary: '' })).toBe('Issued a setup link');
  });

  it('keeps the summary of an action this version does not know', () => {
    expect(auditLabel({ action: 'something.new', target: {}, summary: 'Did something new.' })).toBe('Did something new.');
  });

  it.each([
    [{ type: 'operator', id: 'alice@example.com' }, 'Operator alice@example.com'],
    [{ type: 'admin', id: 'IT admin of acme (setup link l1)' }, 'IT admin (setup link)'],
    [{ type: 'client', id: 'client123' }, 'API client client123'],
    [{ type: 'system', id: 'job refresh-metadata' }, 'Scheduled job refresh-metadata'],
    [{ type: 'system', id: 'gatehouse' }, 'Gatehouse'],
  ] as const)('names the actor %j', (actor, label) => {
    expect(auditActorLabel(actor)).toBe(label);
  });
});
