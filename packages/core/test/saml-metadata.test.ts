import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSamlMetadata, FINDING_CATALOG, METADATA_LIMITS, parseCertificate } from '../src/saml/index.ts';

/** The instant every fixture is judged at; the fixture generator picks certificate dates around it. */
const FIXTURE_NOW = new Date('2026-06-01T00:00:00Z');
// generated/ is rebuilt by scripts/generate-fixtures.ts; captured/ holds real downloads kept by hand.
const fixtures = join(import.meta.dirname, 'fixtures', 'saml');
const root = join(fixtures, 'generated');

interface Expected {
  /** The instant a captured document is judged at (its certificates' real dates); FIXTURE_NOW otherwise. */
  now?: string;
  /** The threat of "SAML metadata and XML" in docs/security.md this fixture covers. */
  threat?: string;
  source?: 'file' | 'url';
  vendor?: string;
  entityId?: string;
  ssoRedirectUrl?: string;
  codes: string[];
}

function load(folder: string, under = root) {
  const dir = join(under, folder);
  return {
    text: readFileSync(join(dir, 'metadata.xml'), 'utf8'),
    expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected,
  };
}

const vendors = readdirSync(root).filter((name) => name !== 'bad');
const bad = readdirSync(join(root, 'bad'));
const capturedRoot = join(fixtures, 'captured');
const captured = readdirSync(capturedRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe('analyzeSamlMetadata over vendor fixtures', () => {
  it.each(vendors)('reads %s metadata', (folder) => {
    const { text, expected } = load(folder);
    const result = analyzeSamlMetadata(text, { now: FIXTURE_NOW, source: expected.source ?? 'file' });
    expect(result.findings.map((f) => f.code).sort()).toEqual(expected.codes);
    expect(result.ok).toBe(true);
    expect(result.summary.vendor).toBe(expected.vendor);
    expect(result.summary.entityId).toBe(expected.entityId);
    expect(result.summary.ssoRedirectUrl).toBe(expected.ssoRedirectUrl);
    const signing = result.summary.certificates.filter((c) => c.use === 'signing');
    expect(signing.length).toBeGreaterThan(0);
    for (const cert of signing) {
      expect(cert).toMatchObject({ parsed: true, keyType: 'RSA', keySize: 2048, signatureAlgorithm: 'sha256WithRSAEncryption' });
      expect(Date.parse(cert.notAfter ?? '')).toBeGreaterThan(FIXTURE_NOW.getTime());
      expect(cert.subject).toMatch(/^CN=/);
    }
  });
});

describe('analyzeSamlMetadata over single mutations and captured documents', () => {
  const documents = [
    ...bad.map((name) => [`generated/bad/${name}`, load(`bad/${name}`)] as const),
    ...captured.map((name) => [`captured/${name}`, load(name, capturedRoot)] as const),
  ];
  it.each(documents)('%s', (_name, { text, expected }) => {
    const now = expected.now ? new Date(expected.now) : FIXTURE_NOW;
    const result = analyzeSamlMetadata(text, { now, source: expected.source ?? 'file' });
    expect(result.findings.map((f) => f.code).sort()).toEqual([...expected.codes].sort());
    if (expected.vendor) expect(result.summary.vendor).toBe(expected.vendor);
    if (expected.entityId) expect(result.summary.entityId).toBe(expected.entityId);
    expect(result.ok).toBe(!expected.codes.some((c) => FINDING_CATALOG[c as keyof typeof FINDING_CATALOG].severity === 'error'));
    for (const f of result.findings) {
      expect(f.severity).toBe(FINDING_CATALOG[f.code].severity);
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.fix.length).toBeGreaterThan(10);
    }
  });

  it('covers every threat to metadata reading that docs/security.md lists', () => {
    const covered = new Set(bad.map((name) => load(`bad/${name}`).expected.threat).filter(Boolean));
    expect([...covered].sort()).toEqual(
      [
        'aggregate',
        'certificate',
        'certificate-expiry',
        'complexity',
        'declarations',
        'endpoints',
        'name-id',
        'size',
        'well-formedness',
      ].sort(),
    );
  });
});

