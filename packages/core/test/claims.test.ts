import { describe, expect, it } from 'vitest';
import { analyzeAttributeMapping, CLAIM_PRESETS, claimPreset, type SchemaAttribute } from '../src/claims/index.ts';
import { IDP_VENDORS } from '../src/findings/vendors.ts';
import { VENDOR_GUIDES } from '../src/guides.ts';

/** A user pool schema as DescribeUserPool returns it: standard attributes by bare name, custom prefixed. */
const standard = (Name: string, extra: Partial<SchemaAttribute> = {}): SchemaAttribute => ({
  Name,
  AttributeDataType: 'String',
  Mutable: true,
  Required: false,
  StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' },
  ...extra,
});
const schema: SchemaAttribute[] = [
  standard('sub', { Mutable: false, Required: true }),
  standard('email', { Required: true }),
  { Name: 'email_verified', AttributeDataType: 'Boolean', Mutable: true, Required: false },
  standard('given_name'),
  standard('family_name'),
  standard('name'),
  standard('custom:tenant_role'),
  standard('custom:tenant_id'),
  standard('custom:employee_id', { Mutable: false }),
];
const codes = (mapping: Record<string, string>, extra: { writeAttributes?: string[]; vendor?: 'entra' | 'okta' } = {}) =>
  analyzeAttributeMapping({ mapping, schema, protocol: 'oidc', vendor: extra.vendor ?? 'okta', ...extra })
    .findings.map((f) => f.code)
    .sort();

describe('claim presets', () => {
  it.each(IDP_VENDORS.flatMap((v) => [[v, 'saml'] as const, [v, 'oidc'] as const]))(
    'the %s %s preset is a sound mapping in one click',
    (vendor, protocol) => {
      const mapping = claimPreset(vendor, protocol, schema);
      const result = analyzeAttributeMapping({ mapping, schema, protocol, vendor });
      expect(result.ok).toBe(true);
      expect(result.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      expect(mapping.email).toBeTruthy();
      if (protocol === 'oidc') expect(mapping.username).toBe(CLAIM_PRESETS[vendor].stableIdentifier.oidc);
    },
  );
});

describe('the generic provider', () => {
  it('maps the given and family names its Register step asks to release, and reads well in sentences', () => {
    expect(claimPreset('generic', 'saml', schema)).toEqual({
      email: 'email',
      given_name: 'given_name',
      family_name: 'family_name',
    });
    const step = VENDOR_GUIDES.generic.saml.steps.find((s) => s.title === 'Send the attributes');
    for (const name of Object.values(claimPreset('generic', 'saml', schema))) expect(step?.detail).toContain(name);
    expect(VENDOR_GUIDES.generic.inSentence).toBe('your identity provider');
    for (const guide of Object.values(VENDOR_GUIDES)) expect(guide.inSentence).not.toMatch(/^Another /);
  });
});

describe('analyzeAttributeMapping', () => {
  it('accepts a sound mapping', () => {
    expect(codes({ username: 'sub', email: 'email', email_verified: 'email_verified', given_name: 'given_name' })).toEqual([]);
  });

  it.each([
    [{ email: 'email', Email: 'email' }, ['CLAIM_EMAIL_UNVERIFIED', 'CLAIM_TARGET_MISCASED']],
    [{ email: 'email', 'e-mail': 'mail' }, ['CLAIM_EMAIL_UNVERIFIED', 'CLAIM_TARGET_MISCASED']],
    [{ email: 'email', 'custom:department': 'dept' }, ['CLAIM_EMAIL_UNVERIFIED', 'CLAIM_TARGET_UNKNOWN']],
    [{ email: 'email', 'custom:employee_id': 'employeeid' }, ['CLAIM_EMAIL_UNVERIFIED', 'CLAIM_TARGET_IMMUTABLE']],
    [{ email: 'email', sub: 'sub' }, ['CLAIM_EMAIL_UNVERIFIED', 'CLAIM_TARGET_IMMUTABLE']],
    [{ given_name: 'given_name' }, ['CLAIM_REQUIRED_UNMAPPED']],
    [{ email: '' }, ['CLAIM_EMAIL_UNVERIFIED', 'CLAIM_SOURCE_EMPTY']],
    [{ email: 'email', 'custom:tenant_role': 'groups' }, ['CLAIM_EMAIL_UNVERIFIED', 'CLAIM_VALUE_TOO_LONG']],
    // The tenant comes from the connection only: an IdP value for it is refused even where the pool has it.
    [{ email: 'email', 'custom:tenant_id': 'tenant' }, ['CLAIM_EMAIL_UNVERIFIED', 'CLAIM_TARGET_TENANT']],
    [{ email: 'email', 'custom:tenantId': 'org' }, ['CLAIM_EMAIL_UNVERIFIED', 'CLAIM_TARGET_TENANT']],
  ])('reports %j', (mapping, expected) => {
    expect(codes(mapping)).toEqual(expected);
  });

  it('hints custom:<name> when a custom attribute is named without its prefix', () => {
    const [found] = analyzeAttributeMapping({
      mapping: { email: 'email', email_verified: 'email_verified', tenant_role: 'role' },
      schema,
      protocol: 'saml',
      vendor: 'okta',
    }).findings;
    expect(found?.code).toBe('CLAIM_TARGET_UNKNOWN');
    expect(found?.fix).toContain('"custom:tenant_role"');
  });

  it.each([
    ['openid', { email: 'email', given_name: 'given_name' }, ['attributeMapping.email', 'attributeMapping.given_name']],
    ['openid email', { email: 'email', given_name: 'given_name' }, ['attributeMapping.given_name']],
    ['openid email profile', { email: 'email', given_name: 'given_name' }, []],
    // Non-standard claims have no scope Gatehouse can name.
    ['openid', { email: 'mail' }, []],
  ])('with scopes "%s" flags mapped claims their scope does not release', (authorizeScopes, mapping, fields) => {
    const findings = analyzeAttributeMapping({ mapping, schema, protocol: 'oidc', vendor: 'okta', authorizeScopes }).findings;
    const missing = findings.filter((f) => f.code === 'CLAIM_SCOPE_MISSING');
    expect(missing.map((f) => f.field)).toEqual(fields);
    for (const f of missing) expect(f.fix).toMatch(/Add "(email|profile)"/);
  });

  it('never keys users on a mutable email', () => {
    for (const source of [
      'email',
      'upn',
      'preferred_username',
      'mail',
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    ]) {
      const result = analyzeAttributeMapping({
        mapping: { username: source, email: 'email' },
        schema,
        protocol: 'oidc',
        vendor: 'entra',
      });
      expect(result.ok).toBe(false);
      expect(result.findings.map((f) => f.code)).toContain('CLAIM_USERNAME_FROM_EMAIL');
    }
    expect(codes({ username: 'nickname', email: 'email', email_verified: 'email_verified' })).toEqual([
      'CLAIM_USERNAME_NOT_STABLE',
    ]);
    expect(codes({ username: 'oid', email: 'email', email_verified: 'email_verified' }, { vendor: 'entra' })).toEqual([]);
  });

  it('needs every mapped attribute to be writable by the app client', () => {
    expect(
      codes(
        { email: 'email', email_verified: 'email_verified', given_name: 'given_name' },
        { writeAttributes: ['email', 'email_verified'] },
      ),
    ).toEqual(['CLAIM_NOT_WRITABLE']);
  });
});
