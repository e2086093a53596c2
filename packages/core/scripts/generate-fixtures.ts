/**
 * Writes the generated SAML metadata fixtures under test/fixtures/saml/generated/: one folder per vendor
 * shape (the VENDORS table, a row each) and one bad/<mutation>/ folder per single mutation of a sound
 * document (the MUTATIONS table). test/fixtures/saml/captured/ is never touched. Certificates are self-signed here with
 * fixed validity dates (tests judge them at FIXTURE_NOW); the private keys are thrown away.
 *
 * Run: pnpm --filter @gatehouse/core fixtures
 */

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Extension,
  Extensions,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import type { FindingCode } from '../src/findings/catalog.ts';

// Only generated/ is rebuilt; captured/ holds real documents kept by hand (see its README.md).
const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'saml', 'generated');

interface CertOptions {
  cn: string;
  notBefore: string;
  notAfter: string;
  bits?: number;
  /** Bytes of filler in a private extension, to exceed Cognito's 4,096 characters. */
  padding?: number;
}

async function certificate(o: CertOptions): Promise<string> {
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: o.bits ?? 2048,
  };
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const spki = AsnConvert.parse(await crypto.subtle.exportKey('spki', keys.publicKey), SubjectPublicKeyInfo);
  const name = new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type: '2.5.4.3', value: new AttributeValue({ utf8String: o.cn }) }),
    ]),
  ]);
  const signature = new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11', parameters: null });
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serial.buffer,
    signature,
    issuer: name,
    subject: name,
    validity: new Validity({ notBefore: new Date(o.notBefore), notAfter: new Date(o.notAfter) }),
    subjectPublicKeyInfo: spki,
  });
  if (o.padding) {
    tbs.extensions = new Extensions([
      new Extension({
        extnID: '1.3.6.1.4.1.55555.1',
        critical: false,
        extnValue: new OctetString(new Uint8Array(o.padding).fill(0x41)),
      }),
    ]);
  }
  const signatureValue = await crypto.subtle.sign(algorithm, keys.privateKey, AsnConvert.serialize(tbs));
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: signature, signatureValue });
  return Buffer.from(AsnConvert.serialize(cert)).toString('base64');
}

/** Wraps a base64 body at 64 characters, as most IdPs publish it. */
const wrap = (b64: string, indent: string) => b64.replace(/.{64}/g, (line) => `${line}\n${indent}`).trimEnd();

const B = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  soap: 'urn:oasis:names:tc:SAML:2.0:bindings:SOAP',
  artifact: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact',
};
const N = {
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  email: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
};

interface Doc {
  entityId: string;
  prefix?: 'md:' | '';
  rootExtra?: string;
  before?: string;
  after?: string;
  want?: boolean | undefined;
  protocol?: string;
  keys: { use?: 'signing' | 'encryption'; cert: string }[];
  slo?: [string, string][];
  nameIds?: string[];
  sso: [string, string][];
  idpExtra?: string;
  wrapper?: (entity: string) => string;
}

function metadata(d: Doc): string {
  const p = d.prefix ?? 'md:';
  const ns = p ? 'xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"' : 'xmlns="urn:oasis:names:tc:SAML:2.0:metadata"';
  const keys = d.keys
    .map(
      (k) => `    <${p}KeyDescriptor${k.use ? ` use="${k.use}"` : ''}>
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data>
          <ds:X509Certificate>${wrap(k.cert, '            ')}</ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
    </${p}KeyDescriptor>`,
    )
    .join('\n');
  const lines = [
    ...(d.slo ?? []).map(([b, l]) => `    <${p}SingleLogoutService Binding="${b}" Location="${l}"/>`),
    ...(d.nameIds ?? []).map((n) => `    <${p}NameIDFormat>${n}</${p}NameIDFormat>`),
    ...d.sso.map(([b, l]) => `    <${p}SingleSignOnService Binding="${b}" Location="${l}"/>`),
  ].join('\n');
  const want = d.want === undefined ? '' : ` WantAuthnRequestsSigned="${d.want}"`;
  const entity = `<${p}EntityDescriptor ${ns} entityID="${d.entityId}"${d.rootExtra ?? ''}>
${d.before ?? ''}  <${p}IDPSSODescriptor${want} protocolSupportEnumeration="${d.protocol ?? 'urn:oasis:names:tc:SAML:2.0:protocol'}">
${keys}
${d.idpExtra ?? ''}${lines}
  </${p}IDPSSODescriptor>
${d.after ?? ''}</${p}EntityDescriptor>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${d.wrapper ? d.wrapper(entity) : entity}\n`;
}

