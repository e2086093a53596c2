import { DOMParser, type Element } from '@xmldom/xmldom';
import { type Finding, finding } from '../findings/catalog.ts';
import { type IdpVendor, vendorFactsFor } from '../findings/vendors.ts';
import { type CertificateSummary, parseCertificate } from './certificate.ts';
import { METADATA_LIMITS, preflightXml } from './preflight.ts';
import { detectSamlVendor } from './vendor.ts';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const SAML2_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const SAML_BINDINGS = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const;
export const NAMEID_FORMATS = {
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  email: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
} as const;

const DAY_MS = 86_400_000;
/** Certificates expiring within this many days get a warning. */
export const CERTIFICATE_WARNING_DAYS = 30;
/** Cognito's limit per signing certificate. */
export const MAX_CERTIFICATE_CHARACTERS = 4_096;

export interface SamlEndpoint {
  binding: string;
  location: string;
}

export interface SamlCertificate extends Partial<CertificateSummary> {
  /** `signing` for KeyDescriptors with use="signing" or no use. */
  use: 'signing' | 'encryption';
  /** False when the certificate could not be parsed. */
  parsed: boolean;
}

/** What the metadata says, as far as it could be read. */
export interface SamlMetadataSummary {
  entityId: string | null;
  vendor: IdpVendor;
  singleSignOnServices: SamlEndpoint[];
  singleLogoutServices: SamlEndpoint[];
  /** The HTTP-Redirect SSO URL Cognito will send users to. */
  ssoRedirectUrl: string | null;
  certificates: SamlCertificate[];
  nameIdFormats: string[];
  wantAuthnRequestsSigned: boolean;
  validUntil: string | null;
  characters: number;
}

export interface SamlMetadataAnalysis {
  /** True when there is no error-level finding. */
  ok: boolean;
  findings: Finding[];
  summary: SamlMetadataSummary;
}

export interface AnalyzeSamlMetadataOptions {
  /** The instant the certificates are judged against. */
  now: Date;
  /** `file` when the text will be sent as Cognito's MetadataFile (size limit applies), `url` when fetched. */
  source: 'file' | 'url';
  /** The URL the text was fetched from, checked against what Cognito accepts as a MetadataURL. */
  metadataUrl?: string;
  /** Whether Cognito will sign its AuthnRequests (RequestSigningAlgorithm rsa-sha256) for this IdP. */
  signRequests?: boolean;
  /** The IdP the admin chose: its fixes and known defaults apply even when the URLs do not show it. */
  vendor?: IdpVendor;
}

function childElements(parent: Element, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) {
      const el = node as Element;
      if (el.localName === localName && el.namespaceURI === ns) out.push(el);
    }
  }
  return out;
}

function endpoints(parent: Element, localName: string): SamlEndpoint[] {
  return childElements(parent, MD, localName).map((el) => ({
    binding: el.getAttribute('Binding') ?? '',
    location: (el.getAttribute('Location') ?? '').trim(),
  }));
}

function emptySummary(characters: number): SamlMetadataSummary {
  return {
    entityId: null,
    vendor: 'generic',
    singleSignOnServices: [],
    singleLogoutServices: [],
    ssoRedirectUrl: null,
    certificates: [],
    nameIdFormats: [],
    wantAuthnRequestsSigned: false,
    validUntil: null,
    characters,
  };
}

/** The one parser warning that is not about well-formedness: U+FFFD in the text, which XML allows. */
const HARMLESS_WARNING = /replacement character/i;

/** The parser's complaints about attributes, in words an IT admin can act on; others as the parser says. */
function describeParseProblem(message: unknown): string {
  const text = String(message);
  const attribute = /attribute "([^"]*)"/.exec(text)?.[1]?.slice(0, 60);
  const named = attribute ? ` (${attribute})` : '';
  if (/missed (start )?quot|value must after/.test(text)) return `an attribute value is not in quotes${named}`;
  if (/missed value/.test(text)) return `an attribute has no value${named}`;
  if (/space is required/.test(text)) return 'two attributes are not separated by a space';
  return text;
}

function done(findings: Finding[], summary: SamlMetadataSummary): SamlMetadataAnalysis {
  return { ok: !findings.some((f) => f.severity === 'error'), findings, summary };
}

