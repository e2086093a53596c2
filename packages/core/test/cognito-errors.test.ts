import { describe, expect, it } from 'vitest';
import { COGNITO_SIGN_IN_ERRORS, type CognitoSignInErrorCode, explainCognitoSignInError } from '../src/cognito-errors.ts';
import { buildTestLoginReport } from '../src/test-login.ts';

/** One row per known error: what Cognito sends (reference/cognito-idp.md section 4) and the code it gets. */
const ROWS: Array<[CognitoSignInErrorCode, string, string, string?]> = [
  ['SAML_SIGNATURE_INVALID', 'server_error', 'Invalid SAML response received: SAML Assertion signature is invalid. '],
  ['SAML_AUDIENCE_MISMATCH', 'server_error', 'Invalid SAML response received: Audience does not match urn:amazon:cognito:sp:x.'],
  ['SAML_ISSUER_MISMATCH', 'server_error', 'Invalid SAML response received: Issuer does not match the identity provider.'],
  ['SAML_ASSERTION_EXPIRED', 'server_error', 'Invalid SAML response received: SAML Assertion is expired.'],
  ['SAML_RESPONSE_INVALID', 'server_error', 'Invalid SAML response received: InResponseTo does not match the request.'],
  [
    'ATTRIBUTE_NOT_IN_SCHEMA',
    'server_error',
    'Error in SAML response processing: Invalid user attributes: username: Attribute does not exist in the schema.',
    'username',
  ],
  ['ATTRIBUTE_NOT_WRITABLE', 'invalid_request', 'Invalid user attributes: email: Attribute cannot be updated.', 'email'],
  ['ATTRIBUTE_REQUIRED', 'invalid_request', 'Invalid user attributes: email: The attribute is required', 'email'],
  [
    'ATTRIBUTE_REQUIRED_EMPTIED',
    'invalid_request',
    'Invalid SAML response received: Invalid user attributes: email: Required attribute cannot be deleted',
    'email',
  ],
  ['IDP_TOKEN_ERROR', 'invalid_request', 'Corp Error - 401 error getting token', '401'],
  // The form of the guide's example, the IdP's own OAuth error and text relayed.
  [
    'IDP_TOKEN_ERROR',
    'invalid_request',
    'LoginWithAmazon Error - 400 invalid_request The request is missing a required parameter : client_secret',
    'client_secret',
  ],
  ['IDP_TOKEN_ERROR', 'invalid_request', 'Corp Error - 401 invalid_client client authentication failed', 'client_secret_post'],
  ['IDP_TOKEN_ERROR', 'invalid_request', 'Corp Error -  400  invalid_grant', 'redirect URI'],
  ['IDP_TIMEOUT', 'invalid_request', 'Timeout occurred in calling IdP token endpoint'],
  ['IDP_TIMEOUT', 'invalid_request', 'Timeout in calling jwks uri'],
  ['IDP_ID_TOKEN_INVALID', 'invalid_request', 'Corp Error - Invalid id_token'],
  ['CLIENT_NOT_OAUTH', 'invalid_request', 'Client is not enabled for OAuth2.0 flows'],
  ['PROVIDER_NOT_ENABLED', 'invalid_request', 'Login option ghtest-acme-1 is not enabled for this app client'],
];

describe('explainCognitoSignInError', () => {
  it.each(ROWS)('recognises %s in "%s: %s"', (code, error, description, detail) => {
    const explained = explainCognitoSignInError(error, description);
    expect(explained.code).toBe(code);
    expect(explained.error).toBe(error);
    expect(explained.description).toBe(description);
    expect(explained.explanation.length).toBeGreaterThan(20);
    expect(explained.fix.length).toBeGreaterThan(20);
    if (detail) expect(`${explained.explanation} ${explained.fix}`).toContain(detail);
  });

  it('has a test row for every rule', () => {
    expect(new Set(ROWS.map((r) => r[0]))).toEqual(new Set(COGNITO_SIGN_IN_ERRORS.map((r) => r.code)));
  });

  it('falls back to UNKNOWN and keeps Cognito’s own words', () => {
    const explained = explainCognitoSignInError('access_denied', 'Something new');
    expect(explained).toMatchObject({ code: 'UNKNOWN', error: 'access_denied', description: 'Something new' });
  });
});

