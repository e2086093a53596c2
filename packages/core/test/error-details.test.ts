import { describe, expect, it } from 'vitest';
import {
  type CodeWithDetails,
  ERROR_DETAILS,
  type ErrorDetails,
  hasErrorDetails,
  parseErrorDetails,
} from '../src/error-details.ts';
import { ERROR_CODES, GatehouseError } from '../src/errors.ts';

const finding = { code: 'METADATA_DOCTYPE_FORBIDDEN', severity: 'error', field: 'metadata', message: 'm', fix: 'f' } as const;

/** One set of details per code that carries them: a code added to ERROR_DETAILS without one fails typecheck. */
const SAMPLES: { [C in CodeWithDetails]: Exclude<ErrorDetails<C>, undefined> } = {
  VALIDATION_FAILED: { problems: [{ field: 'name', message: 'Required' }] },
  SETTINGS_INVALID: { findings: [finding, { ...finding, severity: 'warning', places: ['token endpoint'] }] },
  IDP_RESPONSE_UNREADABLE: { reason: 'EXPLAIN_NOT_XML' },
  BRANDING_ACCENT_LOW_CONTRAST: {
    problems: [
      { code: 'BRANDING_LOGO_TOO_LARGE', field: 'logo', message: 'The logo is 90 KB.', fix: 'Use one of at most 64 KB.' },
    ],
  },
  BRANDING_LOGO_NOT_AN_IMAGE: {
    problems: [
      { code: 'BRANDING_LOGO_TOO_LARGE', field: 'logo', message: 'The logo is 90 KB.', fix: 'Use one of at most 64 KB.' },
    ],
  },
  BRANDING_LOGO_TYPE_NOT_ALLOWED: {
    problems: [
      { code: 'BRANDING_LOGO_TOO_LARGE', field: 'logo', message: 'The logo is 90 KB.', fix: 'Use one of at most 64 KB.' },
    ],
  },
  BRANDING_LOGO_TOO_LARGE: {
    problems: [
      { code: 'BRANDING_LOGO_TOO_LARGE', field: 'logo', message: 'The logo is 90 KB.', fix: 'Use one of at most 64 KB.' },
    ],
  },
  SUBMISSION_BLOCKED: { blockers: ['DETAILS_MISSING', 'TEST_LOGIN_STALE'] },
  SECRET_REQUIRED: { field: 'clientSecret' },
  VERSION_CONFLICT: { currentVersion: 4 },
  INVALID_STATE: { reason: 'OIDC_CLIENT_CHANGED' },
  LIFECYCLE_FAILED: { retryable: true, deletedProviders: ['acme-okta'] },
  NO_PREVIOUS_REVISION: { activeRevision: null },
  CONNECTION_BUSY: { operations: [{ connectionId: 'c1', operation: 'approve' }] },
  COGNITO_REJECTED: { cognitoError: 'InvalidParameterException' },
  SIGN_IN_FAILED: { reason: 'STATE_MISMATCH' },
  SCOPE_MISSING: { required: 'gatehouse/tenants.read' },
  RATE_LIMITED: { retryAfterSeconds: 10 },
  DOMAIN_LIMIT_REACHED: { max: 50 },
  DOMAIN_NOT_ALLOWED: { domain: 'gmail.com', findings: [finding] },
  DOMAIN_TOO_LONG: { domain: 'a.example', max: 32 },
  DOMAIN_ALREADY_ADDED: { domain: 'acme.example', connectionId: 'c2' },
  FETCH_URL_REFUSED: { url: 'http://x', reason: 'SCHEME' },
  FETCH_ADDRESS_REFUSED: { url: 'https://x', address: '10.0.0.1' },
  FETCH_REDIRECT_REFUSED: { url: 'https://x' },
  FETCH_TIMEOUT: { url: 'https://x', reason: 'TIMEOUT' },
  FETCH_TOO_LARGE: { url: 'https://x', maxBytes: 1024 },
  FETCH_HTTP_ERROR: { url: 'https://x', status: 503 },
  FETCH_FAILED: { url: 'https://x', reason: 'ENOTFOUND' },
  INTERNAL: { requestId: 'req-1' },
};

describe('ERROR_DETAILS', () => {
  it('only names codes of the error model', () => {
    for (const code of Object.keys(ERROR_DETAILS)) expect(ERROR_CODES).toContain(code);
  });

  it.each(Object.keys(SAMPLES) as CodeWithDetails[])('%s details survive the trip through JSON and their schema', (code) => {
    const thrown = new GatehouseError(code, 'message', SAMPLES[code] as never);
    const sent: unknown = JSON.parse(JSON.stringify({ code: thrown.code, details: thrown.details }));
    expect(hasErrorDetails(code)).toBe(true);
    expect(parseErrorDetails(code, (sent as { details: unknown }).details)).toEqual(SAMPLES[code]);
  });

  it.each((Object.keys(ERROR_DETAILS) as CodeWithDetails[]).filter((code) => !ERROR_DETAILS[code].safeParse(undefined).success))(
    '%s details of another shape read as none',
    (code) => {
      expect(parseErrorDetails(code, undefined)).toBeNull();
      expect(parseErrorDetails(code, 'text')).toBeNull();
      expect(parseErrorDetails(code, [])).toBeNull();
    },
  );

  it('reads absent optional details as none', () => {
    expect(parseErrorDetails('VERSION_CONFLICT', undefined)).toBeNull();
    expect(parseErrorDetails('VERSION_CONFLICT', { currentVersion: 'four' })).toBeNull();
    expect(parseErrorDetails('IDP_RESPONSE_UNREADABLE', { reason: 'SOMETHING_ELSE' })).toBeNull();
  });

  it('knows the codes without details', () => {
    expect(hasErrorDetails('SETUP_LINK_REPLACED')).toBe(false);
    expect(hasErrorDetails('SETTINGS_INVALID')).toBe(true);
  });

  it('makes the compiler check the details where an error is made', () => {
    const made = [
      new GatehouseError('SETTINGS_INVALID', 'm', { findings: [finding] }),
      // @ts-expect-error SETTINGS_INVALID carries findings
      new GatehouseError('SETTINGS_INVALID', 'm', { reason: 'x' }),
      // @ts-expect-error SETTINGS_INVALID cannot go without its findings
      new GatehouseError('SETTINGS_INVALID', 'm'),
      // @ts-expect-error SETUP_LINK_REPLACED carries no details
      new GatehouseError('SETUP_LINK_REPLACED', 'm', { at: 1 }),
      // @ts-expect-error the reason is one of EXPLAIN_REFUSAL_CODES
      new GatehouseError('IDP_RESPONSE_UNREADABLE', 'm', { reason: 'NOPE' }),
    ];
    const first = made[0] as GatehouseError<'SETTINGS_INVALID'>;
    expect(first.details.findings[0]?.code).toBe(finding.code);
  });
});
