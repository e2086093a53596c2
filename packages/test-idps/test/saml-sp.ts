import * as xmllint from '@authenio/samlify-node-xmllint';
import { DOMParser } from '@xmldom/xmldom';
// samlify is CommonJS marked __esModule: runtimes disagree on its default export, never on the named ones.
import * as samlify from 'samlify';
import { SignedXml } from 'xml-crypto';
import { certificateBody } from '../src/certificate.ts';
import type { TestSamlIdp } from '../src/index.ts';
import { parseLoginForm, UserAgent } from './user-agent.ts';

samlify.setSchemaValidator(xmllint);

export const SP_ENTITY_ID = 'urn:amazon:cognito:sp:eu-west-1_TestPool1';
export const ACS_URL = 'https://auth.sp.example/saml2/idpresponse';
export const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
export const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';

/**
 * xmllint (libxml2 compiled to JavaScript) spends seconds of CPU on its first validation, and far more on
 * a loaded machine; paying that once, in a hook with room for it, keeps every test's own timeout honest.
 */
export async function warmUpSchemaValidator(): Promise<void> {
  await xmllint
    .validate(`<samlp:AuthnRequest xmlns:samlp="${SAMLP}" ID="_warm" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"/>`)
    .catch(() => undefined);
}

/** A service provider built with samlify, as a relying party like Cognito would configure one. */
export function serviceProvider(
  options: { entityId?: string; acsUrl?: string; privateKeyPem?: string; certificatePem?: string } = {},
) {
  return samlify.ServiceProvider({
    entityID: options.entityId ?? SP_ENTITY_ID,
    assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: options.acsUrl ?? ACS_URL }],
    ...(options.privateKeyPem
      ? { privateKey: options.privateKeyPem, signingCert: options.certificatePem, authnRequestsSigned: true }
      : {}),
    wantAssertionsSigned: true,
  });
}

/** The IdP as an SP knows it: from its published metadata only. */
export async function idpFromMetadata(idp: TestSamlIdp) {
  const xml = await (await fetch(idp.metadataUrl)).text();
  return samlify.IdentityProvider({ metadata: xml });
}

export interface SamlRoundTrip {
  requestId: string;
  /** The page the IdP answered the AuthnRequest with. */
  ssoResponse: Response;
  form?: { action: string; samlResponse: string; relayState?: string; html: string };
  xml?: string;
  doc?: Document;
}

/** Sends an SP-initiated AuthnRequest by HTTP-Redirect and, when the IdP shows its sign-in page, picks `username`. */
export async function roundTrip(
  idp: TestSamlIdp,
  sp: ReturnType<typeof serviceProvider>,
  username: string,
  relayState = 'state-123',
  adjustUrl: (url: string) => string = (url) => url,
): Promise<SamlRoundTrip> {
  const metadataIdp = await idpFromMetadata(idp);
  const request = sp.createLoginRequest(metadataIdp, 'redirect', { relayState }) as { id: string; context: string };
  const agent = new UserAgent();
  const ssoResponse = await agent.request(adjustUrl(request.context));
  if (ssoResponse.status !== 200) return { requestId: request.id, ssoResponse };
  const login = parseLoginForm(await ssoResponse.text());
  const posted = await agent.request(new URL(login.action, idp.ssoUrl).toString(), {
    form: { ...login.hidden, username },
  });
  const html = await posted.text();
  const form = parseLoginForm(html);
  const samlResponse = form.hidden.SAMLResponse ?? '';
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  return {
    requestId: request.id,
    ssoResponse,
    form: { action: form.action, samlResponse, relayState: form.hidden.RelayState, html },
    xml,
    doc: new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document,
  };
}

/** samlify's verdict on a response, as a relying party's ACS would get it. */
export async function parseAtSp(idp: TestSamlIdp, sp: ReturnType<typeof serviceProvider>, samlResponse: string) {
  return sp.parseLoginResponse(await idpFromMetadata(idp), 'post', { body: { SAMLResponse: samlResponse } });
}

/** Verifies every Signature in the document with xml-crypto against the given certificate. */
export function signaturesVerify(xml: string, certificatePem: string): boolean[] {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  return Array.from(doc.getElementsByTagNameNS(DSIG, 'Signature')).map((signature) => {
    const verifier = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null });
    verifier.loadSignature(signature as unknown as Node);
    try {
      return verifier.checkSignature(xml);
    } catch {
      return false;
    }
  });
}

export function text(doc: Document | undefined, ns: string, name: string): string[] {
  return Array.from(doc?.getElementsByTagNameNS(ns, name) ?? []).map((node) => node.textContent ?? '');
}

export function attr(doc: Document | undefined, ns: string, name: string, attribute: string): string[] {
  return Array.from(doc?.getElementsByTagNameNS(ns, name) ?? []).map((node) => node.getAttribute(attribute) ?? '');
}

/** The certificate PEM as an SP reads it from metadata. */
export function pemFromBody(body: string): string {
  return `-----BEGIN CERTIFICATE-----\n${certificateBody(body)
    .match(/.{1,64}/g)
    ?.join('\n')}\n-----END CERTIFICATE-----\n`;
}
