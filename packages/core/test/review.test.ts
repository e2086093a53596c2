import { describe, expect, it } from 'vitest';
import { diffDomains, diffMapping, diffReviewSettings, type ReviewRevision } from '../src/review.ts';

const saml = (overrides: Partial<NonNullable<ReviewRevision['saml']>> = {}): ReviewRevision => ({
  revision: 1,
  submittedAt: '2026-01-01T00:00:00.000Z',
  protocol: 'saml',
  saml: {
    metadataSource: 'url',
    metadataUrl: 'https://idp.example.com/metadata',
    entityId: 'https://idp.example.com/entity',
    certificates: [{ sha256: 'AA:BB', notAfter: '2027-06-01T00:00:00.000Z', subject: 'CN=idp' }],
    signRequests: false,
    idpInitiated: false,
    idpSignout: false,
    ...overrides,
  },
  oidc: null,
  attributeMapping: {},
});

const oidc = (secret: { setAt: string; lastFour: string } | null): ReviewRevision => ({
  revision: 2,
  submittedAt: '2026-01-02T00:00:00.000Z',
  protocol: 'oidc',
  saml: null,
  oidc: { issuer: 'https://idp.example.com', clientId: 'app', scopes: 'openid email', attributesRequestMethod: 'GET', secret },
  attributeMapping: {},
});

const changedKeys = (active: ReviewRevision | null, submitted: ReviewRevision) =>
  diffReviewSettings(active, submitted)
    .filter((row) => row.changed)
    .map((row) => row.key);

describe('diffReviewSettings', () => {
  it('marks every present setting changed against no active revision', () => {
    expect(changedKeys(null, saml({ metadataUrl: null }))).toEqual([
      'metadataSource',
      'entityId',
      'certificates',
      'certificateExpiry',
      'signRequests',
      'idpInitiated',
      'idpSignout',
    ]);
  });

  it.each([
    ['entityId', { entityId: 'https://other.example.com' }],
    ['signRequests', { signRequests: true }],
    ['metadataUrl', { metadataUrl: 'https://idp.example.com/v2/metadata' }],
  ] as const)('marks only %s when it alone differs', (key, change) => {
    expect(changedKeys(saml(), saml(change))).toEqual([key]);
  });

  it('marks a rotated certificate and its new expiry, and takes the earliest expiry of several', () => {
    const rotated = saml({
      certificates: [
        { sha256: 'CC:DD', notAfter: '2028-01-01T00:00:00.000Z', subject: null },
        { sha256: 'AA:BB', notAfter: '2027-06-01T00:00:00.000Z', subject: null },
      ],
    });
    const rows = diffReviewSettings(saml(), rotated);
    expect(rows.find((r) => r.key === 'certificates')).toMatchObject({ submitted: 'CC:DD\nAA:BB', changed: true });
    expect(rows.find((r) => r.key === 'certificateExpiry')).toMatchObject({ changed: false });
  });

  it('tells a new OIDC secret from a kept one by its hint alone', () => {
    const kept = oidc({ setAt: '2026-01-01T00:00:00.000Z', lastFour: 'wxyz' });
    const renewed = oidc({ setAt: '2026-02-01T00:00:00.000Z', lastFour: 'abcd' });
    expect(changedKeys(kept, kept)).toEqual([]);
    expect(changedKeys(kept, renewed)).toEqual(['clientSecret']);
  });

  it('lists both protocols’ settings when a connection changes protocol', () => {
    const rows = diffReviewSettings(saml(), oidc(null));
    expect(rows.find((r) => r.key === 'entityId')).toMatchObject({ submitted: null, changed: true });
    expect(rows.find((r) => r.key === 'issuer')).toMatchObject({ active: null, changed: true });
  });
});

describe('diffMapping', () => {
  it('compares key by key, sorted', () => {
    expect(
      diffMapping(
        { email: 'mail', given_name: 'givenName', name: 'displayName' },
        { email: 'mail', given_name: 'firstName', 'custom:department': 'dept' },
      ),
    ).toEqual([
      { attribute: 'custom:department', active: null, submitted: 'dept', change: 'added' },
      { attribute: 'email', active: 'mail', submitted: 'mail', change: 'unchanged' },
      { attribute: 'given_name', active: 'givenName', submitted: 'firstName', change: 'changed' },
      { attribute: 'name', active: 'displayName', submitted: null, change: 'removed' },
    ]);
  });

  it('shows everything added against nothing active', () => {
    expect(diffMapping(null, { email: 'mail' })).toEqual([
      { attribute: 'email', active: null, submitted: 'mail', change: 'added' },
    ]);
  });
});

describe('diffDomains', () => {
  it.each([
    [['a.example.com'], null, ['a.example.com'], []],
    [['a.example.com', 'b.example.com'], ['a.example.com'], ['b.example.com'], []],
    [['b.example.com'], ['a.example.com', 'b.example.com'], [], ['a.example.com']],
    [[], [], [], []],
  ])('routes %j against live %j: added %j, removed %j', (willRoute, live, added, removed) => {
    expect(diffDomains(willRoute, live)).toEqual({ added, removed });
  });
});
