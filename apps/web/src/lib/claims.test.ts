import { describe, expect, it } from 'vitest';
import { claimShortName } from './claims.ts';

describe('claimShortName', () => {
  it.each([
    ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'emailaddress'],
    ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'objectidentifier'],
    ['urn:oid:0.9.2342.19200300.100.1.3', '0.9.2342.19200300.100.1.3'],
    ['https://example.com/claims#department', 'department'],
    ['https://example.com/claims/team/', 'team'],
    ['email', 'email'],
    ['custom:employee_id', 'custom:employee_id'],
    ['', ''],
  ])('%s → %s', (claim, short) => {
    expect(claimShortName(claim)).toBe(short);
  });
});
