import { randomUUID } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import type { TestCertificate } from './certificates.ts';

export const IDP_ENTITY_ID = 'https://idp.fixture.example/saml';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/** IdP metadata for the fixture's certificate. */
export function fixtureMetadata(cert: TestCertificate, entityId = IDP_ENTITY_ID): string {
  return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${cert.certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.fixture.example/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

/** The AuthnRequest ID carried by an HTTP-Redirect URL. */
export function authnRequestId(redirectUrl: string): string {
  const request = new URL(redirectUrl).searchParams.get('SAMLRequest') ?? '';
  const xml = inflateRawSync(Buffer.from(request, 'base64')).toString('utf8');
  return /\sID="([^"]+)"/.exec(xml)?.[1] ?? '';
}

export interface ResponseOptions {
  inResponseTo: string;
  acs: string;
  audience: string;
  nameId?: string;
  issuer?: string;
  assertionIssuer?: string;
  destination?: string;
  recipient?: string;
  subjectInResponseTo?: string;
  status?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  subjectNotOnOrAfter?: Date;
  attributes?: Record<string, string | string[]>;
  /** Key that signs the assertion (default the IdP's). */
  signer?: TestCertificate;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Builds an unsigned SAML Response and its assertion ID. NameID is inserted raw so tests can add comments. */
export function unsignedResponse(o: ResponseOptions): { xml: string; assertionId: string } {
  const now = Date.now();
  const assertionId = `_a${randomUUID()}`;
  const attributes = Object.entries(o.attributes ?? { email: 'alice@example.com' })
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${escapeXml(name)}">${(Array.isArray(values) ? values : [values])
          .map((v) => `<saml:AttributeValue>${escapeXml(v)}</saml:AttributeValue>`)
          .join('')}</saml:Attribute>`,
    )
    .join('');
  const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomUUID()}" Version="2.0" IssueInstant="${iso(new Date(now))}" Destination="${escapeXml(o.destination ?? o.acs)}" InResponseTo="${escapeXml(o.inResponseTo)}"><saml:Issuer>${escapeXml(o.issuer ?? IDP_ENTITY_ID)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${o.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></samlp:Status><saml:Assertion ID="${assertionId}" Version="2.0" IssueInstant="${iso(new Date(now))}"><saml:Issuer>${escapeXml(o.assertionIssuer ?? o.issuer ?? IDP_ENTITY_ID)}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${o.nameId ?? 'user-0001'}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${escapeXml(o.subjectInResponseTo ?? o.inResponseTo)}" Recipient="${escapeXml(o.recipient ?? o.acs)}" NotOnOrAfter="${iso(o.subjectNotOnOrAfter ?? new Date(now + 300_000))}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${iso(o.notBefore ?? new Date(now - 60_000))}" NotOnOrAfter="${iso(o.notOnOrAfter ?? new Date(now + 300_000))}"><saml:AudienceRestriction><saml:Audience>${escapeXml(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${iso(new Date(now))}" SessionIndex="${assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>${attributes}</saml:AttributeStatement></saml:Assertion></samlp:Response>`;
  return { xml, assertionId };
}

/** Signs the Assertion (enveloped, exclusive c14n, RSA-SHA256), signature placed after its Issuer. */
export function signAssertion(xml: string, signer: TestCertificate): string {
  const sig = new SignedXml({
    privateKey: signer.privateKeyPem,
    publicCert: signer.pem,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  sig.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    digestAlgorithm: SHA256,
    transforms: [ENVELOPED, EXC_C14N],
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
  });
  return sig.getSignedXml();
}

/** A signed response, base64 as the form carries it. */
export function signedResponse(o: ResponseOptions, idp: TestCertificate): string {
  return Buffer.from(signAssertion(unsignedResponse(o).xml, o.signer ?? idp)).toString('base64');
}