describe('real vendors’ downloads', () => {
  it('names each binding once and the vendor setting when HTTP-Redirect is missing (JumpCloud)', () => {
    const { text } = load('bad/jumpcloud-post-only');
    const found = analyzeSamlMetadata(text, { now: FIXTURE_NOW, source: 'file' }).findings.find(
      (f) => f.code === 'METADATA_NO_REDIRECT_BINDING',
    );
    expect(found?.message).toContain('only with HTTP-POST;');
    expect(found?.message).toContain('No SingleSignOn Http redirect binding location found in metadata.');
    expect(found?.fix).toContain('Declare Redirect Endpoint');
  });

  it('analyses the one entity of a wrapper, so its own findings show beside the wrapper’s', () => {
    const { text } = load('bad/single-entity-aggregate');
    const wrappedExpired = text.replace(/<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/, '');
    const result = analyzeSamlMetadata(wrappedExpired, { now: FIXTURE_NOW, source: 'file' });
    expect(result.findings.map((f) => f.code).sort()).toEqual([
      'METADATA_NO_SIGNING_CERTIFICATE',
      'METADATA_SINGLE_ENTITY_WRAPPED',
    ]);
    expect(result.summary.entityId).toBe('https://idp.university.example/idp/shibboleth');
  });

  it('tells Entra’s multi-tenant metadata to use the tenant’s own', () => {
    const { text } = load('bad/entra-multi-tenant');
    const found = analyzeSamlMetadata(text, { now: FIXTURE_NOW, source: 'file' }).findings.find(
      (f) => f.code === 'METADATA_ENTITY_ID_PLACEHOLDER',
    );
    expect(found?.fix).toContain('App Federation Metadata Url');
  });
});

describe('the IdP the admin chose', () => {
  it('warns at save about a vendor whose default Name ID is mutable, even where the URLs hide the vendor', () => {
    const { text } = load('generic');
    const judged = (vendor?: 'okta' | 'entra') =>
      analyzeSamlMetadata(text, { now: FIXTURE_NOW, source: 'file', ...(vendor ? { vendor } : {}) }).findings;
    expect(judged().map((f) => f.code)).toEqual([]);
    const okta = judged('okta').find((f) => f.code === 'METADATA_VENDOR_DEFAULT_NAMEID');
    expect(okta?.severity).toBe('warning');
    expect(okta?.message).toContain('Okta username');
    expect(okta?.fix).toContain('user.getInternalProperty("id")');
    expect(judged('entra').find((f) => f.code === 'METADATA_VENDOR_DEFAULT_NAMEID')?.message).toContain('user principal name');
  });

  it('gives a persistent-only Name ID no such warning', () => {
    const { text } = load('generic');
    const persistentOnly = text.replace(
      /\s*<md:NameIDFormat>urn:oasis:names:tc:SAML:2\.0:nameid-format:transient<\/md:NameIDFormat>/,
      '',
    );
    const codes = analyzeSamlMetadata(persistentOnly, { now: FIXTURE_NOW, source: 'file', vendor: 'okta' }).findings.map(
      (f) => f.code,
    );
    expect(codes).not.toContain('METADATA_VENDOR_DEFAULT_NAMEID');
  });

  it('tells PingFederate from PingOne by the host, for the chosen Ping', () => {
    const { text } = load('bad/signed-requests-required');
    const found = analyzeSamlMetadata(text, { now: FIXTURE_NOW, source: 'file', vendor: 'ping' }).findings.find(
      (f) => f.code === 'METADATA_SIGNED_REQUESTS_REQUIRED',
    );
    expect(found?.fix).toContain('PingFederate');
  });
});

describe('request signing', () => {
  it('drops the signed-requests warning once request signing is on, and reminds to upload the certificate', () => {
    const { text } = load('bad/signed-requests-required');
    const codes = (signRequests: boolean) =>
      analyzeSamlMetadata(text, { now: FIXTURE_NOW, source: 'file', signRequests }).findings.map((f) => [f.code, f.severity]);
    expect(codes(false)).toEqual([['METADATA_SIGNED_REQUESTS_REQUIRED', 'warning']]);
    expect(codes(true)).toEqual([['METADATA_SIGNED_REQUESTS_ON', 'info']]);
  });
});

