import { describe, expect, it } from 'vitest';
import {
  type ClaimMapping,
  decodeIdpText,
  explainIdToken,
  explainSamlResponse,
  readSamlResponse,
  type SamlExplainContext,
} from '../src/explain/index.ts';

const NOW = new Date('2026-12-07T10:00:00Z');
const SP = 'urn:amazon:cognito:sp:eu-west-1_TEST';
const ACS = 'https://auth.example.com/saml2/idpresponse';
const IDP = 'https://sts.windows.net/tenant/';
const EMAIL_URI = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';

interface ResponseParts {
  status?: string;
  issuer?: string;
  audience?: string;
  recipient?: string;
  nameId?: string | null;
  nameIdFormat?: string;
  notBefore?: string;
  notOnOrAfter?: string;
  attributes?: Record<string, string[]>;
  encrypted?: boolean;
}

function samlResponse(parts: ResponseParts = {}): string {
  const attributes = Object.entries(parts.attributes ?? { [EMAIL_URI]: ['ada@example.com'], given_name: ['Ada'] })
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${name}">${values.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join('')}</saml:Attribute>`,
    )
    .join('');
  const nameId =
    parts.nameId === null
      ? ''
      : `<saml:NameID Format="${parts.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'}">${parts.nameId ?? 'a1b2c3'}</saml:NameID>`;
  const assertion = parts.encrypted
    ? '<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"/></saml:EncryptedAssertion>'
    : `<saml:Assertion ID="_a1" IssueInstant="2026-12-07T09:59:00Z" Version="2.0"><saml:Issuer>${parts.issuer ?? IDP}</saml:Issuer>` +
      `<saml:Subject>${nameId}<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
      `<saml:SubjectConfirmationData Recipient="${parts.recipient ?? ACS}" NotOnOrAfter="2026-12-07T10:04:00Z"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${parts.notBefore ?? '2026-12-07T09:59:00Z'}" NotOnOrAfter="${parts.notOnOrAfter ?? '2026-12-07T10:04:00Z'}">` +
      `<saml:AudienceRestriction><saml:Audience>${parts.audience ?? SP}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AttributeStatement>${attributes}</saml:AttributeStatement></saml:Assertion>`;
  return (
    '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="2026-12-07T09:59:00Z">' +
    `<saml:Issuer>${parts.issuer ?? IDP}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${parts.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></samlp:Status>` +
    `${assertion}</samlp:Response>`
  );
}

const mapping: ClaimMapping = { attributes: { email: EMAIL_URI, given_name: 'given_name' }, required: [] };

function context(overrides: Partial<SamlExplainContext> = {}): SamlExplainContext {
  return {
    now: NOW,
    entityId: SP,
    acsUrl: ACS,
    idpEntityId: IDP,
    mapping,
    signature: { status: 'verified', detail: 'the assertion' },
    ...overrides,
  };
}

function explainSaml(parts: ResponseParts, overrides: Partial<SamlExplainContext> = {}) {
  const read = readSamlResponse(samlResponse(parts));
  if (!read.ok) throw new Error(read.reason);
  return explainSamlResponse(read.response, context(overrides));
}

const codes = (explanation: { problems: Array<{ code: string; severity: string }> }) =>
  explanation.problems.map((p) => `${p.code}:${p.severity}`).sort();

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function idToken(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'k1' }): string {
  return `${base64url(header)}.${base64url(payload)}.c2ln`;
}

describe('decodeIdpText: what the admin pastes', () => {
  const xml = samlResponse();
  const base64 = Buffer.from(xml).toString('base64');
  it.each([
    ['raw XML', xml],
    ['base64, as SAML-tracer shows it', base64],
    ['base64 with line breaks', base64.replace(/(.{76})/g, '$1\n')],
    ['URL-encoded base64', encodeURIComponent(base64)],
    ['a whole form body', `SAMLResponse=${encodeURIComponent(base64)}&RelayState=abc`],
  ])('reads a SAML response given as %s', (_, text) => {
    const decoded = decodeIdpText(text);
    expect(decoded.ok && decoded.kind).toBe('saml');
    expect(decoded.ok && decoded.kind === 'saml' && readSamlResponse(decoded.xml).ok).toBe(true);
  });

  it('reads an ID token, with or without a Bearer prefix', () => {
    const token = idToken({ iss: 'https://idp.example.com', sub: 'u1' });
    for (const text of [token, `Bearer ${token}`, `id_token=${token}`]) {
      const decoded = decodeIdpText(text);
      expect(decoded.ok && decoded.kind === 'oidc' && decoded.payload.sub).toBe('u1');
    }
  });

  it.each([
    ['an encrypted token', 'eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn', 'EXPLAIN_TOKEN_ENCRYPTED'],
    ['a token whose parts are not JSON', 'bm90LWpzb24.bm90LWpzb24.c2ln', 'EXPLAIN_TOKEN_MALFORMED'],
    ['base64 that is not XML', Buffer.from('hello world, not xml').toString('base64'), 'EXPLAIN_NOT_XML'],
    ['plain words', 'my sign-in does not work', 'EXPLAIN_NOT_RECOGNISED'],
  ])('refuses %s with its own reason', (_, text, reason) => {
    const decoded = decodeIdpText(text);
    expect(decoded.ok ? 'read' : decoded.reason).toBe(reason);
  });
});

