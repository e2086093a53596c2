import { describe, expect, it } from 'vitest';
import {
  type Finding,
  fetchFailureCode,
  fetchFailureFinding,
  finding,
  groupFindings,
  placeName,
  relaxForLocalNetwork,
} from '../src/findings/index.ts';
import { analyzeOidcIssuer, isSamlMetadataText, readDiscoveryDocument } from '../src/oidc/index.ts';
import { analyzeSamlMetadata, oidcIssuerOf } from '../src/saml/index.ts';

const now = new Date('2026-06-01T00:00:00Z');
const SAML_METADATA =
  '<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com"/>';

describe('groupFindings', () => {
  const endpoint = (field: string) => finding('OIDC_ENDPOINT_NOT_HTTPS', field, `${field} is http`);
  it.each<[string, Finding[], Array<{ code: string; places?: string[] }>]>([
    [
      'the same cause at four endpoints becomes one finding naming them',
      ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'].map((k) => endpoint(`discovery.${k}`)),
      [
        {
          code: 'OIDC_ENDPOINT_NOT_HTTPS',
          places: ['authorization endpoint', 'token endpoint', 'userinfo endpoint', 'key set (jwks_uri)'],
        },
      ],
    ],
    ['a cause found once is left as it is', [endpoint('discovery.token_endpoint')], [{ code: 'OIDC_ENDPOINT_NOT_HTTPS' }]],
    [
      'two causes stay two, in the order they were found',
      [
        endpoint('discovery.token_endpoint'),
        finding('OIDC_ENDPOINT_PORT', 'discovery.token_endpoint'),
        endpoint('discovery.jwks_uri'),
        finding('OIDC_ENDPOINT_PORT', 'discovery.jwks_uri'),
      ],
      [
        { code: 'OIDC_ENDPOINT_NOT_HTTPS', places: ['token endpoint', 'key set (jwks_uri)'] },
        { code: 'OIDC_ENDPOINT_PORT', places: ['token endpoint', 'key set (jwks_uri)'] },
      ],
    ],
    [
      'the same code with another fix is another cause',
      [
        finding('OIDC_JWKS_KID_MISSING', 'jwks.keys[0]'),
        finding('OIDC_JWKS_KID_MISSING', 'jwks.keys[1]', undefined, 'Another fix'),
        finding('OIDC_JWKS_KID_MISSING', 'jwks.keys[2]'),
      ],
      [{ code: 'OIDC_JWKS_KID_MISSING', places: ['key 1', 'key 3'] }, { code: 'OIDC_JWKS_KID_MISSING' }],
    ],
    [
      'codes whose messages carry specifics are never merged',
      [
        finding('METADATA_CERTIFICATE_EXPIRING', 'certificates[0]', 'expires on 2026-06-10'),
        finding('METADATA_CERTIFICATE_EXPIRING', 'certificates[1]', 'expires on 2026-06-20'),
      ],
      [{ code: 'METADATA_CERTIFICATE_EXPIRING' }, { code: 'METADATA_CERTIFICATE_EXPIRING' }],
    ],
  ])('%s', (_name, input, expected) => {
    const grouped = groupFindings(input);
    expect(grouped.map((f) => (f.places ? { code: f.code, places: f.places } : { code: f.code }))).toEqual(expected);
  });

  it('turns the ten findings of a local http IdP into four, none naming an internal field', () => {
    const discovery = {
      issuer: 'http://127.0.0.1:9100',
      authorization_endpoint: 'http://127.0.0.1:9100/authorize',
      token_endpoint: 'http://127.0.0.1:9100/token',
      userinfo_endpoint: 'http://127.0.0.1:9100/userinfo',
      jwks_uri: 'http://127.0.0.1:9100/jwks',
      response_types_supported: ['code'],
      token_endpoint_auth_methods_supported: ['client_secret_post'],
      id_token_signing_alg_values_supported: ['RS256'],
    };
    const raw = analyzeOidcIssuer({ issuer: 'http://127.0.0.1:9100', discovery }).findings;
    expect(raw).toHaveLength(10);
    const shown = relaxForLocalNetwork(groupFindings(raw));
    expect(shown.map((f) => [f.code, f.severity, f.places?.length ?? 1])).toEqual([
      ['OIDC_ISSUER_NOT_HTTPS', 'warning', 1],
      ['OIDC_ISSUER_PORT', 'warning', 1],
      ['OIDC_ENDPOINT_NOT_HTTPS', 'warning', 4],
      ['OIDC_ENDPOINT_PORT', 'warning', 4],
    ]);
    for (const f of shown) expect(f.places?.join(' ') ?? '').not.toMatch(/discovery\.|_endpoint/);
  });

  it.each([
    ['discovery.userinfo_endpoint', 'userinfo endpoint'],
    ['certificates[1]', 'certificate 2'],
    ['attributeMapping.email', 'email'],
    ['issuer', 'issuer'],
  ])('names %s as %s', (field, name) => {
    expect(placeName(field)).toBe(name);
  });
});

