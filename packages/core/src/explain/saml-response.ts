import { DOMParser, type Element, XMLSerializer } from '@xmldom/xmldom';
import { NAMEID_FORMATS } from '../saml/analyze.ts';
import { preflightXml } from '../saml/preflight.ts';
import type { ExplainClaim, ExplainProblem, ExplainRefusalCode, Explanation, SignatureStatus } from './schema.ts';
import { type ClaimMapping, explanationOf, mappingChecks, problem } from './shared.ts';

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const METADATA = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The clock skew Cognito allows is not published; five minutes is the SAML profiles' usual allowance. (guess) */
const SKEW_MS = 5 * 60_000;

/** A SAML response as read, before any check: what the signature check and the explanation need. */
export interface ReadSamlResponse {
  /** The document, as parsed from the pasted text: the signature check runs over the same text. */
  xml: string;
  responseId: string | null;
  /** The assertion the attributes were read from (null when there is none, or only an encrypted one). */
  assertionId: string | null;
  encrypted: boolean;
  status: string | null;
  statusMessage: string | null;
  issuer: string | null;
  nameId: string | null;
  nameIdFormat: string | null;
  recipient: string | null;
  audiences: string[];
  issuedAt: string | null;
  notBefore: string | null;
  notOnOrAfter: string | null;
  claims: Array<{ name: string; friendlyName?: string; values: string[] }>;
  /**
   * The enveloped signatures of the Response and of its Assertion (the only places Cognito looks), each
   * with the element ID it must cover and the certificate its KeyInfo names, if any.
   */
  signatures: SamlSignature[];
}

export interface SamlSignature {
  over: 'response' | 'assertion';
  /** The ID of the signed element: a signature referencing anything else vouches for nothing here. */
  id: string;
  /** The ds:Signature element, serialised, for an XML-DSig library to load. */
  xml: string;
  /** The base64 DER of the KeyInfo's X509Certificate, when the signature carries one. */
  certificate: string | null;
}

export type SamlReadResult =
  | { ok: true; response: ReadSamlResponse }
  | { ok: false; reason: ExplainRefusalCode; message: string };

function child(parent: Element | null | undefined, ns: string, name: string): Element | null {
  if (!parent) return null;
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === name)
      return node as Element;
  }
  return null;
}

function children(parent: Element | null | undefined, ns: string, name: string): Element[] {
  const found: Element[] = [];
  if (!parent) return found;
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === name)
      found.push(node as Element);
  }
  return found;
}

const text = (element: Element | null): string | null => element?.textContent?.trim() || null;
const attribute = (element: Element | null, name: string): string | null => element?.getAttribute(name) || null;

/**
 * Reads a SAML response without trusting it: markup declarations are refused before parsing (no
 * entities, no external references), and only the Response's own Assertion child is read, never one
 * found elsewhere in the document, so the part explained is the part a signature check can vouch for.
 */