function dateOnly(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * Analyses the text of a SAML 2.0 IdP metadata document for use as a Cognito SAML identity provider and
 * returns every finding at once, with a summary of what could be read. Pure: no network, no clock (`now`
 * is given), never throws on hostile input.
 */
export function analyzeSamlMetadata(text: string, options: AnalyzeSamlMetadataOptions): SamlMetadataAnalysis {
  const { now, source } = options;
  const findings: Finding[] = [];
  const summary = emptySummary(text.length);
  if (options.metadataUrl !== undefined) checkMetadataUrl(options.metadataUrl, findings);
  if (text.trim().length === 0) return done([...findings, finding('METADATA_EMPTY', 'metadata')], summary);
  if (text.length > METADATA_LIMITS.maxCharacters) {
    findings.push(
      finding(
        'METADATA_TOO_LARGE',
        'metadata',
        `The document has ${text.length.toLocaleString('en-US')} characters; Gatehouse reads at most ${METADATA_LIMITS.maxCharacters.toLocaleString('en-US')}.`,
      ),
    );
    return done(findings, summary);
  }
  if (source === 'file' && text.length > METADATA_LIMITS.maxFileCharacters) {
    // Refused by length alone: Cognito would refuse the file whatever it holds, so reading it would
    // only spend the server's time on a document that can never be saved.
    findings.push(
      finding(
        'METADATA_FILE_TOO_LARGE',
        'metadata',
        `The document has ${text.length.toLocaleString('en-US')} characters; Cognito accepts a metadata file of at most ${METADATA_LIMITS.maxFileCharacters.toLocaleString('en-US')}.`,
      ),
    );
    return done(findings, summary);
  }

  const oidcIssuer = oidcIssuerOf(text);
  if (oidcIssuer !== null) {
    // A discovery URL pasted where metadata goes would otherwise read as "not well-formed XML".
    findings.push(
      finding(
        'METADATA_IS_OIDC_DISCOVERY',
        options.metadataUrl === undefined ? 'metadata' : 'metadataUrl',
        `This is an OpenID Connect discovery document for the issuer ${oidcIssuer.slice(0, 200)}, not SAML metadata.`,
        `This is an OpenID Connect issuer: go back to the first step, choose OpenID Connect, and enter the issuer ${oidcIssuer.slice(0, 200)}.`,
      ),
    );
    return done(findings, summary);
  }

  const preflight = preflightXml(text);
  if (!preflight.ok) {
    findings.push(
      preflight.reason === 'doctype'
        ? finding('METADATA_DOCTYPE_FORBIDDEN', 'metadata')
        : finding('METADATA_TOO_COMPLEX', 'metadata', `The document was refused before reading: ${preflight.detail}.`),
    );
    return done(findings, summary);
  }

  let root: Element | null = null;
  let parseError: string | null = null;
  // Pasted or downloaded metadata often starts with a byte-order mark or blank lines, which would put the
  // XML declaration out of place.
  const withoutLeadingBlank = text.replace(/^[\uFEFF\s]+/, '');
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        // xmldom reports some breaches of well-formedness (attribute values without quotes, attributes
        // without a value or a space between them) as mere warnings and reads on, guessing: a document
        // it had to guess about is not the document the IdP meant, nor one Cognito would read alike.
        if (level !== 'warning' || !HARMLESS_WARNING.test(String(message))) parseError ??= describeParseProblem(message);
      },
    }).parseFromString(withoutLeadingBlank, 'text/xml');
    root = doc.documentElement;
  } catch (error) {
    parseError ??= error instanceof Error ? error.message : 'unreadable XML';
  }
  if (parseError !== null || !root) {
    // Several EntityDescriptors side by side are not well-formed XML, but the admin should hear why.
    const entities = text.match(/<(?:[\w.-]+:)?EntityDescriptor[\s>]/g)?.length ?? 0;
    if (entities > 1) {
      findings.push(
        finding('METADATA_AGGREGATE', 'metadata', `The document holds ${entities} EntityDescriptors; Cognito needs exactly one.`),
      );
      return done(findings, summary);
    }
    const detail = parseError ? String(parseError).split('\n')[0]?.slice(0, 200) : 'no root element';
    findings.push(finding('METADATA_NOT_XML', 'metadata', `The document is not well-formed XML (${detail}).`));
    return done(findings, summary);
  }

  if (root.localName === 'EntitiesDescriptor' && root.namespaceURI === MD) {
    const entities = root.getElementsByTagNameNS(MD, 'EntityDescriptor');
    const only = entities.length === 1 ? entities.item(0) : null;
    if (!only) {
      findings.push(
        finding(
          'METADATA_AGGREGATE',
          'metadata',
          `The document is an aggregate (EntitiesDescriptor) describing ${entities.length} entities; Cognito needs the metadata of exactly one identity provider.`,
        ),
      );
      return done(findings, summary);
    }
    // One entity in a wrapper: say what to change, and judge the entity so every other finding shows too.
    findings.push(finding('METADATA_SINGLE_ENTITY_WRAPPED', 'metadata'));
    root = only;
  }
  if ((root.localName === 'EntityDescriptor' || root.localName === 'EntitiesDescriptor') && !root.namespaceURI) {
    findings.push(
      finding(
        'METADATA_NAMESPACE_MISSING',
        'metadata',
        `The root element <${root.tagName}> is in no XML namespace: SAML 2.0 metadata elements belong to urn:oasis:names:tc:SAML:2.0:metadata.`,
      ),
    );
    return done(findings, summary);
  }
  if (root.localName !== 'EntityDescriptor' || root.namespaceURI !== MD) {
    findings.push(
      finding(
        'METADATA_WRONG_ROOT',
        'metadata',
        `The document’s root element is <${root.tagName}>, not a SAML 2.0 md:EntityDescriptor.`,
      ),
    );
    return done(findings, summary);
  }
  const nested = root.getElementsByTagNameNS(MD, 'EntityDescriptor').length;
  if (nested > 0) {
    findings.push(
      finding('METADATA_AGGREGATE', 'metadata', `The document describes ${nested + 1} entities; Cognito needs exactly one.`),
    );
    return done(findings, summary);
  }

  const entityId = (root.getAttribute('entityID') ?? '').trim();
  summary.entityId = entityId || null;
  if (!entityId) findings.push(finding('METADATA_ENTITY_ID_MISSING', 'entityId'));
  const placeholder = /\{[^}]*\}/.exec(entityId)?.[0];
  if (placeholder) {
    // Entra's multi-tenant metadata names its issuer https://sts.windows.net/{tenantid}/: a real tenant's
    // responses carry its own ID, so Cognito's issuer check can never pass (the SAML twin of OIDC "common").
    findings.push(
      finding(
        'METADATA_ENTITY_ID_PLACEHOLDER',
        'entityId',
        `The entity ID "${entityId.slice(0, 200)}" holds the placeholder ${placeholder.slice(0, 40)}: responses carry a real value there, so none would ever match.`,
        placeholder.toLowerCase() === '{tenantid}'
          ? 'Use the metadata of your own tenant’s enterprise application: in Entra admin center > Enterprise apps > your application > Single sign-on, copy the App Federation Metadata Url (https://login.microsoftonline.com/<tenant id>/federationmetadata/2007-06/federationmetadata.xml?appid=<app id>).'
          : undefined,
      ),
    );
  }
  const validUntil = root.getAttribute('validUntil');
  if (validUntil) {
    summary.validUntil = validUntil;
    const until = Date.parse(validUntil);
    if (Number.isFinite(until) && until <= now.getTime()) {
      findings.push(
        finding('METADATA_VALID_UNTIL_PASSED', 'validUntil', `The metadata was valid until ${dateOnly(validUntil)}.`),
      );
    }
  }

  const idp = childElements(root, MD, 'IDPSSODescriptor')[0];
  if (!idp) {
    summary.vendor = detectSamlVendor(entityId, []);
    findings.push(finding('METADATA_NO_IDP_DESCRIPTOR', 'metadata'));
    return done(findings, summary);
  }

  summary.singleSignOnServices = endpoints(idp, 'SingleSignOnService');
  summary.singleLogoutServices = endpoints(idp, 'SingleLogoutService');
  summary.ssoRedirectUrl = summary.singleSignOnServices.find((e) => e.binding === SAML_BINDINGS.redirect)?.location ?? null;
  const vendor = detectSamlVendor(entityId, [
    ...summary.singleSignOnServices.map((e) => e.location),
    ...summary.singleLogoutServices.map((e) => e.location),
  ]);
  summary.vendor = vendor;
  const facts = vendorFactsFor(options.vendor, vendor, [entityId, ...summary.singleSignOnServices.map((e) => e.location)]);
  const where = `In ${facts.samlPath}: `;

  const protocols = (idp.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/);
  if (!protocols.includes(SAML2_PROTOCOL)) findings.push(finding('METADATA_NOT_SAML2', 'protocolSupportEnumeration'));

  if (summary.singleSignOnServices.length === 0) {
    findings.push(finding('METADATA_NO_SSO_ENDPOINT', 'singleSignOnServices'));
  } else if (!summary.ssoRedirectUrl) {
    const bindings = [...new Set(summary.singleSignOnServices.map((e) => e.binding.split(':').pop() || 'no binding'))];
    findings.push(
      finding(
        'METADATA_NO_REDIRECT_BINDING',
        'singleSignOnServices',
        `Single sign-on is offered only with ${bindings.join(' and ')}; Cognito sends its requests with HTTP-Redirect and refuses this metadata ("No SingleSignOn Http redirect binding location found in metadata.").`,
        `In ${facts.samlPath}: ${facts.redirectBindingFix}`,
      ),
    );
  }
  // Only the endpoint Cognito uses is judged (it sends AuthnRequests by HTTP-Redirect; SOAP, Artifact and
  // POST endpoints are never called), and once.
  const insecure = summary.singleSignOnServices.findIndex(
    (e) => e.binding === SAML_BINDINGS.redirect && !/^https:\/\//i.test(e.location),
  );
  if (insecure >= 0) {
    findings.push(
      finding(
        'METADATA_SSO_NOT_HTTPS',
        `singleSignOnServices[${insecure}]`,
        `The HTTP-Redirect single sign-on endpoint "${summary.singleSignOnServices[insecure]?.location.slice(0, 200)}" is not an https URL.`,
      ),
    );
  }
  if (summary.singleLogoutServices.length === 0) findings.push(finding('METADATA_NO_SLO_ENDPOINT', 'singleLogoutServices'));

  const want = (idp.getAttribute('WantAuthnRequestsSigned') ?? '').trim();
  summary.wantAuthnRequestsSigned = want === 'true' || want === '1';
  if (summary.wantAuthnRequestsSigned && options.signRequests) {
    findings.push(finding('METADATA_SIGNED_REQUESTS_ON', 'wantAuthnRequestsSigned'));
  } else if (summary.wantAuthnRequestsSigned) {
    findings.push(
      finding(
        'METADATA_SIGNED_REQUESTS_REQUIRED',
        'wantAuthnRequestsSigned',
        undefined,
        `${where}${facts.signedRequestsFix} Or upload Cognito’s signing certificate to ${facts.label} and turn on request signing (RSA-SHA256) in Gatehouse.`,
      ),
    );
  }

  summary.nameIdFormats = childElements(idp, MD, 'NameIDFormat').map((el) => (el.textContent ?? '').trim());
  const onlyPersistent = summary.nameIdFormats.length > 0 && summary.nameIdFormats.every((f) => f === NAMEID_FORMATS.persistent);
  if (facts.defaultNameId && !onlyPersistent) {
    // The metadata lists the formats the IdP can send, not the one this application sends: a vendor whose
    // default is mutable is warned about at save, before a test login would show it.
    findings.push(
      finding(
        'METADATA_VENDOR_DEFAULT_NAMEID',
        'nameIdFormats',
        `Unless changed, ${facts.label} sends ${facts.defaultNameId} as the Name ID. Cognito keys users on it: a renamed or re-cased user would become a new user.`,
        `${where}${facts.nameIdFix}`,
      ),
    );
  } else if (summary.nameIdFormats.length === 0) {
    findings.push(finding('METADATA_NAMEID_FORMAT_MISSING', 'nameIdFormats', undefined, `${where}${facts.nameIdFix}`));
  } else if (
    !summary.nameIdFormats.some((f) => f === NAMEID_FORMATS.persistent || f === NAMEID_FORMATS.unspecified) &&
    summary.nameIdFormats.every((f) => f === NAMEID_FORMATS.email || f === NAMEID_FORMATS.transient)
  ) {
    findings.push(
      finding(
        'METADATA_NAMEID_NOT_PERSISTENT',
        'nameIdFormats',
        `The identity provider offers only ${summary.nameIdFormats.map((f) => f.split(':').pop()).join(' and ')} Name IDs. Cognito keys users on the Name ID, which must be immutable and case-stable.`,
        `${where}${facts.nameIdFix}`,
      ),
    );
  }

  let signing = 0;
  for (const descriptor of childElements(idp, MD, 'KeyDescriptor')) {
    const use = descriptor.getAttribute('use') === 'encryption' ? 'encryption' : 'signing';
    const nodes = descriptor.getElementsByTagNameNS(DS, 'X509Certificate');
    for (let n = 0; n < nodes.length; n++) {
      const index = summary.certificates.length;
      const field = `certificates[${index}]`;
      const raw = nodes.item(n)?.textContent ?? '';
      const parsed = parseCertificate(raw);
      if (!parsed) {
        summary.certificates.push({ use, parsed: false });
        if (use === 'signing') {
          findings.push(
            finding(
              'METADATA_CERTIFICATE_UNPARSEABLE',
              field,
              raw.trim() ? 'A signing certificate is not a valid X.509 certificate.' : 'A signing certificate element is empty.',
            ),
          );
        }
        continue;
      }
      summary.certificates.push({ ...parsed, use, parsed: true });
      if (use !== 'signing') continue;
      signing++;
      checkSigningCertificate(parsed, field, now, `${where}${facts.certificateFix}`, findings);
    }
  }
  if (signing === 0 && !findings.some((f) => f.code === 'METADATA_CERTIFICATE_UNPARSEABLE')) {
    findings.push(finding('METADATA_NO_SIGNING_CERTIFICATE', 'certificates'));
  }
  return done(findings, summary);
}

