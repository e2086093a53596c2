import { X509Certificate } from 'node:crypto';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { invalidParameter } from './errors.ts';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
export const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
export const POST_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

/** What the stand-in needs from an IdP's metadata. */
export interface SamlIdpMetadata {
  entityId: string;
  ssoRedirectUrl: string;
  sloRedirectUrl?: string;
  wantAuthnRequestsSigned: boolean;
  /** Base64 DER signing certificates. */
  signingCertificates: string[];
}

/** Parses XML refusing any DOCTYPE (no entity expansion, no external fetch) and any malformed input. */
export function parseXmlStrict(xml: string): Document {
  if (/<!DOCTYPE/i.test(xml)) throw new Error('DOCTYPE is not allowed');
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(message);
    },
  }).parseFromString(xml, 'text/xml');
  if (errors.length || !doc.documentElement) throw new Error(errors[0] ?? 'not XML');
  return doc;
}

function children(parent: Element, ns: string, name: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === name)
      out.push(node as Element);
  }
  return out;
}

/**
 * Reads SAML IdP metadata the way Cognito's CreateIdentityProvider does: one EntityDescriptor with an
 * IDPSSODescriptor, an HTTP-Redirect SSO endpoint (Cognito sends AuthnRequests by redirect) and signing
 * certificates, none expired at `now`, each at most 4,096 characters. Throws InvalidParameterException.
 */
export function readSamlIdpMetadata(xml: string, now: Date): SamlIdpMetadata {
  let root: Element;
  try {
    root = parseXmlStrict(xml).documentElement as Element;
  } catch (error) {
    throw invalidParameter(`Unable to parse the metadata file: ${(error as Error).message}`);
  }
  if (root.namespaceURI !== MD || root.localName !== 'EntityDescriptor') {
    throw invalidParameter('The metadata must have a single EntityDescriptor as its root element.');
  }
  const entityId = root.getAttribute('entityID') ?? '';
  if (!entityId) throw invalidParameter('The metadata EntityDescriptor has no entityID.');
  const idp = children(root, MD, 'IDPSSODescriptor')[0];
  if (!idp) throw invalidParameter('The metadata has no IDPSSODescriptor.');
  const sso = children(idp, MD, 'SingleSignOnService').find((e) => e.getAttribute('Binding') === REDIRECT_BINDING);
  const ssoRedirectUrl = sso?.getAttribute('Location') ?? '';
  if (!ssoRedirectUrl) throw invalidParameter('The metadata has no SingleSignOnService with the HTTP-Redirect binding.');
  const slo = children(idp, MD, 'SingleLogoutService').find((e) => e.getAttribute('Binding') === REDIRECT_BINDING);
  const signingCertificates: string[] = [];
  for (const key of children(idp, MD, 'KeyDescriptor')) {
    const use = key.getAttribute('use');
    if (use && use !== 'signing') continue;
    for (const info of children(key, DS, 'KeyInfo')) {
      for (const data of children(info, DS, 'X509Data')) {
        for (const cert of children(data, DS, 'X509Certificate')) {
          signingCertificates.push((cert.textContent ?? '').replace(/\s+/g, ''));
        }
      }
    }
  }
  if (!signingCertificates.length) throw invalidParameter('The metadata has no signing certificate.');
  for (const base64 of signingCertificates) {
    if (base64.length > 4096) throw invalidParameter('Signing certificates must be at most 4096 characters.');
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(Buffer.from(base64, 'base64'));
    } catch {
      throw invalidParameter('Unable to parse a signing certificate in the metadata.');
    }
    // Cognito's wording is plural; whether one expired certificate among valid ones is refused is
    // unconfirmed, so any expired one is (the stricter reading).
    if (new Date(certificate.validTo).getTime() <= now.getTime()) throw invalidParameter('Signing certificates are expired');
    // AWS documents only that the signing certificate "must not be expired" (developer guide, things to know
    // about SAML IdPs). A certificate not valid yet is not expired: refused here, the stricter reading, with
    // its own words rather than Cognito's "expired" (which would send the admin the wrong way).
    if (new Date(certificate.validFrom).getTime() > now.getTime()) {
      throw invalidParameter('Signing certificates are not yet valid');
    }
  }
  const slorUrl = slo?.getAttribute('Location');
  return {
    entityId,
    ssoRedirectUrl,
    ...(slorUrl ? { sloRedirectUrl: slorUrl } : {}),
    wantAuthnRequestsSigned: idp.getAttribute('WantAuthnRequestsSigned') === 'true',
    signingCertificates,
  };
}