describe('buildTestLoginReport', () => {
  it.each([
    ['no tenant_id (the trigger is not attached)', {}, { received: null, code: 'TENANT_CLAIM_MISSING', passed: true }],
    ['another tenant’s id', { tenant_id: 'globex' }, { received: 'globex', code: 'TENANT_CLAIM_WRONG', passed: false }],
  ])('says what the tokens carried when they carry %s', (_case, extra, expected) => {
    const report = buildTestLoginReport({
      protocol: 'saml',
      mapping: { email: 'mail' },
      schema,
      claims: { identities: identities('abc-123'), email_verified: true, ...extra },
      userAttributes: { email: 'a@acme.example' },
      tenantId: 'acme',
    });
    expect(report.tenantClaim).toEqual({ expected: 'acme', received: expected.received });
    expect(report.problems.map((p) => p.code)).toEqual([expected.code]);
    expect(report.passed).toBe(expected.passed);
  });

  const schema = [
    { name: 'sub', required: true },
    { name: 'email', required: false },
    { name: 'given_name', required: false },
    { name: 'custom:department', required: false },
  ];
  const identities = (userId: string, providerType = 'SAML') => [{ userId, providerName: 'ghtest-x', providerType }];

  const signedIn = (extra: Partial<Parameters<typeof buildTestLoginReport>[0]>) =>
    buildTestLoginReport({
      protocol: 'saml',
      mapping: { email: 'mail', given_name: 'first' },
      schema,
      claims: { 'cognito:username': 'ghtest-x_abc-123', identities: identities('abc-123'), tenant_id: 'acme' },
      userAttributes: { sub: 'u', email: 'a@Acme.example', given_name: 'Alice' },
      tenantId: 'acme',
      ...extra,
    });

  it('says when the tested user’s email domain is not one of the connection’s verified domains', () => {
    const other = signedIn({ verifiedDomains: ['globex.example'] }).problems.find((p) => p.code === 'EMAIL_DOMAIN_NOT_VERIFIED');
    expect(other).toMatchObject({ severity: 'warning', attribute: 'email' });
    expect(other?.message).toContain('acme.example');
    expect(signedIn({ verifiedDomains: ['acme.example'] }).problems.map((p) => p.code)).not.toContain(
      'EMAIL_DOMAIN_NOT_VERIFIED',
    );
    // Before any domain is verified there is nothing to compare with.
    expect(signedIn({ verifiedDomains: [] }).problems.map((p) => p.code)).not.toContain('EMAIL_DOMAIN_NOT_VERIFIED');
  });

  it('lists the attribute names the chosen vendor usually sends when one is missing', () => {
    const missing = signedIn({ vendor: 'okta', userAttributes: { sub: 'u', email: 'a@acme.example' } }).problems.find(
      (p) => p.attribute === 'given_name',
    );
    expect(missing?.fix).toContain('usually sends: email, firstName, lastName');
  });

  it('passes when every mapped attribute is present and the username is an immutable id', () => {
    const report = buildTestLoginReport({
      protocol: 'saml',
      mapping: { email: 'mail', given_name: 'first' },
      schema,
      claims: {
        'cognito:username': 'ghtest-x_abc-123',
        identities: identities('abc-123'),
        email_verified: false,
        tenant_id: 'acme',
      },
      userAttributes: { sub: 'u', email: 'a@acme.example', given_name: 'Alice', email_verified: 'false' },
      tenantId: 'acme',
    });
    expect(report.tenantClaim).toEqual({ expected: 'acme', received: 'acme' });
    // The claim is the trigger's, not an attribute: it gets no row of its own.
    expect(report.attributes.map((a) => a.attribute)).not.toContain('tenant_id');
    expect(report.passed).toBe(true);
    expect(report.usernameStable).toBe(true);
    expect(report.emailVerified).toBe(false);
    expect(report.attributes).toContainEqual({
      attribute: 'email',
      claim: 'mail',
      value: 'a@acme.example',
      status: 'present',
      required: false,
    });
    expect(report.problems.map((p) => p.code)).toEqual(['EMAIL_NOT_VERIFIED']);
  });

  it('advises on an unverified address by what is mapped already, never to map what is mapped', () => {
    const report = (mapping: Record<string, string>) =>
      buildTestLoginReport({
        protocol: 'oidc',
        mapping,
        schema,
        claims: { identities: identities('abc-123'), email_verified: false, tenant_id: 'acme' },
        userAttributes: { sub: 'u', email: 'a@acme.example', email_verified: 'false' },
        tenantId: 'acme',
      }).problems.find((p) => p.code === 'EMAIL_NOT_VERIFIED')?.fix;
    const mapped = report({ email: 'email', email_verified: 'email_verified', username: 'sub' });
    const unmapped = report({ email: 'email', username: 'sub' });
    expect(mapped).toBeDefined();
    expect(mapped).not.toMatch(/\bmap "email_verified"/i);
    expect(unmapped).toMatch(/map "email_verified"/i);
  });

  it('reports missing and empty attributes, an unmapped email and an email-keyed user', () => {
    const report = buildTestLoginReport({
      protocol: 'saml',
      mapping: { given_name: 'first', 'custom:department': 'dept' },
      schema,
      claims: { identities: identities('alice@acme.example'), tenant_id: 'acme' },
      userAttributes: { sub: 'u', given_name: '' },
      tenantId: 'acme',
    });
    expect(report.passed).toBe(false);
    expect(report.usernameStable).toBe(false);
    expect(report.problems.map((p) => p.code).sort()).toEqual([
      'ATTRIBUTE_EMPTY',
      'ATTRIBUTE_MISSING',
      'EMAIL_NOT_MAPPED',
      'USERNAME_FROM_EMAIL',
    ]);
  });

  it('flags an OIDC username mapped from something other than sub', () => {
    const report = buildTestLoginReport({
      protocol: 'oidc',
      mapping: { username: 'preferred_username', email: 'email' },
      schema,
      claims: { identities: identities('alice', 'OIDC'), tenant_id: 'acme' },
      userAttributes: { email: 'a@acme.example', email_verified: 'true' },
      tenantId: 'acme',
    });
    expect(report.problems.map((p) => p.code)).toEqual(['USERNAME_NOT_STABLE']);
    expect(report.emailVerified).toBe(true);
  });
});