export function readSamlResponse(xml: string): SamlReadResult {
  const preflight = preflightXml(xml);
  if (!preflight.ok) {
    return {
      ok: false,
      reason: 'EXPLAIN_XML_FORBIDDEN',
      message:
        preflight.reason === 'doctype'
          ? 'The document declares a DOCTYPE or entities, which a SAML response never does; it was not read.'
          : `The document was not read: ${preflight.detail}.`,
    };
  }
  let root: Element | null = null;
  let broken = false;
  try {
    const onError = () => {
      broken = true;
    };
    root = new DOMParser({ onError }).parseFromString(xml, 'text/xml').documentElement;
  } catch {
    broken = true;
  }
  if (broken || !root) {
    return {
      ok: false,
      reason: 'EXPLAIN_NOT_XML',
      message: 'The text is not well-formed XML. Copy the whole SAMLResponse value again.',
    };
  }
  if (root.namespaceURI !== PROTOCOL || root.localName !== 'Response') {
    const metadata = root.namespaceURI === METADATA;
    return {
      ok: false,
      reason: 'EXPLAIN_NOT_SAML_RESPONSE',
      message: metadata
        ? 'This is SAML metadata, not a response. Paste the SAMLResponse your identity provider posts to Cognito at sign-in.'
        : `This XML is a ${root.localName}, not a SAML Response. Paste the SAMLResponse your identity provider posts to Cognito at sign-in.`,
    };
  }
  const statusCode = child(child(root, PROTOCOL, 'Status'), PROTOCOL, 'StatusCode');
  const nestedStatus = attribute(child(statusCode, PROTOCOL, 'StatusCode'), 'Value');
  const assertion = child(root, ASSERTION, 'Assertion');
  const subject = child(assertion, ASSERTION, 'Subject');
  const nameId = child(subject, ASSERTION, 'NameID');
  const confirmation = child(child(subject, ASSERTION, 'SubjectConfirmation'), ASSERTION, 'SubjectConfirmationData');
  const conditions = child(assertion, ASSERTION, 'Conditions');
  const audiences = children(conditions, ASSERTION, 'AudienceRestriction').flatMap((restriction) =>
    children(restriction, ASSERTION, 'Audience')
      .map(text)
      .filter((a): a is string => a !== null),
  );
  const claims = children(assertion, ASSERTION, 'AttributeStatement').flatMap((statement) =>
    children(statement, ASSERTION, 'Attribute').map((element) => {
      const friendlyName = attribute(element, 'FriendlyName');
      return {
        name: attribute(element, 'Name') ?? '',
        ...(friendlyName ? { friendlyName } : {}),
        values: children(element, ASSERTION, 'AttributeValue').map((value) => value.textContent?.trim() ?? ''),
      };
    }),
  );
  const status = attribute(statusCode, 'Value');
  const signatures: SamlSignature[] = [];
  for (const [over, element] of [
    ['response', root],
    ['assertion', assertion],
  ] as const) {
    const signature = child(element, DSIG, 'Signature');
    const id = attribute(element, 'ID');
    if (!signature || !id) continue;
    const certificate = signature.getElementsByTagNameNS(DSIG, 'X509Certificate').item(0);
    signatures.push({
      over,
      id,
      xml: new XMLSerializer().serializeToString(signature),
      certificate: certificate?.textContent?.replace(/\s+/g, '') || null,
    });
  }
  return {
    ok: true,
    response: {
      xml,
      responseId: attribute(root, 'ID'),
      assertionId: attribute(assertion, 'ID'),
      encrypted: !assertion && child(root, ASSERTION, 'EncryptedAssertion') !== null,
      status: status && nestedStatus ? `${status} (${nestedStatus})` : status,
      statusMessage: text(child(child(root, PROTOCOL, 'Status'), PROTOCOL, 'StatusMessage')),
      issuer: text(child(assertion, ASSERTION, 'Issuer')) ?? text(child(root, ASSERTION, 'Issuer')),
      nameId: text(nameId),
      nameIdFormat: attribute(nameId, 'Format'),
      recipient: attribute(confirmation, 'Recipient'),
      audiences,
      issuedAt: attribute(assertion, 'IssueInstant') ?? attribute(root, 'IssueInstant'),
      notBefore: attribute(conditions, 'NotBefore'),
      notOnOrAfter: attribute(conditions, 'NotOnOrAfter') ?? attribute(confirmation, 'NotOnOrAfter'),
      claims: claims.filter((c) => c.name !== ''),
      signatures,
    },
  };
}

export interface SamlExplainContext {
  now: Date;
  /** The pool's SAML entity ID (`urn:amazon:cognito:sp:<pool id>`): the audience Cognito requires. */
  entityId: string;
  /** Cognito's ACS URL: where the response must be addressed. */
  acsUrl: string;
  /** The entity ID of the saved metadata, when there is one. */
  idpEntityId: string | null;
  mapping: ClaimMapping;
  /** The signature as checked against the saved metadata's signing certificates by the caller. */
  signature: { status: SignatureStatus; detail: string };
}

const time = (value: string | null): number | null => {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
};

/**
 * Checks a read SAML response against what Cognito will require of it: a successful status, the saved
 * IdP as issuer, the pool as audience and Cognito's ACS as recipient, a time window that holds, a
 * signature by a certificate in the saved metadata, a stable NameID and every mapped attribute present.
 * Pure: the signature verdict and the clock come from the caller.
 */