describe('a discovery document given as SAML metadata', () => {
  it.each<[string, string, string | null]>([
    [
      'a discovery document',
      '{"issuer":"https://login.example.com","jwks_uri":"https://login.example.com/k"}',
      'https://login.example.com',
    ],
    [
      'one with a byte-order mark and blank lines',
      '\uFEFF\n  {"issuer":"https://idp.example.com/oauth2/default"}',
      'https://idp.example.com/oauth2/default',
    ],
    ['JSON without an issuer', '{"keys":[]}', null],
    ['a JSON array', '[{"issuer":"https://x"}]', null],
    ['an empty issuer', '{"issuer":""}', null],
    ['broken JSON', '{"issuer":', null],
    ['SAML metadata', SAML_METADATA, null],
  ])('%s', (_name, text, issuer) => {
    expect(oidcIssuerOf(text)).toBe(issuer);
    const fromFile = analyzeSamlMetadata(text, { now, source: 'file' });
    const fromUrl = analyzeSamlMetadata(text, { now, source: 'url', metadataUrl: 'https://login.example.com/x' });
    if (issuer === null) {
      expect(fromFile.findings.map((f) => f.code)).not.toContain('METADATA_IS_OIDC_DISCOVERY');
      return;
    }
    // Said instead of "not well-formed XML", on the field the document came from.
    expect(fromFile.findings.map((f) => [f.code, f.field])).toEqual([['METADATA_IS_OIDC_DISCOVERY', 'metadata']]);
    expect(fromUrl.findings.map((f) => [f.code, f.field])).toEqual([['METADATA_IS_OIDC_DISCOVERY', 'metadataUrl']]);
    expect(fromUrl.findings[0]?.fix).toContain(issuer);
  });
});

describe('SAML metadata where a discovery document belongs', () => {
  it.each<[string, string, string]>([
    ['SAML metadata', SAML_METADATA, 'OIDC_DISCOVERY_IS_SAML_METADATA'],
    [
      'prefixless metadata after a comment',
      '<!-- idp --><EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"/>',
      'OIDC_DISCOVERY_IS_SAML_METADATA',
    ],
    [
      'an aggregate',
      '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"></md:EntitiesDescriptor>',
      'OIDC_DISCOVERY_IS_SAML_METADATA',
    ],
    ['an HTML page', '<!doctype html><html><body>Sign in</body></html>', 'OIDC_DISCOVERY_INVALID'],
    ['a page mentioning an EntityDescriptor', '<html><p><EntityDescriptor></p></html>', 'OIDC_DISCOVERY_INVALID'],
  ])('%s', (_name, text, code) => {
    expect(isSamlMetadataText(text)).toBe(code === 'OIDC_DISCOVERY_IS_SAML_METADATA');
    const read = readDiscoveryDocument(text, 'https://idp.example.com/.well-known/openid-configuration');
    expect(read.ok).toBe(false);
    if (!read.ok) expect([read.finding.code, read.finding.field]).toEqual([code, 'issuer']);
  });

  it('reads a JSON document', () => {
    expect(readDiscoveryDocument('{"issuer":"https://x"}', 'https://x/.well-known/openid-configuration')).toEqual({
      ok: true,
      discovery: { issuer: 'https://x' },
    });
  });
});

describe('fetchFailureFinding', () => {
  it.each<[string, { code: string; details?: unknown }, string]>([
    ['a 404', { code: 'FETCH_HTTP_ERROR', details: { status: 404 } }, 'FETCH_NOT_FOUND'],
    ['a 410', { code: 'FETCH_HTTP_ERROR', details: { status: 410 } }, 'FETCH_NOT_FOUND'],
    ['a 500', { code: 'FETCH_HTTP_ERROR', details: { status: 500 } }, 'FETCH_HTTP_ERROR'],
    ['an unknown host', { code: 'FETCH_FAILED', details: { reason: 'ENOTFOUND' } }, 'FETCH_HOST_UNKNOWN'],
    ['no DNS answer', { code: 'FETCH_FAILED', details: { reason: 'EAI_AGAIN' } }, 'FETCH_HOST_UNKNOWN'],
    ['an expired certificate', { code: 'FETCH_FAILED', details: { reason: 'CERT_HAS_EXPIRED' } }, 'FETCH_TLS_FAILED'],
    [
      'a self-signed certificate',
      { code: 'FETCH_FAILED', details: { reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' } },
      'FETCH_TLS_FAILED',
    ],
    ['a refused connection', { code: 'FETCH_FAILED', details: { reason: 'ECONNREFUSED' } }, 'FETCH_FAILED'],
    ['a timeout', { code: 'FETCH_TIMEOUT', details: { reason: 'TIMEOUT' } }, 'FETCH_TIMEOUT'],
    ['a private address', { code: 'FETCH_ADDRESS_REFUSED' }, 'FETCH_ADDRESS_REFUSED'],
    ['an unknown failure', { code: 'FETCH_SOMETHING_NEW' }, 'FETCH_FAILED'],
  ])('%s', (_name, failure, code) => {
    expect(fetchFailureCode(failure)).toBe(code);
    const f = fetchFailureFinding(
      { ...failure, message: 'failed' },
      { field: 'metadataUrl', document: 'saml-metadata', url: 'https://idp.example.com/metadata', vendor: 'okta' },
    );
    expect([f.code, f.severity, f.field]).toEqual([code, 'error', 'metadataUrl']);
  });

  it('says where the chosen vendor shows the right address when the address is wrong', () => {
    const failure = { code: 'FETCH_HTTP_ERROR', message: 'failed', details: { status: 404 } };
    const at = (vendor: 'okta' | 'entra' | 'generic', document: 'saml-metadata' | 'oidc-discovery') =>
      fetchFailureFinding(failure, { field: 'metadataUrl', document, url: 'https://idp.example.com/m', vendor }).fix;
    expect(at('okta', 'saml-metadata')).toContain('Sign On tab');
    expect(at('entra', 'saml-metadata')).toContain('App Federation Metadata Url');
    expect(at('entra', 'oidc-discovery')).toContain('login.microsoftonline.com');
    expect(at('generic', 'saml-metadata')).not.toContain('Okta');
  });
});