type ThreatName =
  | 'declarations'
  | 'size'
  | 'complexity'
  | 'well-formedness'
  | 'aggregate'
  | 'endpoints'
  | 'certificate'
  | 'certificate-expiry'
  | 'name-id';

interface Fixture {
  folder: string;
  text: string;
  expected: {
    /** The threat of docs/security.md ("SAML metadata and XML") the fixture covers. */
    threat?: ThreatName;
    source?: 'file' | 'url';
    vendor?: string;
    entityId?: string;
    ssoRedirectUrl?: string;
    codes: FindingCode[];
  };
}

/** A vendor's fixture: its folder is the vendor id the analysis must recognise. */
function vendor(folder: string, d: Doc, codes: FindingCode[], extra: Partial<Fixture['expected']> = {}): Fixture {
  const ssoRedirectUrl = d.sso.find(([b]) => b === B.redirect)?.[1];
  return {
    folder,
    text: metadata(d),
    expected: { vendor: folder, entityId: d.entityId, ...(ssoRedirectUrl ? { ssoRedirectUrl } : {}), codes, ...extra },
  };
}

/** A bad/<name>/ fixture: one mutation of a sound document. */
function mutation(name: string, text: string, codes: FindingCode[], extra: Partial<Fixture['expected']> = {}): Fixture {
  return { folder: `bad/${name}`, text, expected: { ...extra, codes } };
}

const valid = { notBefore: '2025-01-01T00:00:00Z', notAfter: '2029-01-01T00:00:00Z' };