describe('readSamlResponse: untrusted XML', () => {
  it.each([
    [
      'a DOCTYPE (entity expansion, external entities)',
      `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${samlResponse()}`,
      'EXPLAIN_XML_FORBIDDEN',
    ],
    [
      'XML that is not well-formed',
      '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><unclosed>',
      'EXPLAIN_NOT_XML',
    ],
    [
      'SAML metadata',
      '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>',
      'EXPLAIN_NOT_SAML_RESPONSE',
    ],
    ['deep nesting', `${'<a>'.repeat(100)}${'</a>'.repeat(100)}`, 'EXPLAIN_XML_FORBIDDEN'],
  ])('refuses %s', (_, xml, reason) => {
    const read = readSamlResponse(xml);
    expect(read.ok ? 'read' : read.reason).toBe(reason);
  });

  it('reads only the Response’s own assertion, never one hidden elsewhere (signature wrapping)', () => {
    const evil = '<saml:Assertion ID="_evil"><saml:Subject><saml:NameID>attacker</saml:NameID></saml:Subject></saml:Assertion>';
    const wrapped = samlResponse().replace('<samlp:Status>', `<samlp:Extensions>${evil}</samlp:Extensions><samlp:Status>`);
    const read = readSamlResponse(wrapped);
    expect(read.ok && read.response.assertionId).toBe('_a1');
    expect(read.ok && read.response.nameId).toBe('a1b2c3');
  });
});

