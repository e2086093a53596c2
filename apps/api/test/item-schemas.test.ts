import { describe, expect, it } from 'vitest';
import {
  parseConnection,
  parseDomainClaim,
  parseRevision,
  parseRoutedConnection,
  parseTenantItem,
  StoredItemInvalid,
} from '../src/store/item-schemas.ts';

const connection = {
  id: 'conn-1',
  tenantId: 'acme',
  vendor: 'okta',
  protocol: 'saml',
  displayName: 'Okta',
  providerName: 'gh-acme-0000001',
  testProviderName: 'ghtest-acme-0000001',
  suspended: false,
  activeRevision: null,
  draft: { attributeMapping: { email: 'email' }, findings: [] },
  draftState: 'draft',
  draftRevision: null,
  step: 'details',
  changeSeq: 1,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 1,
};

const problemsOf = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    if (error instanceof StoredItemInvalid) return { kind: error.kind, problems: error.problems };
    throw error;
  }
  return null;
};

describe('stored items read back', () => {
  it('keeps a well-formed connection as it is, extra attributes included', () => {
    expect(parseConnection({ ...connection, futureField: 'kept' })).toEqual({ ...connection, futureField: 'kept' });
  });

  it('refuses a connection whose shape the services rely on is wrong, naming where', () => {
    expect(problemsOf(() => parseConnection({ ...connection, step: 'nowhere' }))).toMatchObject({
      kind: 'connection',
      problems: [expect.stringMatching(/^step:/)],
    });
    expect(problemsOf(() => parseConnection({ ...connection, draft: { findings: [] } }))).toMatchObject({
      problems: [expect.stringMatching(/^draft\.attributeMapping:/)],
    });
    const { version: _version, ...withoutVersion } = connection;
    expect(problemsOf(() => parseConnection(withoutVersion))).toMatchObject({ problems: [expect.stringMatching(/^version:/)] });
  });

  it('refuses a revision, a tenant and a domain claim in a state the code does not know', () => {
    const revision = {
      connectionId: 'conn-1',
      tenantId: 'acme',
      revision: 1,
      settings: connection.draft,
      vendor: 'okta',
      protocol: 'saml',
      submittedAt: '2026-12-01T00:00:00.000Z',
      test: { at: '2026-12-01T00:00:00.000Z', passed: true, changeSeq: 1, report: {} },
      state: 'approved',
    };
    expect(parseRevision(revision)).toEqual(revision);
    expect(problemsOf(() => parseRevision({ ...revision, state: 'archived' }))?.kind).toBe('revision');

    const tenant = { id: 'acme', name: 'Acme', status: 'active', createdAt: '2026-12-01T00:00:00.000Z', version: 0 };
    expect(parseTenantItem(tenant)).toEqual(tenant);
    expect(problemsOf(() => parseTenantItem({ ...tenant, status: 'paused' }))?.kind).toBe('tenant');

    const claim = {
      tenantId: 'acme',
      domain: 'acme.example',
      connectionId: 'conn-1',
      status: 'failed',
      failure: { reason: 'dns_timeout', at: '2026-12-01T00:00:00.000Z' },
      challenge: 'gatehouse-verification=abc',
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
    };
    expect(parseDomainClaim(claim)).toEqual(claim);
    expect(
      problemsOf(() => parseDomainClaim({ ...claim, failure: { reason: 'gremlins', at: claim.createdAt } }))?.problems,
    ).toEqual([expect.stringMatching(/^failure\.reason:/)]);
  });

  it('routes a domain on what routing decides by: a fault in a draft does not stop its domains from routing', () => {
    const broken = { ...connection, activeRevision: 2, draft: { findings: 'not a list' } };
    expect(problemsOf(() => parseConnection(broken))?.kind).toBe('connection');
    expect(parseRoutedConnection(broken)).toMatchObject({
      providerName: connection.providerName,
      activeRevision: 2,
      suspended: false,
    });
    expect(problemsOf(() => parseRoutedConnection({ ...broken, suspended: 'no' }))?.problems).toEqual([
      expect.stringMatching(/^suspended:/),
    ]);
  });
});