/** One row per vendor: a document shaped like theirs, and the findings the analysis must give for it. */
const VENDORS: Array<() => Promise<Fixture>> = [
  async () => {
    const tid = '9a1c4f2e-6b7d-4e3a-8f10-2c5d7e9b1a34';
    return vendor(
      'entra',
      {
        prefix: '',
        entityId: `https://sts.windows.net/${tid}/`,
        rootExtra: ` ID="_5f0c9d3e-2a41-4b8e-9c7f-1d2e3f4a5b6c"`,
        before: `  <RoleDescriptor xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706" xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706">
      <fed:ClaimTypesOffered>
  ${['name', 'emailaddress', 'givenname', 'surname', 'upn']
    .map(
      (
        c,
      ) => `      <auth:ClaimType xmlns:auth="http://docs.oasis-open.org/wsfed/authorization/200706" Uri="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/${c}">
          <auth:DisplayName>${c}</auth:DisplayName>
        </auth:ClaimType>`,
    )
    .join('\n')}
      </fed:ClaimTypesOffered>
      <fed:PassiveRequestorEndpoint>
        <wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing">
          <wsa:Address>https://login.microsoftonline.com/${tid}/wsfed</wsa:Address>
        </wsa:EndpointReference>
      </fed:PassiveRequestorEndpoint>
    </RoleDescriptor>
  `,
        keys: [
          {
            use: 'signing',
            cert: await certificate({
              cn: 'Microsoft Azure Federated SSO Certificate',
              notBefore: '2025-02-10T09:00:00Z',
              notAfter: '2028-02-10T09:00:00Z',
            }),
          },
        ],
        slo: [[B.redirect, `https://login.microsoftonline.com/${tid}/saml2`]],
        sso: [
          [B.redirect, `https://login.microsoftonline.com/${tid}/saml2`],
          [B.post, `https://login.microsoftonline.com/${tid}/saml2`],
        ],
      },
      ['METADATA_VENDOR_DEFAULT_NAMEID'],
    );
  },
  async () => {
    return vendor(
      'adfs',
      {
        prefix: '',
        entityId: 'http://adfs.contoso.example/adfs/services/trust',
        before: `  <SPSSODescriptor WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
      <NameIDFormat>${N.persistent}</NameIDFormat>
      <AssertionConsumerService Binding="${B.post}" Location="https://adfs.contoso.example/adfs/ls/" index="0" isDefault="true"/>
    </SPSSODescriptor>
  `,
        keys: [
          { use: 'encryption', cert: await certificate({ cn: 'ADFS Encryption - adfs.contoso.example', ...valid }) },
          {
            use: 'signing',
            cert: await certificate({
              cn: 'ADFS Signing - adfs.contoso.example',
              notBefore: '2026-01-15T00:00:00Z',
              notAfter: '2027-01-15T00:00:00Z',
            }),
          },
        ],
        slo: [
          [B.redirect, 'https://adfs.contoso.example/adfs/ls/'],
          [B.post, 'https://adfs.contoso.example/adfs/ls/'],
        ],
        nameIds: [N.email, N.persistent, N.transient],
        sso: [
          [B.redirect, 'https://adfs.contoso.example/adfs/ls/'],
          [B.post, 'https://adfs.contoso.example/adfs/ls/'],
        ],
      },
      [],
    );
  },
  async () => {
    return vendor(
      'okta',
      {
        entityId: 'http://www.okta.com/exk1q2w3e4r5t6y7u8i9',
        want: false,
        keys: [{ cert: await certificate({ cn: 'acme', notBefore: '2024-03-01T00:00:00Z', notAfter: '2034-03-01T00:00:00Z' }) }],
        nameIds: [N.unspecified, N.email],
        sso: [
          [B.post, 'https://acme.okta.com/app/acme_cognito_1/exk1q2w3e4r5t6y7u8i9/sso/saml'],
          [B.redirect, 'https://acme.okta.com/app/acme_cognito_1/exk1q2w3e4r5t6y7u8i9/sso/saml'],
        ],
      },
      ['METADATA_NO_SLO_ENDPOINT', 'METADATA_VENDOR_DEFAULT_NAMEID'],
    );
  },
  async () => {
    return vendor(
      'google',
      {
        entityId: 'https://accounts.google.com/o/saml2?idpid=C01ab2cd3',
        want: false,
        keys: [
          {
            use: 'signing',
            cert: await certificate({ cn: 'Google', notBefore: '2024-09-01T00:00:00Z', notAfter: '2029-08-31T00:00:00Z' }),
          },
        ],
        nameIds: [N.email],
        sso: [
          [B.redirect, 'https://accounts.google.com/o/saml2/idp?idpid=C01ab2cd3'],
          [B.post, 'https://accounts.google.com/o/saml2/idp?idpid=C01ab2cd3'],
        ],
      },
      ['METADATA_NO_SLO_ENDPOINT', 'METADATA_VENDOR_DEFAULT_NAMEID'],
    );
  },
  async () => {
    const env = '3f6e2a1b-7c4d-4e8f-9a0b-1c2d3e4f5a6b';
    return vendor(
      'ping',
      {
        entityId: `https://auth.pingone.com/${env}`,
        keys: [
          {
            use: 'signing',
            cert: await certificate({
              cn: 'PingOne SSO Certificate for Acme environment',
              notBefore: '2025-05-01T00:00:00Z',
              notAfter: '2026-06-20T00:00:00Z',
            }),
          },
        ],
        slo: [[B.redirect, `https://auth.pingone.com/${env}/saml20/idp/slo`]],
        nameIds: [N.unspecified],
        sso: [
          [B.redirect, `https://auth.pingone.com/${env}/saml20/idp/sso`],
          [B.post, `https://auth.pingone.com/${env}/saml20/idp/sso`],
        ],
      },
      ['METADATA_CERTIFICATE_EXPIRING'],
    );
  },
  async () => {
    const ol = '7d2b9c4e-1f3a-4b5c-8d6e-0a1b2c3d4e5f';
    return vendor(
      'onelogin',
      {
        entityId: `https://app.onelogin.com/saml/metadata/${ol}`,
        keys: [{ use: 'signing', cert: await certificate({ cn: 'app.onelogin.com', ...valid }) }],
        slo: [[B.redirect, 'https://acme.onelogin.com/trust/saml2/http-redirect/slo/2791054']],
        nameIds: [N.email],
        sso: [
          [B.redirect, `https://acme.onelogin.com/trust/saml2/http-redirect/sso/${ol}`],
          [B.post, `https://acme.onelogin.com/trust/saml2/http-post/sso/${ol}`],
          [B.soap, `https://acme.onelogin.com/trust/saml2/soap/sso/${ol}`],
        ],
      },
      ['METADATA_NAMEID_NOT_PERSISTENT'],
    );
  },
  async () => {
    return vendor(
      'jumpcloud',
      {
        entityId: 'JumpCloud',
        want: false,
        keys: [{ use: 'signing', cert: await certificate({ cn: 'JumpCloud', ...valid }) }],
        nameIds: [N.unspecified],
        sso: [
          [B.redirect, 'https://sso.jumpcloud.com/saml2/gatehouse-acme'],
          [B.post, 'https://sso.jumpcloud.com/saml2/gatehouse-acme'],
        ],
      },
      ['METADATA_NO_SLO_ENDPOINT', 'METADATA_VENDOR_DEFAULT_NAMEID'],
    );
  },
  async () => {
    const kc = 'https://id.acme.example/realms/acme/protocol/saml';
    return vendor(
      'keycloak',
      {
        entityId: 'https://id.acme.example/realms/acme',
        want: true,
        keys: [
          {
            use: 'signing',
            cert: await certificate({ cn: 'acme', notBefore: '2025-03-01T00:00:00Z', notAfter: '2035-03-01T00:00:00Z' }),
          },
        ],
        slo: [
          [B.post, kc],
          [B.redirect, kc],
          [B.artifact, kc],
        ],
        nameIds: [N.persistent, N.transient, N.unspecified, N.email],
        sso: [
          [B.post, kc],
          [B.redirect, kc],
          [B.soap, kc],
          [B.artifact, kc],
        ],
      },
      ['METADATA_SIGNED_REQUESTS_REQUIRED'],
    );
  },
  async () => {
    const a0 = 'https://acme.eu.auth0.com/samlp/Xy7Zq2Wp9Lk3Mn5Bv8Cx1Df4Gh6Jk0Rt';
    return vendor(
      'auth0',
      {
        entityId: 'urn:acme.eu.auth0.com',
        keys: [
          {
            use: 'signing',
            cert: await certificate({
              cn: 'acme.eu.auth0.com',
              notBefore: '2024-11-05T00:00:00Z',
              notAfter: '2038-07-15T00:00:00Z',
            }),
          },
        ],
        slo: [
          [B.redirect, `${a0}/logout`],
          [B.post, `${a0}/logout`],
        ],
        nameIds: [N.email, N.persistent, N.unspecified],
        sso: [
          [B.redirect, a0],
          [B.post, a0],
        ],
        idpExtra: `${['emailaddress', 'name', 'upn']
          .map(
            (c) =>
              `    <saml:Attribute xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/${c}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri" FriendlyName="${c}"/>\n`,
          )
          .join('')}`,
      },
      [],
    );
  },
  async () => vendor('generic', await soundDocument(), []),
];

/** A sound Shibboleth-style document: the generic fixture, and the base every bad/<mutation>/ mutates once. */
let sound: Promise<Doc> | undefined;
function soundDocument(): Promise<Doc> {
  sound ??= makeSoundDocument();
  return sound;
}

async function makeSoundDocument(): Promise<Doc> {
  const baseCert = await certificate({ cn: 'idp.university.example', ...valid });
  const base: Doc = {
    entityId: 'https://idp.university.example/idp/shibboleth',
    keys: [{ use: 'signing', cert: baseCert }],
    idpExtra: `    <md:Extensions>
      <shibmd:Scope xmlns:shibmd="urn:mace:shibboleth:metadata:1.0" regexp="false">university.example</shibmd:Scope>
    </md:Extensions>
`,
    slo: [[B.redirect, 'https://idp.university.example/idp/profile/SAML2/Redirect/SLO']],
    nameIds: [N.persistent, N.transient],
    sso: [
      [B.post, 'https://idp.university.example/idp/profile/SAML2/POST/SSO'],
      [B.redirect, 'https://idp.university.example/idp/profile/SAML2/Redirect/SSO'],
    ],
  };
  return base;
}

/** What a mutation starts from: the sound document, its text, and the text of any vendor fixture. */
interface MutationBase {
  base: Doc;
  /** The sound document's signing certificate. */
  baseCert: string;
  baseText: string;
  textOf: (folder: string) => string;
}

/** One row per single mutation of a sound document (a bad/<name>/ fixture each): the findings it must give. */
const MUTATIONS: Array<(m: MutationBase) => Fixture | Promise<Fixture>> = [
  ({ baseText }) =>
    mutation(
      'doctype',
      baseText.replace('<md:EntityDescriptor', '<!DOCTYPE md:EntityDescriptor>\n<md:EntityDescriptor'),
      ['METADATA_DOCTYPE_FORBIDDEN'],
      { threat: 'declarations' },
    ),
  ({ baseText }) =>
    mutation(
      'billion-laughs',
      baseText
        .replace(
          '<md:EntityDescriptor',
          `<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n${Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n')}\n]>\n<md:EntityDescriptor`,
        )
        .replace('university.example</shibmd:Scope>', '&lol9;</shibmd:Scope>'),
      ['METADATA_DOCTYPE_FORBIDDEN'],
      { threat: 'declarations' },
    ),
  ({ baseText }) =>
    mutation(
      'external-entity',
      baseText
        .replace(
          '<md:EntityDescriptor',
          '<!DOCTYPE md:EntityDescriptor [\n <!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret">\n]>\n<md:EntityDescriptor',
        )
        .replace('university.example</shibmd:Scope>', '&xxe;</shibmd:Scope>'),
      ['METADATA_DOCTYPE_FORBIDDEN'],
      { threat: 'declarations' },
    ),
  ({ baseText }) =>
    mutation(
      'oversized-file',
      baseText.replace('<md:IDPSSODescriptor', `<!-- ${'padding '.repeat(17_000)}-->\n  <md:IDPSSODescriptor`),
      ['METADATA_FILE_TOO_LARGE'],
      { threat: 'size', source: 'file' },
    ),
  ({ baseText }) =>
    mutation(
      'deep-nesting',
      baseText.replace('</md:Extensions>', `${'<x:n xmlns:x="urn:x">'.repeat(200)}${'</x:n>'.repeat(200)}</md:Extensions>`),
      ['METADATA_TOO_COMPLEX'],
      { threat: 'complexity' },
    ),
  ({ baseText }) =>
    mutation(
      'many-attributes',
      baseText.replace('<md:Extensions>', `<md:Extensions ${Array.from({ length: 5000 }, (_, i) => `a${i}="${i}"`).join(' ')}>`),
      ['METADATA_TOO_COMPLEX'],
      { threat: 'complexity' },
    ),
  ({ baseText }) =>
    mutation(
      'many-unquoted-attributes',
      baseText.replace('<md:Extensions>', `<md:Extensions ${Array.from({ length: 5000 }, (_, i) => `a${i}=${i}`).join(' ')}>`),
      ['METADATA_TOO_COMPLEX'],
      { threat: 'complexity' },
    ),
  ({ baseText }) =>
    mutation(
      'many-valueless-attributes',
      baseText.replace('<md:Extensions>', `<md:Extensions ${Array.from({ length: 5000 }, (_, i) => `a${i}`).join(' ')}>`),
      ['METADATA_TOO_COMPLEX'],
      { threat: 'complexity' },
    ),
  ({ baseText }) =>
    mutation(
      'many-namespaces',
      baseText.replace(
        '<md:Extensions>',
        `<md:Extensions ${Array.from({ length: 2000 }, (_, i) => `xmlns:p${i}="urn:p:${i}"`).join(' ')}>`,
      ),
      ['METADATA_TOO_COMPLEX'],
      { threat: 'complexity' },
    ),
  ({ base }) =>
    mutation(
      'aggregate',
      metadata({
        ...base,
        wrapper: (e) =>
          `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" Name="urn:federation:example">\n${e.replace(' xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"', '')}\n${e
            .replace(' xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"', '')
            .replace('idp.university.example/idp/shibboleth', 'idp.other.example/idp/shibboleth')}\n</md:EntitiesDescriptor>`,
      }),
      ['METADATA_AGGREGATE'],
      { threat: 'aggregate' },
    ),
  ({ baseText }) =>
    mutation(
      'two-entity-descriptors',
      `${baseText}${baseText.replace('<?xml version="1.0" encoding="UTF-8"?>\n', '')}`,
      ['METADATA_AGGREGATE'],
      { threat: 'aggregate' },
    ),
  ({ baseText }) =>
    mutation(
      'no-idp-descriptor',
      baseText.replace(
        /<md:IDPSSODescriptor[\s\S]*<\/md:IDPSSODescriptor>/,
        `<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
      <md:AssertionConsumerService Binding="${B.post}" Location="https://sp.example/acs" index="0"/>
    </md:SPSSODescriptor>`,
      ),
      ['METADATA_NO_IDP_DESCRIPTOR'],
      { threat: 'endpoints' },
    ),
  ({ base }) =>
    mutation('no-sso-endpoint', metadata({ ...base, sso: [] }), ['METADATA_NO_SSO_ENDPOINT'], { threat: 'endpoints' }),
  ({ base }) =>
    mutation(
      'post-binding-only',
      metadata({ ...base, sso: [[B.post, 'https://idp.university.example/idp/profile/SAML2/POST/SSO']] }),
      ['METADATA_NO_REDIRECT_BINDING'],
      { threat: 'endpoints' },
    ),
  ({ base }) =>
    mutation('no-signing-certificate', metadata({ ...base, keys: [] }), ['METADATA_NO_SIGNING_CERTIFICATE'], {
      threat: 'certificate',
    }),
  ({ base, baseCert }) =>
    mutation(
      'encryption-certificate-only',
      metadata({ ...base, keys: [{ use: 'encryption', cert: baseCert }] }),
      ['METADATA_NO_SIGNING_CERTIFICATE'],
      { threat: 'certificate' },
    ),
  ({ base }) =>
    mutation(
      'empty-certificate',
      metadata({ ...base, keys: [{ use: 'signing', cert: '' }] }),
      ['METADATA_CERTIFICATE_UNPARSEABLE'],
      {
        threat: 'certificate',
      },
    ),
  ({ base }) =>
    mutation(
      'garbage-certificate',
      metadata({
        ...base,
        keys: [{ use: 'signing', cert: Buffer.from('this is not a certificate at all, just text').toString('base64') }],
      }),
      ['METADATA_CERTIFICATE_UNPARSEABLE'],
      { threat: 'certificate' },
    ),
  ({ base, baseCert }) =>
    mutation(
      'truncated-certificate',
      metadata({ ...base, keys: [{ use: 'signing', cert: baseCert.slice(0, 400) }] }),
      ['METADATA_CERTIFICATE_UNPARSEABLE'],
      { threat: 'certificate' },
    ),
  async ({ base }) =>
    mutation(
      'expired-certificate',
      metadata({
        ...base,
        keys: [
          {
            use: 'signing',
            cert: await certificate({
              cn: 'idp.university.example',
              notBefore: '2023-01-01T00:00:00Z',
              notAfter: '2026-05-31T23:59:59Z',
            }),
          },
        ],
      }),
      ['METADATA_CERTIFICATE_EXPIRED'],
      { threat: 'certificate-expiry' },
    ),
  async ({ base }) =>
    mutation(
      'expiring-certificate',
      metadata({
        ...base,
        keys: [
          {
            use: 'signing',
            cert: await certificate({
              cn: 'idp.university.example',
              notBefore: '2023-07-01T00:00:00Z',
              notAfter: '2026-06-30T00:00:00Z',
            }),
          },
        ],
      }),
      ['METADATA_CERTIFICATE_EXPIRING'],
      { threat: 'certificate-expiry' },
    ),
  async ({ base, baseCert }) =>
    mutation(
      'one-of-two-certificates-expired',
      metadata({
        ...base,
        keys: [
          { use: 'signing', cert: baseCert },
          {
            use: 'signing',
            cert: await certificate({
              cn: 'idp.university.example old',
              notBefore: '2022-01-01T00:00:00Z',
              notAfter: '2026-01-01T00:00:00Z',
            }),
          },
        ],
      }),
      ['METADATA_CERTIFICATE_EXPIRED'],
      { threat: 'certificate-expiry' },
    ),
  async ({ base }) =>
    mutation(
      'not-yet-valid-certificate',
      metadata({
        ...base,
        keys: [
          {
            use: 'signing',
            cert: await certificate({
              cn: 'idp.university.example',
              notBefore: '2026-07-01T00:00:00Z',
              notAfter: '2030-07-01T00:00:00Z',
            }),
          },
        ],
      }),
      ['METADATA_CERTIFICATE_NOT_YET_VALID'],
    ),
  ({ base }) =>
    mutation('email-nameid-only', metadata({ ...base, nameIds: [N.email] }), ['METADATA_NAMEID_NOT_PERSISTENT'], {
      threat: 'name-id',
    }),
  ({ base }) =>
    mutation('transient-nameid-only', metadata({ ...base, nameIds: [N.transient] }), ['METADATA_NAMEID_NOT_PERSISTENT'], {
      threat: 'name-id',
    }),
  ({ base }) =>
    mutation(
      'email-and-transient-nameid',
      metadata({ ...base, nameIds: [N.email, N.transient] }),
      ['METADATA_NAMEID_NOT_PERSISTENT'],
      {
        threat: 'name-id',
      },
    ),
  ({ base }) => mutation('no-nameid-format', metadata({ ...base, nameIds: [] }), ['METADATA_NAMEID_FORMAT_MISSING']),
  ({ base }) => mutation('signed-requests-required', metadata({ ...base, want: true }), ['METADATA_SIGNED_REQUESTS_REQUIRED']),
  async ({ base }) =>
    mutation(
      'certificate-too-long',
      metadata({
        ...base,
        keys: [{ use: 'signing', cert: await certificate({ cn: 'idp.university.example', ...valid, padding: 2600 }) }],
      }),
      ['METADATA_CERTIFICATE_TOO_LONG'],
    ),
  async ({ base }) =>
    mutation(
      'weak-key',
      metadata({
        ...base,
        keys: [{ use: 'signing', cert: await certificate({ cn: 'idp.university.example', ...valid, bits: 1024 }) }],
      }),
      ['METADATA_CERTIFICATE_WEAK_KEY'],
    ),
  ({ baseText }) =>
    mutation('not-xml', baseText.replace('</md:EntityDescriptor>', ''), ['METADATA_NOT_XML'], { threat: 'well-formedness' }),
  (_) =>
    mutation(
      'html-page',
      '<!-- sign-in page -->\n<html><head><title>Sign in</title></head><body><form action="/login"></form></body></html>\n',
      ['METADATA_WRONG_ROOT'],
    ),
  ({ baseText }) =>
    mutation('wrong-namespace', baseText.replaceAll('urn:oasis:names:tc:SAML:2.0:metadata', 'urn:example:not-saml'), [
      'METADATA_WRONG_ROOT',
    ]),
  ({ baseText }) =>
    mutation(
      'unquoted-attribute',
      baseText.replace('<md:KeyDescriptor use="signing">', '<md:KeyDescriptor use=signing>'),
      ['METADATA_NOT_XML'],
      { threat: 'well-formedness' },
    ),
  ({ baseText }) =>
    mutation(
      'attributes-without-space',
      baseText.replace('<md:KeyDescriptor use="signing">', '<md:KeyDescriptor use="signing"xml:lang="en">'),
      ['METADATA_NOT_XML'],
      { threat: 'well-formedness' },
    ),
  ({ baseText }) =>
    mutation('missing-entity-id', baseText.replace(' entityID="https://idp.university.example/idp/shibboleth"', ''), [
      'METADATA_ENTITY_ID_MISSING',
    ]),
  ({ base }) =>
    mutation(
      'http-sso-endpoint',
      metadata({ ...base, sso: [[B.redirect, 'http://idp.university.example/idp/profile/SAML2/Redirect/SSO']] }),
      ['METADATA_SSO_NOT_HTTPS'],
    ),
  ({ base }) =>
    mutation('saml1-only', metadata({ ...base, protocol: 'urn:mace:shibboleth:1.0 urn:oasis:names:tc:SAML:1.1:protocol' }), [
      'METADATA_NOT_SAML2',
    ]),
  ({ base }) =>
    mutation('valid-until-passed', metadata({ ...base, rootExtra: ' validUntil="2026-03-01T00:00:00Z"' }), [
      'METADATA_VALID_UNTIL_PASSED',
    ]),
  ({ base }) => mutation('no-slo-endpoint', metadata({ ...base, slo: [] }), ['METADATA_NO_SLO_ENDPOINT']),
  (_) => mutation('empty', '   \n', ['METADATA_EMPTY']),
  // Real vendors' downloads (issue 16): one mutation of a sound fixture each.
  ({ textOf }) =>
    mutation(
      'jumpcloud-post-only',
      textOf('jumpcloud').replace(B.redirect, B.post),
      ['METADATA_NO_REDIRECT_BINDING', 'METADATA_NO_SLO_ENDPOINT', 'METADATA_VENDOR_DEFAULT_NAMEID'],
      { threat: 'endpoints' },
    ),
  ({ textOf }) =>
    mutation(
      'entra-multi-tenant',
      textOf('entra').replace(
        /entityID="https:\/\/sts\.windows\.net\/[^/]+\/"/,
        'entityID="https://sts.windows.net/{tenantid}/"',
      ),
      ['METADATA_ENTITY_ID_PLACEHOLDER', 'METADATA_VENDOR_DEFAULT_NAMEID'],
    ),
  ({ base }) =>
    mutation(
      'single-entity-aggregate',
      metadata({
        ...base,
        wrapper: (e) =>
          `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" Name="urn:federation:example">\n${e.replace(' xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"', '')}\n</md:EntitiesDescriptor>`,
      }),
      ['METADATA_SINGLE_ENTITY_WRAPPED'],
      { threat: 'aggregate' },
    ),
  ({ base }) =>
    mutation(
      'http-on-every-binding',
      metadata({
        ...base,
        sso: [B.post, B.redirect, B.soap, B.artifact].map((b): [string, string] => [b, 'http://idp.university.example/idp/SSO']),
      }),
      ['METADATA_SSO_NOT_HTTPS'],
    ),
  ({ base }) =>
    mutation(
      'http-soap-and-artifact-only',
      metadata({
        ...base,
        sso: [
          ...base.sso,
          [B.soap, 'http://idp.university.example/idp/profile/SAML2/SOAP/ECP'],
          [B.artifact, 'http://idp.university.example/idp/profile/SAML2/Artifact/SSO'],
        ],
      }),
      [],
    ),
  ({ baseText }) =>
    mutation(
      'no-namespace',
      baseText.replaceAll('<md:', '<').replaceAll('</md:', '</').replace(' xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"', ''),
      ['METADATA_NAMESPACE_MISSING'],
    ),
];

async function main() {
  const vendors = await Promise.all(VENDORS.map((row) => row()));
  const base = await soundDocument();
  const textOf = (folder: string) => vendors.find((f) => f.folder === folder)?.text ?? '';
  const from: MutationBase = { base, baseCert: base.keys[0]?.cert ?? '', baseText: metadata(base), textOf };
  const fixtures = [...vendors, ...(await Promise.all(MUTATIONS.map((row) => row(from))))];

  rmSync(root, { recursive: true, force: true });
  for (const f of fixtures) {
    const dir = join(root, f.folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'metadata.xml'), f.text);
    writeFileSync(
      join(dir, 'expected.json'),
      `${JSON.stringify({ ...f.expected, codes: [...f.expected.codes].sort() }, null, 2)}\n`,
    );
  }
  console.log(`Wrote ${fixtures.length} fixtures under ${root}`);
}

await main();
