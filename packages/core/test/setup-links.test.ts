import { describe, expect, it } from 'vitest';
import { parseLinkLifetime, SETUP_TOKEN_PATTERN, setupLinkStatusAt } from '../src/setup-links.ts';
import { slugifyTenantName, tenantIdSchema } from '../src/tenants.ts';

describe('parseLinkLifetime', () => {
  it.each([
    ['72h', 72],
    ['3d', 72],
    ['90m', 1.5],
    [' 1.5H ', 1.5],
    ['30d', 720],
  ])('reads %j as %d hours', (text, hours) => {
    expect(parseLinkLifetime(text)).toBe(hours);
  });

  it.each(['', '72', 'h', '-1h', '0h', '31d', '1w', '1e3h', 'abc'])('refuses %j', (text) => {
    expect(parseLinkLifetime(text)).toBeNull();
  });
});

describe('setupLinkStatusAt', () => {
  const link = { expiresAt: '2026-01-02T00:00:00.000Z' };
  it('is active before expiry, expired at and after it', () => {
    expect(setupLinkStatusAt(link, new Date('2026-01-01T23:59:59.999Z'))).toBe('active');
    expect(setupLinkStatusAt(link, new Date('2026-01-02T00:00:00.000Z'))).toBe('expired');
  });
  it('reports revocation over expiry', () => {
    expect(setupLinkStatusAt({ ...link, revokedAt: '2026-01-01T00:00:00.000Z' }, new Date('2026-01-03T00:00:00Z'))).toBe(
      'revoked',
    );
  });
});

describe('slugifyTenantName', () => {
  it.each([
    ['Acme Corp.', 'acme-corp'],
    ['  Zürich Versicherungs-Gesellschaft AG ', 'zurich-versicherungs-gesellschaf'],
    ['ÉCOLE 42', 'ecole-42'],
    ['a', null],
    ['株式会社', null],
    ['---', null],
  ])('turns %j into %j', (name, slug) => {
    const result = slugifyTenantName(name);
    expect(result).toBe(slug);
    if (result) expect(tenantIdSchema.safeParse(result).success).toBe(true);
  });
});

describe('SETUP_TOKEN_PATTERN', () => {
  it('accepts only the prefix and 43 base64url characters', () => {
    expect(SETUP_TOKEN_PATTERN.test(`gsl_${'a'.repeat(43)}`)).toBe(true);
    expect(SETUP_TOKEN_PATTERN.test(`gsl_${'a'.repeat(42)}`)).toBe(false);
    expect(SETUP_TOKEN_PATTERN.test(`gsl_${'a'.repeat(42)}=`)).toBe(false);
    expect(SETUP_TOKEN_PATTERN.test(`xsl_${'a'.repeat(43)}`)).toBe(false);
  });
});
