import { type CodeWithDetails, type ErrorDetails, hasErrorDetails, parseErrorDetails } from '@gatehouse/core';
import { describe, expect, it } from 'vitest';
import { adminOf, createHarness, type TestResponse } from './harness.ts';

/**
 * The body of a refusal, with its details read through their schema. A schema that drops or renames a
 * field the API sends reads differently from what was sent, so the comparison is with the raw details.
 */
async function refusal<C extends CodeWithDetails>(response: TestResponse, code: C): Promise<ErrorDetails<C> | null> {
  const { error } = await response.json();
  expect(error.code).toBe(code);
  const parsed = parseErrorDetails(code, error.details);
  expect(parsed).not.toBeNull();
  expect(parsed).toEqual(error.details);
  return parsed;
}

describe('error details as the API sends them', () => {
  it('match the schema of their code, field for field', async () => {
    const h = await createHarness();
    const admin = await adminOf(h, 'Acme');

    const invalid = await refusal(
      await admin.send('POST', '/connections', { vendor: 'nobody', protocol: 'saml' }),
      'VALIDATION_FAILED',
    );
    expect(invalid?.problems?.map((p) => p.field)).toEqual(['vendor']);

    const created = await (await admin.send('POST', '/connections', { vendor: 'generic', protocol: 'saml' })).json();
    const id: string = created.id;

    const conflict = await refusal(
      await admin.send('PUT', `/connections/${id}/provider`, { vendor: 'okta', protocol: 'saml', version: 7 }),
      'VERSION_CONFLICT',
    );
    expect(conflict?.currentVersion).toBe(created.version);

    const doctype =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>';
    const settings = await refusal(
      await admin.send('PUT', `/connections/${id}/saml`, {
        metadata: { source: 'file', xml: doctype },
        version: created.version,
      }),
      'SETTINGS_INVALID',
    );
    expect(settings?.findings.map((f) => f.code)).toEqual(['METADATA_DOCTYPE_FORBIDDEN']);

    const unreadable = await refusal(
      await admin.send('POST', `/connections/${id}/explain`, { text: 'it does not work' }),
      'IDP_RESPONSE_UNREADABLE',
    );
    expect(unreadable?.reason).toBe('EXPLAIN_NOT_RECOGNISED');

    const blocked = await refusal(
      await admin.send('POST', `/connections/${id}/submit`, { version: created.version }),
      'SUBMISSION_BLOCKED',
    );
    expect(blocked?.blockers).toEqual(['DETAILS_MISSING', 'TEST_LOGIN_MISSING']);

    const freeMail = await refusal(
      await admin.send('POST', '/domains', { domain: 'gmail.com', connectionId: id }),
      'DOMAIN_NOT_ALLOWED',
    );
    expect(freeMail?.findings.map((f) => f.code)).toEqual(['DOMAIN_FREE_MAIL']);
  });

  it('are absent for a code that carries none', async () => {
    const h = await createHarness();
    const { error } = await (await h.request('/v1/setup/connections')).json();
    expect(error.code).toBe('SESSION_REQUIRED');
    expect(hasErrorDetails(error.code)).toBe(false);
    expect(error).not.toHaveProperty('details');
  });
});
