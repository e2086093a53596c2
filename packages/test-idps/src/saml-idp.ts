import { createVerify, randomBytes, X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inflateRawSync } from 'node:zlib';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
// samlify is CommonJS marked __esModule: runtimes disagree on its default export, never on the named ones.
import * as samlify from 'samlify';
import { certificateBody, generateSigningMaterial } from './certificate.ts';
import { autoPostPage, errorPage, escapeXml, loginPage, sendHtml, signedOutPage } from './html.ts';
import { listen, readForm } from './http.ts';
import {
  NAME_ID_FORMAT_URIS,
  type SamlAttribute,
  type SamlNameIdFormat,
  type SamlShape,
  samlAttributes,
} from './saml-attributes.ts';
import { DEMO_USERS, type DemoUser, findUserByUsername } from './users.ts';

const { binding } = samlify.Constants.namespace;
const { algorithms } = samlify.Constants;

/** What the next responses look like: `normal`, or broken on purpose for failure tests. */
export type SamlBehaviour = 'normal' | 'expired' | 'wrong-audience' | 'unsigned' | 'wrong-issuer' | 'bad-signature';

/** What the metadata URL serves, for monitoring tests. */
export type SamlMetadataBehaviour = 'normal' | 'not-xml' | 'unavailable';

/** A service provider the SAML IdP will answer. */
export interface SamlServiceProvider {
  /** e.g. urn:amazon:cognito:sp:<poolId>. */
  entityId: string;
  /** Where the IdP POSTs the response (HTTP-POST binding). */
  acsUrl: string;
  /** Certificate (PEM or base64 DER) that signs this SP's AuthnRequests, when it signs them. */
  signingCertificate?: string;
  /**
   * Certificate (PEM or base64 DER) to encrypt assertions to, e.g. Cognito's `ActiveEncryptionCertificate`:
   * when given, the signed assertion is sent as an EncryptedAssertion (AES-256-CBC, key by RSA-OAEP).
   */
  encryptionCertificate?: string;
}

/** A running SAML IdP. */
export interface TestSamlIdp {
  entityId: string;
  /** GET returns the IdP metadata XML. */
  metadataUrl: string;
  /** The same document as a string. */
  metadataXml(): string;
  /** HTTP-Redirect SSO endpoint. */
  ssoUrl: string;
  /** The current signing certificate (a new one after rotateSigningKey). */
  readonly signingCertificatePem: string;
  /**
   * Replaces the signing key and its certificate, as an IdP's key rollover does: the metadata and every
   * later response use the new one. Resolves to the new certificate (PEM).
   */
  rotateSigningKey(options?: { certificate?: { notBefore?: Date; notAfter?: Date } }): Promise<string>;
  /** What GET /metadata answers: the metadata, a page that is no SAML metadata, or HTTP 503. */
  setMetadataBehaviour(behaviour: SamlMetadataBehaviour): void;
  registerServiceProvider(sp: SamlServiceProvider): void;
  /**
   * The base64 SAMLResponse this IdP would post for `username` to a registered service provider, as a
   * browser tool captures it: for tests of what an admin pastes. Unsolicited (no InResponseTo request).
   */
  issueResponse(spEntityId: string, username: string): Promise<string>;
  /** Switch what the next responses look like, for failure tests. */
  setBehaviour(behaviour: SamlBehaviour): void;
  stop(): Promise<void>;
}

/** Options of {@link startSamlIdp}. */
export interface SamlIdpOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  users?: DemoUser[];
  /** Attribute names like that vendor's; default 'generic'. */
  shape?: SamlShape;
  /** Default 'persistent' (the user's immutable id). */
  nameIdFormat?: SamlNameIdFormat;
  /** Sign the whole response as well; the assertion is always signed. Default false. */
  signResponse?: boolean;
  /** Default false. */
  wantAuthnRequestsSigned?: boolean;
  serviceProviders?: SamlServiceProvider[];
  /** Certificate validity for the generated signing key, for expiry tests. */
  certificate?: { notBefore?: Date; notAfter?: Date };
}

/** Why the IdP refused a request; shown on its error page and in the `x-error-code` header. */
export type SamlIdpErrorCode =
  | 'AUTHN_REQUEST_MISSING'
  | 'AUTHN_REQUEST_INVALID'
  | 'UNKNOWN_SERVICE_PROVIDER'
  | 'AUTHN_REQUEST_UNSIGNED'
  | 'AUTHN_REQUEST_SIGNATURE_INVALID'
  | 'AUTHN_REQUEST_SIGNATURE_UNVERIFIABLE'
  | 'ACS_URL_MISMATCH'
  | 'LOGIN_REQUEST_UNKNOWN'
  | 'UNKNOWN_USER'
  | 'NOT_FOUND';