export function explainSamlResponse(response: ReadSamlResponse, context: SamlExplainContext): Explanation {
  const problems: ExplainProblem[] = [];
  if (response.status && !response.status.startsWith(SUCCESS)) {
    problems.push(
      problem(
        'SAML_STATUS_NOT_SUCCESS',
        'error',
        `Your identity provider did not sign the user in: it answered ${response.status}${response.statusMessage ? ` ("${response.statusMessage}")` : ''}.`,
        'Check in your identity provider that the user is assigned to the application and that its sign-in policy lets them in.',
      ),
    );
  }
  if (response.encrypted) {
    problems.push(
      problem(
        'ASSERTION_ENCRYPTED',
        'info',
        'The assertion is encrypted, so its subject and attributes cannot be shown here.',
        'To see them, turn assertion encryption off in your identity provider for one test, or rely on the test login, which shows what Cognito stored.',
      ),
    );
  }
  if (context.idpEntityId && response.issuer && response.issuer !== context.idpEntityId) {
    problems.push(
      problem(
        'ISSUER_MISMATCH',
        'error',
        `The response is issued by "${response.issuer}", but the saved metadata is for "${context.idpEntityId}". Cognito refuses a response from another issuer.`,
        'Upload the metadata of the identity provider application that sent this response, or send the response from the application whose metadata you saved.',
      ),
    );
  }
  if (!response.encrypted && response.assertionId !== null && !response.audiences.includes(context.entityId)) {
    problems.push(
      problem(
        'AUDIENCE_MISMATCH',
        'error',
        response.audiences.length
          ? `The response is addressed to ${response.audiences.map((a) => `"${a}"`).join(', ')}, not to "${context.entityId}". Cognito refuses it.`
          : `The response names no audience; Cognito needs "${context.entityId}".`,
        `In your identity provider, set the Entity ID (Audience URI, Identifier) to exactly ${context.entityId}.`,
      ),
    );
  }
  if (response.recipient && response.recipient !== context.acsUrl) {
    problems.push(
      problem(
        'RECIPIENT_MISMATCH',
        'error',
        `The response is addressed to "${response.recipient}", not to Cognito's ${context.acsUrl}.`,
        `In your identity provider, set the Assertion Consumer Service (Reply) URL to exactly ${context.acsUrl}.`,
      ),
    );
  }
  problems.push(...windowChecks(response.issuedAt, response.notBefore, response.notOnOrAfter, context.now));
  problems.push(...signatureChecks('saml', context.signature));

  if (!response.encrypted && response.assertionId !== null) {
    const format = response.nameIdFormat;
    if (!response.nameId) {
      problems.push(
        problem(
          'SUBJECT_MISSING',
          'error',
          'The assertion carries no NameID, so Cognito has nothing to key the user on.',
          'In your identity provider, send a persistent NameID (an immutable user ID).',
        ),
      );
    } else if (format === NAMEID_FORMATS.transient) {
      problems.push(
        problem(
          'SUBJECT_NOT_STABLE',
          'error',
          'The NameID is transient: it changes at every sign-in, so Cognito would create a new user each time.',
          'In your identity provider, send a persistent NameID (an immutable user ID).',
        ),
      );
    } else if (format === NAMEID_FORMATS.email || EMAIL_LIKE.test(response.nameId)) {
      problems.push(
        problem(
          'SUBJECT_IS_EMAIL',
          'warning',
          `The NameID is an email address ("${response.nameId}"). Users are keyed on it, and an address can change or be given to someone else.`,
          'In your identity provider, send a persistent NameID (an object ID or user ID) and the email as an attribute.',
        ),
      );
    }
  }

  const claims: ExplainClaim[] = response.claims.map((claim) => ({
    ...claim,
    mappedTo: Object.entries(context.mapping.attributes)
      .filter(([, source]) => source === claim.name)
      .map(([target]) => target),
  }));
  if (!response.encrypted && response.assertionId !== null) problems.push(...mappingChecks(claims, context.mapping, 'saml'));

  return explanationOf('saml', problems, {
    issuer: response.issuer,
    subject: { value: response.nameId, format: response.nameIdFormat },
    audiences: response.audiences,
    recipient: response.recipient,
    window: { issuedAt: response.issuedAt, notBefore: response.notBefore, notOnOrAfter: response.notOnOrAfter },
    signature: context.signature,
    status: response.status && !response.status.startsWith(SUCCESS) ? response.status : null,
    claims,
  });
}