describe('XML safety', () => {
  it('rejects a DOCTYPE before parsing, even one the parser would ignore', () => {
    const { text } = load('generic');
    for (const declaration of [
      '<!DOCTYPE x>',
      '<!doctype x>',
      '<!DOCTYPE x SYSTEM "http://127.0.0.1/x.dtd">',
      '<!ENTITY x "y">',
    ]) {
      const result = analyzeSamlMetadata(text.replace('<md:EntityDescriptor', `${declaration}\n<md:EntityDescriptor`), {
        now: FIXTURE_NOW,
        source: 'url',
      });
      expect(result.findings.map((f) => f.code)).toEqual(['METADATA_DOCTYPE_FORBIDDEN']);
    }
  });

  it('refuses a document over 1 MB without reading it', () => {
    const huge = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">${' '.repeat(METADATA_LIMITS.maxCharacters)}</md:EntityDescriptor>`;
    const result = analyzeSamlMetadata(huge, { now: FIXTURE_NOW, source: 'url' });
    expect(result.findings.map((f) => f.code)).toEqual(['METADATA_TOO_LARGE']);
  });

  it('refuses a file over Cognito’s MetadataFile limit by its length alone, before any XML work', () => {
    // Malformed on purpose: a parser would add METADATA_NOT_XML, so a single finding proves none ran.
    const oversized = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><a>${' '.repeat(METADATA_LIMITS.maxFileCharacters)}`;
    const result = analyzeSamlMetadata(oversized, { now: FIXTURE_NOW, source: 'file' });
    expect(result.findings.map((f) => f.code)).toEqual(['METADATA_FILE_TOO_LARGE']);
    expect(result.summary.entityId).toBeNull();
    // The same text by URL is read, and found wanting for what it is.
    expect(analyzeSamlMetadata(oversized, { now: FIXTURE_NOW, source: 'url' }).findings.map((f) => f.code)).toEqual([
      'METADATA_NOT_XML',
    ]);
  });

  it('accepts a document over the MetadataFile limit when it will be given as a URL', () => {
    const { text } = load('bad/oversized-file');
    expect(analyzeSamlMetadata(text, { now: FIXTURE_NOW, source: 'url' }).ok).toBe(true);
  });

  it('rejects hostile nesting, attributes and namespaces in the pre-scan, before the parser runs', () => {
    const wrap = (inner: string) =>
      `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">${inner}</md:EntityDescriptor>`;
    const hostile = [
      wrap(`${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`),
      wrap(`<a ${Array.from({ length: 50_000 }, (_, i) => `b${i}="1"`).join(' ')}/>`),
      wrap(`<a ${Array.from({ length: 20_000 }, (_, i) => `xmlns:p${i}="urn:${i}"`).join(' ')}/>`),
    ];
    for (const text of hostile) {
      // METADATA_TOO_COMPLEX comes only from the linear pre-scan: the DOM parser never sees these documents.
      const result = analyzeSamlMetadata(text, { now: FIXTURE_NOW, source: 'url' });
      expect(result.findings.map((f) => f.code)).toEqual(['METADATA_TOO_COMPLEX']);
    }
  });

  it('refuses XML the parser only reads by guessing, and says what is wrong', () => {
    const { text } = load('generic');
    const cases: Array<[string, string]> = [
      ['<md:KeyDescriptor use=signing>', 'not in quotes'],
      ['<md:KeyDescriptor use>', 'has no value'],
      ['<md:KeyDescriptor use="signing"xml:lang="en">', 'not separated by a space'],
    ];
    for (const [tag, words] of cases) {
      const result = analyzeSamlMetadata(text.replace('<md:KeyDescriptor use="signing">', tag), {
        now: FIXTURE_NOW,
        source: 'file',
      });
      expect(
        result.findings.map((f) => f.code),
        tag,
      ).toEqual(['METADATA_NOT_XML']);
      expect(result.findings[0]?.message).toContain(words);
      expect(result.summary.entityId).toBeNull();
    }
    // U+FFFD is a character like any other: the parser's warning about it refuses nothing.
    const replaced = text.replace('university.example</shibmd:Scope>', 'university.example\uFFFD</shibmd:Scope>');
    expect(analyzeSamlMetadata(replaced, { now: FIXTURE_NOW, source: 'file' }).findings).toEqual([]);
  });

  it('reads metadata pasted with a byte-order mark or leading blank lines', () => {
    const { text } = load('generic');
    for (const variant of [`\uFEFF${text}`, `\n\n  ${text}`, `\uFEFF\r\n${text}`]) {
      expect(analyzeSamlMetadata(variant, { now: FIXTURE_NOW, source: 'file' }).findings).toEqual([]);
    }
  });

  it('checks a metadata URL against what Cognito fetches', () => {
    const { text } = load('generic');
    const codes = (metadataUrl: string) =>
      analyzeSamlMetadata(text, { now: FIXTURE_NOW, source: 'url', metadataUrl })
        .findings.map((f) => f.code)
        .sort();
    expect(codes('https://idp.university.example/idp/shibboleth')).toEqual([]);
    expect(codes('https://idp.university.example:443/metadata')).toEqual([]);
    expect(codes('http://idp.university.example/metadata')).toEqual(['METADATA_URL_NOT_HTTPS']);
    expect(codes('https://idp.university.example:8443/metadata')).toEqual(['METADATA_URL_PORT']);
    expect(codes('not a url')).toEqual(['METADATA_URL_NOT_HTTPS']);
  });

  it('never throws on truncated or garbled input', () => {
    const { text } = load('entra');
    for (let cut = 0; cut < text.length; cut += 97) {
      const result = analyzeSamlMetadata(text.slice(0, cut), { now: FIXTURE_NOW, source: 'file' });
      expect(result.ok).toBe(false);
    }
  });
});