const IDP_NAME = 'Gatehouse test SAML IdP';
/** How long a response stays valid, as most IdPs issue them. */
const VALIDITY_MS = 5 * 60 * 1000;
/** How long the sign-in page waits for a click before the request is forgotten. */
const PENDING_TTL_MS = 30 * 60 * 1000;
const WRONG_AUDIENCE = 'urn:gatehouse:test-idps:another-service-provider';
const MAX_AUTHN_REQUEST_BYTES = 64 * 1024;

class SamlIdpError extends Error {
  constructor(
    readonly code: SamlIdpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface PendingLogin {
  sp: SamlServiceProvider;
  requestId: string;
  relayState: string | undefined;
  expiresAt: number;
}

function newId(): string {
  return `_${randomBytes(20).toString('hex')}`;
}

/**
 * The raw, still percent-encoded parameters in the order the HTTP-Redirect binding signs them
 * (saml-bindings 3.4.4.1): the signature covers these bytes exactly as they travelled.
 */
function signedOctetString(rawQuery: string): string {
  const raw = new Map<string, string>();
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) raw.set(part.slice(0, eq), part);
  }
  return ['SAMLRequest', 'RelayState', 'SigAlg']
    .map((name) => raw.get(name))
    .filter((part): part is string => part !== undefined)
    .join('&');
}

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
/** The only request signature algorithm accepted, as Cognito signs with nothing else. */
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

interface AuthnRequest {
  id: string;
  issuer: string;
  destination: string | undefined;
  acsUrl: string | undefined;
}

/**
 * Reads an HTTP-Redirect AuthnRequest. samlify's own parser needs a process-wide schema validator (and
 * xmllint costs seconds of start-up); this IdP only needs four values, so it parses strictly itself and
 * leaves samlify's validator setting alone for whatever else runs in the process.
 */
function parseAuthnRequest(samlRequest: string): AuthnRequest {
  const invalid = (why: string) => new SamlIdpError('AUTHN_REQUEST_INVALID', `The AuthnRequest is invalid: ${why}.`);
  let xml: string;
  try {
    xml = inflateRawSync(Buffer.from(samlRequest, 'base64'), { maxOutputLength: MAX_AUTHN_REQUEST_BYTES }).toString('utf8');
  } catch {
    throw invalid('not deflated base64 within 64 KiB');
  }
  // A DOCTYPE can carry entity expansion; no legitimate AuthnRequest has one.
  if (/<!DOCTYPE/i.test(xml)) throw invalid('it has a DOCTYPE');
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(message);
    },
  }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (errors.length || !root) throw invalid('not well-formed XML');
  if (root.namespaceURI !== PROTOCOL_NS || root.localName !== 'AuthnRequest') throw invalid('the root is not an AuthnRequest');
  const id = root.getAttribute('ID');
  if (!id || root.getAttribute('Version') !== '2.0') throw invalid('no ID or not version 2.0');
  const issuers = Array.from(root.getElementsByTagNameNS(ASSERTION_NS, 'Issuer')).filter((node) => node.parentNode === root);
  const issuer = issuers.length === 1 ? (issuers[0]?.textContent ?? '').trim() : '';
  if (!issuer) throw invalid('no single Issuer');
  return {
    id,
    issuer,
    destination: root.getAttribute('Destination') ?? undefined,
    acsUrl: root.getAttribute('AssertionConsumerServiceURL') ?? undefined,
  };
}

/** Checks the HTTP-Redirect binding signature over the parameters exactly as they were sent. */
function verifyRedirectSignature(url: URL, certificate: string): void {
  const sigAlg = url.searchParams.get('SigAlg');
  const signature = url.searchParams.get('Signature');
  if (!sigAlg || !signature) throw new SamlIdpError('AUTHN_REQUEST_UNSIGNED', 'The AuthnRequest is not signed.');
  if (sigAlg !== RSA_SHA256) throw new SamlIdpError('AUTHN_REQUEST_SIGNATURE_INVALID', 'Only RSA-SHA256 is accepted.');
  const publicKey = new X509Certificate(Buffer.from(certificateBody(certificate), 'base64')).publicKey;
  const verified = createVerify('RSA-SHA256')
    .update(signedOctetString(url.search.slice(1)))
    .verify(publicKey, Buffer.from(signature, 'base64'));
  if (!verified) throw new SamlIdpError('AUTHN_REQUEST_SIGNATURE_INVALID', 'The AuthnRequest signature does not verify.');
}

