import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  challengeMessage,
  challengeRecordName,
  challengeRecordValue,
  checkClaimableDomain,
  normalizeDomain,
  txtRecordsContain,
} from '../src/domains/index.ts';

describe('normalizeDomain', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['  example.com.  ', 'example.com'],
    ['Bücher.example', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['ｅｘａｍｐｌｅ.com', 'example.com'],
    ['sub.Example.co.uk.', 'sub.example.co.uk'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizeDomain(input)).toEqual({ ok: true, domain: expected });
  });

  it.each([
    '',
    '.',
    'localhost',
    'user@example.com',
    'https://example.com',
    'example.com/path',
    'exa mple.com',
    '-bad-.com',
    '192.168.0.1',
    'a..b.com',
    `${'a'.repeat(64)}.com`,
  ])('refuses %j', (input) => {
    const result = normalizeDomain(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.finding.code).toBe('DOMAIN_INVALID');
  });
});

describe('the reason a domain is refused', () => {
  it.each([
    [`${'a'.repeat(64)}.com`, /label .* 64 characters long; a label has at most 63/],
    [`${'abcdefghi.'.repeat(26)}com`, /263 characters long; a domain has at most 253/],
    ['-bad-.com', /hyphen/],
    ['a..b.com', /empty label|characters/],
  ])('says why %s is not a domain', (input, why) => {
    const result = normalizeDomain(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.finding.message).toMatch(why);
  });

  it.each(['acme.internal', 'acme.cmo', 'corp.local'])(
    'tells %s it has an unknown top-level domain, not a public suffix',
    (domain) => {
      const findings = checkClaimableDomain(domain).findings;
      expect(findings.map((f) => f.code)).toEqual(['DOMAIN_UNKNOWN_TLD']);
      expect(findings[0]?.message).toContain(`.${domain.split('.').pop()}`);
    },
  );
});

describe('checkClaimableDomain', () => {
  it.each(['gmail.com', 'outlook.com', 'yahoo.com', 'GMX.de', 'icloud.com.', 'proton.me'])(
    'refuses the free-mail domain %s',
    (domain) => {
      expect(checkClaimableDomain(domain).findings.map((f) => f.code)).toEqual(['DOMAIN_FREE_MAIL']);
    },
  );

  it.each(['co.uk', 'com.au', 'github.io', 'herokuapp.com', 'CO.UK.', 's3.amazonaws.com'])(
    'refuses the public suffix %s',
    (domain) => {
      expect(checkClaimableDomain(domain).findings.map((f) => f.code)).toEqual(['DOMAIN_PUBLIC_SUFFIX']);
    },
  );

  it.each([
    ['acme.com', 'acme.com'],
    ['acme.co.uk', 'acme.co.uk'],
    ['mail.acme.example.com', 'mail.acme.example.com'],
    ['acme.github.io', 'acme.github.io'],
    ['Zürich-Versicherung.ch', 'xn--zrich-versicherung-m6b.ch'],
  ])('accepts %s as %s', (input, domain) => {
    expect(checkClaimableDomain(input)).toEqual({ domain, findings: [] });
  });
});

describe('TXT challenge', () => {
  const secret = 'server-secret-for-tests';
  const token = (tenant: string, domain: string) =>
    challengeRecordValue(createHmac('sha256', secret).update(challengeMessage(tenant, domain)).digest('base64url'));

  it('publishes under _gatehouse-challenge', () => {
    expect(challengeRecordName('acme.com')).toBe('_gatehouse-challenge.acme.com');
  });

  it('binds the token to tenant and domain: tenant A’s record never verifies tenant B', () => {
    const published = [[token('tenant-a', 'acme.com')]];
    expect(txtRecordsContain(published, token('tenant-a', 'acme.com'))).toBe(true);
    expect(txtRecordsContain(published, token('tenant-b', 'acme.com'))).toBe(false);
    expect(txtRecordsContain(published, token('tenant-a', 'other.com'))).toBe(false);
    // A tenant id and domain that concatenate alike still differ.
    expect(challengeMessage('ab', 'c.com')).not.toBe(challengeMessage('a', 'bc.com'));
  });

  it('joins TXT strings split in chunks and ignores other records', () => {
    const value = token('tenant-a', 'acme.com');
    const records = [['v=spf1 include:_spf.example.com ~all'], [value.slice(0, 20), value.slice(20)]];
    expect(txtRecordsContain(records, value)).toBe(true);
    expect(txtRecordsContain([[value.slice(0, -1)]], value)).toBe(false);
    expect(txtRecordsContain([], value)).toBe(false);
  });
});