describe('certificates', () => {
  it('reports subject, validity, key and signature algorithm', () => {
    const { text } = load('adfs');
    const result = analyzeSamlMetadata(text, { now: FIXTURE_NOW, source: 'file' });
    const signing = result.summary.certificates.find((c) => c.use === 'signing');
    expect(signing).toMatchObject({
      subject: 'CN=ADFS Signing - adfs.contoso.example',
      issuer: 'CN=ADFS Signing - adfs.contoso.example',
      notBefore: '2026-01-15T00:00:00.000Z',
      notAfter: '2027-01-15T00:00:00.000Z',
      keyType: 'RSA',
      keySize: 2048,
    });
    expect(result.summary.certificates.map((c) => c.use)).toEqual(['encryption', 'signing']);
  });

  it('warns with the date 30 days before expiry and refuses after it', () => {
    const { text } = load('bad/expiring-certificate');
    const at = (iso: string) => analyzeSamlMetadata(text, { now: new Date(iso), source: 'file' });
    expect(at('2026-05-30T23:59:59Z').findings).toEqual([]);
    const warning = at('2026-05-31T00:00:00Z').findings;
    expect(warning.map((f) => [f.code, f.field])).toEqual([['METADATA_CERTIFICATE_EXPIRING', 'certificates[0]']]);
    expect(warning[0]?.message).toContain('2026-06-30');
    expect(at('2026-06-30T00:00:00Z').findings.map((f) => f.code)).toEqual(['METADATA_CERTIFICATE_EXPIRED']);
  });

  it('returns null for anything that is not a certificate', () => {
    for (const input of ['', '   ', 'not base64!', 'AAAA', 'MIIB', btoa('hello world!')])
      expect(parseCertificate(input)).toBeNull();
  });
});

describe('vendor-specific fixes', () => {
  it('tells an Entra admin where to make the Name ID persistent', () => {
    const { text } = load('entra');
    const result = analyzeSamlMetadata(text, { now: FIXTURE_NOW, source: 'file' });
    expect(result.findings[0]?.fix).toContain('user.objectid');
  });
  it('tells a Keycloak admin how to stop requiring signed requests', () => {
    const { text } = load('keycloak');
    const result = analyzeSamlMetadata(text, { now: FIXTURE_NOW, source: 'file' });
    expect(result.findings[0]?.fix).toContain('Client signature required');
  });
});