/**
 * The issuer of an OpenID Connect discovery document (a JSON object with a string `issuer`), or null when
 * the text is not one.
 */
export function oidcIssuerOf(text: string): string | null {
  const trimmed = text.replace(/^[\uFEFF\s]+/, '');
  if (!trimmed.startsWith('{')) return null;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    const issuer = (parsed as { issuer?: unknown }).issuer;
    return typeof issuer === 'string' && issuer.length > 0 ? issuer : null;
  } catch {
    return null;
  }
}

function checkMetadataUrl(raw: string, findings: Finding[]) {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    findings.push(finding('METADATA_URL_NOT_HTTPS', 'metadataUrl', `"${raw.slice(0, 200)}" is not an absolute URL.`));
    return;
  }
  if (url.protocol !== 'https:') {
    findings.push(
      finding('METADATA_URL_NOT_HTTPS', 'metadataUrl', `The metadata URL starts with ${url.protocol}//, not https://.`),
    );
  }
  if (url.port && url.port !== '443' && url.port !== '80') {
    findings.push(
      finding(
        'METADATA_URL_PORT',
        'metadataUrl',
        `The metadata URL uses port ${url.port}; Cognito fetches only from ports 443 and 80.`,
      ),
    );
  }
}

function checkSigningCertificate(cert: CertificateSummary, field: string, now: Date, fix: string, findings: Finding[]) {
  const label = `The signing certificate "${cert.subject.slice(0, 120)}"`;
  if (cert.length > MAX_CERTIFICATE_CHARACTERS) {
    findings.push(
      finding(
        'METADATA_CERTIFICATE_TOO_LONG',
        field,
        `${label} has ${cert.length.toLocaleString('en-US')} characters; Cognito accepts at most ${MAX_CERTIFICATE_CHARACTERS.toLocaleString('en-US')}.`,
      ),
    );
  }
  const notAfter = Date.parse(cert.notAfter);
  const notBefore = Date.parse(cert.notBefore);
  if (notAfter <= now.getTime()) {
    findings.push(
      finding('METADATA_CERTIFICATE_EXPIRED', field, `${label} expired on ${dateOnly(cert.notAfter)}; Cognito refuses it.`, fix),
    );
  } else if (notAfter - now.getTime() <= CERTIFICATE_WARNING_DAYS * DAY_MS) {
    findings.push(
      finding(
        'METADATA_CERTIFICATE_EXPIRING',
        field,
        `${label} expires on ${dateOnly(cert.notAfter)}; sign-in stops working then unless the new certificate reaches Cognito.`,
        fix,
      ),
    );
  }
  if (notBefore > now.getTime()) {
    findings.push(
      finding('METADATA_CERTIFICATE_NOT_YET_VALID', field, `${label} is valid only from ${dateOnly(cert.notBefore)}.`),
    );
  }
  if (cert.keyType === 'RSA' && cert.keySize !== null && cert.keySize < 2048) {
    findings.push(finding('METADATA_CERTIFICATE_WEAK_KEY', field, `${label} has a ${cert.keySize}-bit RSA key.`, fix));
  }
}