function attributeXml(attribute: SamlAttribute): string {
  const nameFormat = attribute.nameFormat ? ` NameFormat="${escapeXml(attribute.nameFormat)}"` : '';
  const values = attribute.values
    .map((value) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(value)}</saml:AttributeValue>`)
    .join('');
  return `<saml:Attribute Name="${escapeXml(attribute.name)}"${nameFormat}>${values}</saml:Attribute>`;
}

interface ResponseFields {
  responseId: string;
  assertionId: string;
  issuer: string;
  destination: string;
  inResponseTo: string;
  audience: string;
  nameIdFormat: string;
  nameId: string;
  issueInstant: Date;
  notBefore: Date;
  notOnOrAfter: Date;
  sessionIndex: string;
  attributes: SamlAttribute[];
}

/** The unsigned Response; samlify signs it afterwards. */
function responseXml(fields: ResponseFields): string {
  const at = (date: Date) => date.toISOString();
  const attributes = fields.attributes.length
    ? `<saml:AttributeStatement>${fields.attributes.map(attributeXml).join('')}</saml:AttributeStatement>`
    : '';
  const e = escapeXml;
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"` +
    ` ID="${fields.responseId}" Version="2.0" IssueInstant="${at(fields.issueInstant)}" Destination="${e(fields.destination)}"` +
    ` InResponseTo="${e(fields.inResponseTo)}">` +
    `<saml:Issuer>${e(fields.issuer)}</saml:Issuer>` +
    '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>' +
    `<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema"` +
    ` ID="${fields.assertionId}" Version="2.0" IssueInstant="${at(fields.issueInstant)}">` +
    `<saml:Issuer>${e(fields.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${e(fields.nameIdFormat)}">${e(fields.nameId)}</saml:NameID>` +
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
    `<saml:SubjectConfirmationData NotOnOrAfter="${at(fields.notOnOrAfter)}" Recipient="${e(fields.destination)}"` +
    ` InResponseTo="${e(fields.inResponseTo)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${at(fields.notBefore)}" NotOnOrAfter="${at(fields.notOnOrAfter)}">` +
    `<saml:AudienceRestriction><saml:Audience>${e(fields.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${at(fields.issueInstant)}" SessionIndex="${fields.sessionIndex}">` +
    '<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef>' +
    `</saml:AuthnContext></saml:AuthnStatement>${attributes}</saml:Assertion></samlp:Response>`
  );
}

const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';

/** Damages a signed response after signing, the way a broken or hostile hop would. */
function breakSignedResponse(xml: string, behaviour: 'unsigned' | 'bad-signature'): string {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  if (behaviour === 'unsigned') {
    for (const signature of Array.from(doc.getElementsByTagNameNS(DSIG_NS, 'Signature'))) {
      signature.parentNode?.removeChild(signature);
    }
  } else {
    // Changing the signed subject after signing: every digest over the assertion stops matching.
    const nameId = doc.getElementsByTagNameNS(ASSERTION_NS, 'NameID').item(0);
    if (nameId) nameId.textContent = `${nameId.textContent ?? ''}-tampered`;
  }
  return new XMLSerializer().serializeToString(doc);
}

/**
 * Starts a SAML 2.0 IdP (samlify) on 127.0.0.1: metadata, SP-initiated SSO by HTTP-Redirect, a sign-in
 * page listing the demo users, and responses by HTTP-POST with a signed assertion, shaped like Entra ID,
 * Okta, Google Workspace or a generic IdP. A fresh RSA key and self-signed certificate are made at start.
 */
