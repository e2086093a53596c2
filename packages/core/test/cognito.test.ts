import { describe, expect, it } from 'vitest';
import {
  buildCreateIdentityProviderInput,
  buildUpdateIdentityProviderInput,
  isValidProviderName,
  PROVIDER_NAME_PATTERN,
  providerNameFor,
} from '../src/cognito/index.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('providerNameFor', () => {
  it('is stable per (tenant, connection), distinct per connection and for the test IdP', () => {
    const live = providerNameFor('acme-corp', 'conn-1');
    expect(providerNameFor('acme-corp', 'conn-1')).toBe(live);
    expect(providerNameFor('acme-corp', 'conn-2')).not.toBe(live);
    expect(providerNameFor('acme-corp', 'conn-1', 'test')).not.toBe(live);
    expect(live.startsWith('gh-acme-corp-')).toBe(true);
  });

  it('always fits Cognito’s pattern and 32 characters, for the longest tenant ids', () => {
    const names = new Set<string>();
    for (const tenant of ['abc', 'zurich-versicherungs-gesellschaf', 'a'.repeat(32), '0-0', 'x1-y2-z3-'.repeat(3).slice(0, 32)]) {
      for (let i = 0; i < 200; i++) {
        for (const kind of ['live', 'test'] as const) {
          const name = providerNameFor(tenant, `connection-${i}`, kind);
          expect(name.length).toBeLessThanOrEqual(32);
          expect(PROVIDER_NAME_PATTERN.test(name)).toBe(true);
          expect(name).not.toContain('_');
          names.add(name);
        }
      }
    }
    expect(names.size).toBe(5 * 200 * 2);
  });

  it.each(['COGNITO', 'Google', 'ab', '_idp', 'my_idp', 'a b c', 'x'.repeat(33)])('refuses %j as a provider name', (name) => {
    expect(isValidProviderName(name)).toBe(false);
  });
});

describe('IdentityProvider request builders', () => {
  const base = { userPoolId: 'us-east-1_AbC123', providerName: 'gh-acme-corp-1a2b3c4' };

  it('builds a SAML CreateIdentityProvider input with string-valued details', () => {
    expect(
      buildCreateIdentityProviderInput({
        ...base,
        settings: { type: 'SAML', metadataUrl: 'https://idp.example/metadata', idpSignout: true, signRequests: true },
        attributeMapping: { email: 'email' },
        idpIdentifiers: ['acme.com', 'acme.co.uk'],
      }),
    ).toEqual({
      UserPoolId: 'us-east-1_AbC123',
      ProviderName: 'gh-acme-corp-1a2b3c4',
      ProviderType: 'SAML',
      ProviderDetails: {
        MetadataURL: 'https://idp.example/metadata',
        IDPSignout: 'true',
        IDPInit: 'false',
        RequestSigningAlgorithm: 'rsa-sha256',
      },
      AttributeMapping: { email: 'email' },
      IdpIdentifiers: ['acme.com', 'acme.co.uk'],
    });
  });

  it('builds an OIDC UpdateIdentityProvider input with the whole ProviderDetails and no type', () => {
    const input = buildUpdateIdentityProviderInput({
      ...base,
      settings: {
        type: 'OIDC',
        issuer: 'https://acme.okta.com',
        clientId: 'id',
        clientSecret: 'secret',
        authorizeScopes: 'openid email',
      },
    });
    expect(input).toEqual({
      UserPoolId: 'us-east-1_AbC123',
      ProviderName: 'gh-acme-corp-1a2b3c4',
      ProviderDetails: {
        client_id: 'id',
        client_secret: 'secret',
        authorize_scopes: 'openid email',
        attributes_request_method: 'GET',
        oidc_issuer: 'https://acme.okta.com',
      },
    });
    expect('ProviderType' in input).toBe(false);
  });

  it.each([
    ['no metadata', { settings: { type: 'SAML' as const } }],
    ['both metadata sources', { settings: { type: 'SAML' as const, metadataUrl: 'https://x', metadataFile: '<x/>' } }],
    ['an oversized metadata file', { settings: { type: 'SAML' as const, metadataFile: 'x'.repeat(131_073) } }],
    ['a reserved name', { settings: { type: 'SAML' as const, metadataUrl: 'https://x' }, providerName: 'COGNITO' }],
    [
      'a repeated identifier',
      { settings: { type: 'SAML' as const, metadataUrl: 'https://x' }, idpIdentifiers: ['a.com', 'a.com'] },
    ],
    [
      'a malformed identifier',
      { settings: { type: 'SAML' as const, metadataUrl: 'https://x' }, idpIdentifiers: ['bad/identifier'] },
    ],
    [
      '51 identifiers',
      {
        settings: { type: 'SAML' as const, metadataUrl: 'https://x' },
        idpIdentifiers: Array.from({ length: 51 }, (_, i) => `d${i}.com`),
      },
    ],
  ])('refuses what Cognito would refuse: %s', (_label, overrides) => {
    expect(codeOf(() => buildCreateIdentityProviderInput({ ...base, ...overrides }))).toBe('VALIDATION_FAILED');
  });
});