describe('explainSamlResponse', () => {
  it('shows the subject, issuer, audience, window and every attribute with what it maps to', () => {
    const explanation = explainSaml({});
    expect(explanation.verdict).toBe('ok');
    expect(explanation.problems).toEqual([]);
    expect(explanation.subject).toEqual({ value: 'a1b2c3', format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' });
    expect(explanation.issuer).toBe(IDP);
    expect(explanation.audiences).toEqual([SP]);
    expect(explanation.window.notOnOrAfter).toBe('2026-12-07T10:04:00Z');
    expect(explanation.claims).toEqual([
      { name: EMAIL_URI, values: ['ada@example.com'], mappedTo: ['email'] },
      { name: 'given_name', values: ['Ada'], mappedTo: ['given_name'] },
    ]);
  });

  it.each<[string, ResponseParts, Partial<SamlExplainContext>, string[]]>([
    ['a failed status', { status: 'urn:oasis:names:tc:SAML:2.0:status:Requester' }, {}, ['SAML_STATUS_NOT_SUCCESS:error']],
    ['another issuer', { issuer: 'https://other.example.com' }, {}, ['ISSUER_MISMATCH:error']],
    ['another audience', { audience: 'https://app.example.com' }, {}, ['AUDIENCE_MISMATCH:error']],
    ['another recipient', { recipient: 'https://app.example.com/acs' }, {}, ['RECIPIENT_MISMATCH:error']],
    ['a response captured a while ago', { notOnOrAfter: '2026-12-07T09:59:30Z' }, {}, ['EXPIRED:info']],
    [
      'a window that never held',
      { notBefore: '2026-12-07T09:59:00Z', notOnOrAfter: '2026-12-07T09:58:00Z' },
      {},
      ['EXPIRED:error'],
    ],
    [
      'an IdP clock ahead',
      { notBefore: '2026-12-07T11:00:00Z', notOnOrAfter: '2026-12-07T11:05:00Z' },
      {},
      ['NOT_YET_VALID:error'],
    ],
    [
      'a transient NameID',
      { nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' },
      {},
      ['SUBJECT_NOT_STABLE:error'],
    ],
    ['an email NameID', { nameId: 'ada@example.com' }, {}, ['SUBJECT_IS_EMAIL:warning']],
    ['no NameID', { nameId: null }, {}, ['SUBJECT_MISSING:error']],
    ['a mapped email not sent', { attributes: { given_name: ['Ada'] } }, {}, ['MAPPED_CLAIM_MISSING:error']],
    [
      'an optional mapped attribute not sent',
      { attributes: { [EMAIL_URI]: ['ada@example.com'] } },
      {},
      ['MAPPED_CLAIM_MISSING:warning'],
    ],
    ['a bad signature', {}, { signature: { status: 'invalid', detail: '' } }, ['SIGNATURE_INVALID:error']],
    [
      'a certificate not in the metadata',
      {},
      { signature: { status: 'unknown-key', detail: '' } },
      ['SIGNATURE_UNKNOWN_KEY:error'],
    ],
    ['no signature', {}, { signature: { status: 'unsigned', detail: '' } }, ['UNSIGNED:error']],
    ['an encrypted assertion', { encrypted: true }, {}, ['ASSERTION_ENCRYPTED:info']],
  ])('finds %s', (_, parts, overrides, expected) => {
    expect(codes(explainSaml(parts, overrides))).toEqual(expected);
  });

  it('judges a required attribute missing as an error', () => {
    const explanation = explainSaml(
      { attributes: { [EMAIL_URI]: ['ada@example.com'] } },
      { mapping: { ...mapping, required: ['given_name'] } },
    );
    expect(codes(explanation)).toEqual(['MAPPED_CLAIM_MISSING:error']);
    expect(explanation.verdict).toBe('problems');
  });

  it('gives one verdict: warnings without errors', () => {
    expect(explainSaml({ nameId: 'ada@example.com' }).verdict).toBe('warnings');
  });
});

describe('explainIdToken', () => {
  const issuer = 'https://login.example.com/tenant/v2.0';
  const base = {
    iss: issuer,
    aud: 'client-1',
    sub: 'u1',
    iat: Date.parse('2026-12-07T09:59:00Z') / 1000,
    exp: Date.parse('2026-12-07T10:59:00Z') / 1000,
    email: 'ada@example.com',
    email_verified: true,
    nonce: 'n',
  };
  const oidcMapping = { attributes: { email: 'email', email_verified: 'email_verified', username: 'sub' }, required: [] };
  const explain = (payload: Record<string, unknown>, attributes: Record<string, string> = oidcMapping.attributes) =>
    explainIdToken(payload, {
      now: NOW,
      issuer,
      clientId: 'client-1',
      mapping: { attributes, required: [] },
      signature: { status: 'verified', detail: 'RS256, key k1' },
    });

  it('lists the user’s claims, not the token’s own, with what each maps to', () => {
    const explanation = explain(base);
    expect(explanation.verdict).toBe('ok');
    expect(explanation.claims.map((c) => [c.name, c.mappedTo])).toEqual([
      ['sub', ['username']],
      ['email', ['email']],
      ['email_verified', ['email_verified']],
    ]);
    expect(explanation.window.notOnOrAfter).toBe('2026-12-07T10:59:00.000Z');
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['another issuer', { iss: `${issuer}/` }, ['ISSUER_MISMATCH:error']],
    ['another audience', { aud: ['other-client'] }, ['AUDIENCE_MISMATCH:error']],
    ['an old token', { exp: Date.parse('2026-12-07T09:59:30Z') / 1000 }, ['EXPIRED:info']],
    ['no sub', { sub: undefined }, ['MAPPED_CLAIM_MISSING:warning', 'SUBJECT_MISSING:error']],
    ['a mapped email not sent', { email: undefined }, ['MAPPED_CLAIM_MISSING:error']],
  ])('finds %s', (_, changes, expected) => {
    expect(codes(explain({ ...base, ...changes }))).toEqual(expected);
  });

  it('advises on email_verified by what the token says and what is mapped already', () => {
    // Already mapped and false: nothing to map, the address itself is unverified.
    const mappedFalse = explain({ ...base, email_verified: false });
    expect(codes(mappedFalse)).toEqual(['EMAIL_NOT_VERIFIED:warning']);
    expect(mappedFalse.problems[0]?.fix).not.toMatch(/Map this/);
    // True but not mapped: the one fix is to map it.
    const unmappedTrue = explain(base, { email: 'email', username: 'sub' });
    expect(codes(unmappedTrue)).toEqual(['EMAIL_NOT_VERIFIED:info']);
    expect(unmappedTrue.problems[0]?.fix).toMatch(/Map this/);
    // True and mapped: nothing to say.
    expect(explain(base).problems).toEqual([]);
  });
});
