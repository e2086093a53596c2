import { describe, expect, it } from 'vitest';
import { isTenantLikeAttribute, signInProvider, TENANT_ID_CLAIM, tenantClaimsOverride } from '../src/tenant-claims.ts';

/** The stored `identities` attribute as a trigger receives it: `primary` boolean, `dateCreated` number. */
const identities = (...providers: string[]) =>
  JSON.stringify(
    providers.map((providerName, i) => ({
      userId: `subject-${i}`,
      providerName,
      providerType: 'SAML',
      issuer: 'https://idp.example.com',
      primary: i === 0,
      dateCreated: 1_700_000_000_000,
    })),
  );

describe('signInProvider', () => {
  it.each([
    ['a federated user', 'gh-acme-1a2b3c4_subject-0', { identities: identities('gh-acme-1a2b3c4') }, 'gh-acme-1a2b3c4'],
    // Case-insensitive pools lower-case the user name; identities keep the provider's own case.
    ['a case-flattened user name', 'gh-acme-xyz_abc', { identities: identities('GH-Acme-XYZ') }, 'GH-Acme-XYZ'],
    [
      'the identity the user name names, not the first',
      'ghtest-acme-1_x',
      { identities: identities('other', 'ghtest-acme-1') },
      'ghtest-acme-1',
    ],
    ['a native user', 'alice', {}, null],
    ['a native user with a linked identity', 'alice', { identities: identities('gh-acme-1a2b3c4') }, null],
    ['a user name that only starts like the provider', 'gh-acme-1a2b3c4x_1', { identities: identities('gh-acme-1a2b3c4') }, null],
    ['identities that are not JSON', 'gh-acme_1', { identities: 'gh-acme' }, null],
    ['identities that are not a list', 'gh-acme_1', { identities: '{"providerName":"gh-acme"}' }, null],
  ])('finds the provider of %s', (_case, userName, attributes, expected) => {
    expect(signInProvider(userName, attributes)).toBe(expected);
  });
});

describe('isTenantLikeAttribute', () => {
  it.each([
    ['custom:tenant_id', true],
    ['custom:tenantId', true],
    ['custom:TENANT-ID', true],
    ['dev:custom:tenant_id', true],
    ['custom:tenant_role', false],
    ['tenant_id', false],
    ['custom:tenants', false],
  ])('%s -> %s', (name, expected) => {
    expect(isTenantLikeAttribute(name)).toBe(expected);
  });
});

describe('tenantClaimsOverride', () => {
  it('adds tenant_id to both tokens for a managed provider of a serving tenant', () => {
    expect(tenantClaimsOverride({ managed: true, tenantId: 'acme' }, { email: 'a@acme.example' })).toEqual({
      idTokenGeneration: { claimsToAddOrOverride: { [TENANT_ID_CLAIM]: 'acme' } },
      accessTokenGeneration: { claimsToAddOrOverride: { [TENANT_ID_CLAIM]: 'acme' } },
    });
  });

  it('suppresses a tenant-like attribute the IdP wrote, and overrides any tenant_id', () => {
    const override = tenantClaimsOverride({ managed: true, tenantId: 'acme' }, { 'custom:tenant_id': 'globex' });
    expect(override?.idTokenGeneration).toEqual({
      claimsToAddOrOverride: { tenant_id: 'acme' },
      claimsToSuppress: ['custom:tenant_id'],
    });
  });

  it('issues no tenant for a managed provider whose tenant serves no one, and still hides a forged one', () => {
    expect(tenantClaimsOverride({ managed: true, tenantId: null }, { email: 'a@acme.example' })).toBeNull();
    expect(tenantClaimsOverride({ managed: true, tenantId: null }, { 'custom:tenantId': 'globex' })).toEqual({
      idTokenGeneration: { claimsToSuppress: ['custom:tenantId'] },
    });
  });

  it('leaves tokens of providers it does not manage exactly as they are', () => {
    expect(tenantClaimsOverride({ managed: false }, { 'custom:tenant_id': 'theirs' })).toBeNull();
  });

  it('never names a reserved claim', () => {
    const override = tenantClaimsOverride({ managed: true, tenantId: 'acme' }, { sub: 'x', 'custom:tenant_id': 'y' });
    const named = [
      ...Object.keys(override?.idTokenGeneration?.claimsToAddOrOverride ?? {}),
      ...(override?.idTokenGeneration?.claimsToSuppress ?? []),
      ...Object.keys(override?.accessTokenGeneration?.claimsToAddOrOverride ?? {}),
    ];
    for (const claim of named) expect(claim).not.toMatch(/^(?:sub|iss|aud|token_use|identities|cognito:.*)$/);
  });
});