export async function startSamlIdp(options: SamlIdpOptions = {}): Promise<TestSamlIdp> {
  const users = options.users ?? DEMO_USERS;
  const shape = options.shape ?? 'generic';
  const nameIdFormat = options.nameIdFormat ?? 'persistent';
  const signResponse = options.signResponse ?? false;
  const wantAuthnRequestsSigned = options.wantAuthnRequestsSigned ?? false;
  const serviceProviders = new Map<string, SamlServiceProvider>();
  for (const sp of options.serviceProviders ?? []) serviceProviders.set(sp.entityId, sp);
  const pending = new Map<string, PendingLogin>();
  let behaviour: SamlBehaviour = 'normal';

  const listening = await listen(options.host ?? '127.0.0.1', options.port ?? 0);
  const entityId = `${listening.url}/metadata`;
  const ssoUrl = `${listening.url}/sso`;
  // Published as real IdPs do (Entra, Okta, Google); samlify also warns on the console without one.
  const sloUrl = `${listening.url}/slo`;
  const commonName = `${IDP_NAME} ${new URL(listening.url).host}`;
  let metadataBehaviour: SamlMetadataBehaviour = 'normal';
  let keys = await generateSigningMaterial({ commonName, ...options.certificate });
  const identityProvider = (encrypt = false) =>
    samlify.IdentityProvider({
      isAssertionEncrypted: encrypt,
      entityID: entityId,
      privateKey: keys.privateKeyPem,
      signingCert: keys.certificatePem,
      wantAuthnRequestsSigned,
      requestSignatureAlgorithm: algorithms.signature.RSA_SHA256,
      nameIDFormat: [NAME_ID_FORMAT_URIS[nameIdFormat]],
      singleSignOnService: [{ Binding: binding.redirect, Location: ssoUrl }],
      singleLogoutService: [{ Binding: binding.redirect, Location: sloUrl }],
    });
  let idp = identityProvider();
  let metadataXml = idp.getMetadata();

  function samlifySp(sp: SamlServiceProvider) {
    return samlify.ServiceProvider({
      entityID: sp.entityId,
      assertionConsumerService: [{ Binding: binding.post, Location: sp.acsUrl }],
      ...(sp.encryptionCertificate
        ? { encryptCert: `-----BEGIN CERTIFICATE-----\n${certificateBody(sp.encryptionCertificate)}\n-----END CERTIFICATE-----` }
        : {}),
      wantAssertionsSigned: true,
      wantMessageSigned: signResponse,
    });
  }

  async function handleSso(res: ServerResponse, url: URL): Promise<void> {
    const samlRequest = url.searchParams.get('SAMLRequest');
    if (!samlRequest) throw new SamlIdpError('AUTHN_REQUEST_MISSING', 'No SAMLRequest in the URL.');
    const request = parseAuthnRequest(samlRequest);
    const sp = serviceProviders.get(request.issuer);
    if (!sp) throw new SamlIdpError('UNKNOWN_SERVICE_PROVIDER', `No service provider ${request.issuer} is registered.`);
    if (wantAuthnRequestsSigned) {
      if (!sp.signingCertificate) {
        throw new SamlIdpError(
          'AUTHN_REQUEST_SIGNATURE_UNVERIFIABLE',
          'Signed requests are required, but this SP has no certificate.',
        );
      }
      verifyRedirectSignature(url, sp.signingCertificate);
    }
    if (request.destination !== undefined && request.destination !== ssoUrl) {
      throw new SamlIdpError('AUTHN_REQUEST_INVALID', 'The AuthnRequest is addressed to another endpoint.');
    }
    if (request.acsUrl !== undefined && request.acsUrl !== sp.acsUrl) {
      throw new SamlIdpError('ACS_URL_MISMATCH', 'The AuthnRequest asks for an ACS URL this SP did not register.');
    }
    const now = Date.now();
    for (const [key, entry] of pending) if (entry.expiresAt <= now) pending.delete(key);
    const pendingId = randomBytes(16).toString('hex');
    pending.set(pendingId, {
      sp,
      requestId: request.id,
      relayState: url.searchParams.get('RelayState') ?? undefined,
      expiresAt: now + PENDING_TTL_MS,
    });
    sendHtml(
      res,
      200,
      loginPage({ idpName: IDP_NAME, action: '/sso/login', users, hidden: { request: pendingId }, clientName: sp.entityId }),
    );
  }

  async function buildResponse(login: PendingLogin, user: DemoUser): Promise<string> {
    const now = Date.now();
    const issuedAt = behaviour === 'expired' ? now - 60 * 60 * 1000 : now;
    const fields: ResponseFields = {
      responseId: newId(),
      assertionId: newId(),
      issuer: behaviour === 'wrong-issuer' ? `${listening.url}/another-idp` : entityId,
      destination: login.sp.acsUrl,
      inResponseTo: login.requestId,
      audience: behaviour === 'wrong-audience' ? WRONG_AUDIENCE : login.sp.entityId,
      nameIdFormat: NAME_ID_FORMAT_URIS[nameIdFormat],
      nameId: nameIdFormat === 'persistent' ? user.id : nameIdFormat === 'email' ? user.email : newId(),
      issueInstant: new Date(issuedAt),
      notBefore: new Date(issuedAt),
      notOnOrAfter: new Date(issuedAt + VALIDITY_MS),
      sessionIndex: newId(),
      attributes: samlAttributes(user, shape),
    };
    const signer = login.sp.encryptionCertificate ? identityProvider(true) : idp;
    const built = await signer.createLoginResponse(
      samlifySp(login.sp),
      { extract: { request: { id: login.requestId } } },
      'post',
      { email: user.email },
      { customTagReplacement: () => ({ id: fields.responseId, context: responseXml(fields) }) },
    );
    if (behaviour !== 'unsigned' && behaviour !== 'bad-signature') return built.context;
    const broken = breakSignedResponse(Buffer.from(built.context, 'base64').toString('utf8'), behaviour);
    return Buffer.from(broken, 'utf8').toString('base64');
  }

  async function handleLogin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const login = pending.get(form.get('request') ?? '');
    if (!login || login.expiresAt <= Date.now()) {
      throw new SamlIdpError('LOGIN_REQUEST_UNKNOWN', 'This sign-in has expired; start again from the application.');
    }
    const user = findUserByUsername(users, form.get('username') ?? '');
    if (!user) throw new SamlIdpError('UNKNOWN_USER', 'No such demo user.');
    pending.delete(form.get('request') ?? '');
    const samlResponse = await buildResponse(login, user);
    sendHtml(
      res,
      200,
      autoPostPage(IDP_NAME, login.sp.acsUrl, {
        SAMLResponse: samlResponse,
        ...(login.relayState !== undefined ? { RelayState: login.relayState } : {}),
      }),
    );
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', listening.url);
    if (req.method === 'GET' && url.pathname === '/metadata') {
      if (metadataBehaviour === 'unavailable') {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('Service unavailable');
        return;
      }
      if (metadataBehaviour === 'not-xml') {
        sendHtml(res, 200, errorPage(IDP_NAME, 'MAINTENANCE', 'Down for maintenance.'));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/samlmetadata+xml; charset=utf-8' }).end(metadataXml);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/metadata/download') {
      res
        .writeHead(200, {
          'content-type': 'application/samlmetadata+xml; charset=utf-8',
          'content-disposition': 'attachment; filename="idp-metadata.xml"',
        })
        .end(metadataXml);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/sso') return handleSso(res, url);
    if (req.method === 'POST' && url.pathname === '/sso/login') return handleLogin(req, res);
    if (req.method === 'GET' && url.pathname === '/slo') return sendHtml(res, 200, signedOutPage(IDP_NAME));
    throw new SamlIdpError('NOT_FOUND', 'Not found.');
  }

  listening.setHandler((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof SamlIdpError) {
        const status = error.code === 'NOT_FOUND' ? 404 : 400;
        sendHtml(res, status, errorPage(IDP_NAME, error.code, error.message), { 'x-error-code': error.code });
        return;
      }
      console.error('test SAML IdP:', error);
      sendHtml(res, 500, errorPage(IDP_NAME, 'SERVER_ERROR', 'The IdP failed.'), { 'x-error-code': 'SERVER_ERROR' });
    });
  });

  return {
    entityId,
    metadataUrl: `${listening.url}/metadata`,
    metadataXml: () => metadataXml,
    ssoUrl,
    get signingCertificatePem() {
      return keys.certificatePem;
    },
    async issueResponse(spEntityId, username) {
      const sp = serviceProviders.get(spEntityId);
      if (!sp) throw new SamlIdpError('UNKNOWN_SERVICE_PROVIDER', `No service provider ${spEntityId} is registered.`);
      const user = findUserByUsername(users, username);
      if (!user) throw new SamlIdpError('UNKNOWN_USER', 'No such demo user.');
      return buildResponse({ sp, requestId: newId(), relayState: undefined, expiresAt: Date.now() + PENDING_TTL_MS }, user);
    },
    async rotateSigningKey(rotation = {}) {
      keys = await generateSigningMaterial({ commonName, ...rotation.certificate });
      idp = identityProvider();
      metadataXml = idp.getMetadata();
      return keys.certificatePem;
    },
    setMetadataBehaviour(next) {
      metadataBehaviour = next;
    },
    registerServiceProvider(sp) {
      serviceProviders.set(sp.entityId, sp);
    },
    setBehaviour(next) {
      behaviour = next;
    },
    stop: () => listening.stop(),
  };
}