/** A time window judged at `now`: one expired since capture is expected; one that never held is not. */
export function windowChecks(
  issuedAt: string | null,
  notBefore: string | null,
  notOnOrAfter: string | null,
  now: Date,
): ExplainProblem[] {
  const problems: ExplainProblem[] = [];
  const issued = time(issuedAt);
  const start = time(notBefore);
  const end = time(notOnOrAfter);
  if (end !== null && ((issued !== null && end <= issued) || (start !== null && end <= start))) {
    problems.push(
      problem(
        'EXPIRED',
        'error',
        `The response was already expired when it was issued: it is valid until ${notOnOrAfter}, not after ${issuedAt ?? notBefore}.`,
        'Check the token or assertion lifetime settings of your identity provider and its clock.',
      ),
    );
  } else if (end !== null && end <= now.getTime()) {
    problems.push(
      problem(
        'EXPIRED',
        'info',
        `It was valid until ${notOnOrAfter}. That is normal for one captured a while ago: Cognito checks the window when the response arrives.`,
        'Nothing to change. Capture a fresh one if you want the time window checked too.',
      ),
    );
  }
  const future = [issued, start].filter((ms): ms is number => ms !== null && ms > now.getTime() + SKEW_MS);
  if (future.length > 0) {
    problems.push(
      problem(
        'NOT_YET_VALID',
        'error',
        `It is not valid before ${notBefore ?? issuedAt}, which is later than now: your identity provider's clock is ahead.`,
        'Set the identity provider server to synchronise its clock (NTP). ADFS and other on-premises servers are the usual cause.',
      ),
    );
  }
  return problems;
}

/** The problem, if any, a signature verdict stands for. */
export function signatureChecks(kind: 'saml' | 'oidc', signature: { status: SignatureStatus; detail: string }): ExplainProblem[] {
  const saml = kind === 'saml';
  switch (signature.status) {
    case 'verified':
      return [];
    case 'invalid':
      return [
        problem(
          'SIGNATURE_INVALID',
          'error',
          saml
            ? 'The signature does not verify: the response was changed after signing, or it was signed differently from how it is checked.'
            : 'The token’s signature does not verify against the key it names.',
          saml
            ? 'Paste the SAMLResponse exactly as captured. If it was, your identity provider’s signing is broken: tell its administrator.'
            : 'Paste the ID token exactly as issued, without editing it.',
        ),
      ];
    case 'unknown-key':
      return [
        problem(
          'SIGNATURE_UNKNOWN_KEY',
          'error',
          saml
            ? 'It is signed with a certificate that is not in the metadata you saved, so Cognito would refuse it.'
            : `It is signed with a key (${signature.detail}) that your identity provider does not publish at its jwks_uri, so Cognito cannot verify it.`,
          saml
            ? 'Your identity provider has probably rolled its signing certificate: download its metadata again and save it in Provider details.'
            : 'Make your identity provider sign ID tokens with a key it publishes at its jwks_uri. Entra ID applications with their own signing key need the appid parameter on the jwks_uri, which Cognito does not add: use the tenant-wide keys instead.',
        ),
      ];
    case 'unsigned':
      return [
        problem(
          'UNSIGNED',
          'error',
          saml
            ? 'Neither the response nor the assertion is signed. Cognito refuses unsigned responses.'
            : 'The token is not signed (alg "none").',
          saml
            ? 'In your identity provider, sign the assertion (or the whole response) with the certificate in its metadata.'
            : 'Make your identity provider sign ID tokens (RS256 is the usual choice).',
        ),
      ];
    case 'not-checked':
      return [
        problem(
          'SIGNATURE_NOT_CHECKED',
          'info',
          `The signature was not checked: ${signature.detail}`,
          'Nothing to change here; the test login checks it.',
        ),
      ];
  }
}
