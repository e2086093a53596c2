import type { Element } from '@xmldom/xmldom';
import type { Engine } from '../engine.ts';
import { certificatePem } from '../keys.ts';
import { POST_BINDING, parseXmlStrict, readSamlIdpMetadata } from '../saml-metadata.ts';
import type { IdpRecord, PoolRecord } from '../state.ts';
import { FederationError } from './errors.ts';
import type { Claims } from './federated-users.ts';

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
/** Cognito refuses assertions over 100,000 characters. */
export const MAX_SAML_RESPONSE_CHARS = 100_000;
/** Clock skew tolerated on the assertion's time windows. */
const SKEW_MS = 30_000;
const MAX_DRIFT_MS = 100 * 365 * 86_400_000;

type Samlify = typeof import('samlify');
type SchemaValidator = typeof import('@authenio/samlify-node-xmllint');
let samlifyReady: Promise<Samlify> | undefined;

/**
 * samlify's XML schema validator. It is CommonJS: Node's import() gives its exports by name, but a bundle
 * split by esbuild (the CLI's) gives them only as `default`.
 */
async function loadSchemaValidator(): Promise<SchemaValidator['validate']> {
  const module = (await import('@authenio/samlify-node-xmllint')) as SchemaValidator & { default?: SchemaValidator };
  const validator = module.default?.validate ? module.default : module;
  if (typeof validator.validate !== 'function') throw new Error('samlify-node-xmllint exports no validate function.');
  const validate = validator.validate;
  return (xml) => withoutConsoleOutput(() => validate(xml));
}

/** Where each validation leaves a listener behind: stdout's `drain`, and the process's `uncaughtException`. */
const PILED_LISTENERS: ReadonlyArray<readonly [NodeJS.EventEmitter, string]> = [
  [process.stdout, 'drain'],
  [process, 'uncaughtException'],
];

/**
 * Runs `fn`, which must do its work synchronously, with what it writes to the console dropped and the
 * listeners it adds removed. The validator leaves traces on every call: its emscripten build of xmllint
 * writes a line holding one space to stdout, adds a `drain` listener to stdout that would exit the
 * process, and adds an `uncaughtException` listener to the process (Node warns in the terminal once
 * eleven of either have piled up); and the wrapper prints every rejected document to stderr. A rejection
 * still reaches samlify, which refuses the response; the terminal is not where a sign-in's errors go.
 * The validation runs within the call (the promise is settled before it returns), so nothing else can
 * write or listen in between.
 */
function withoutConsoleOutput<T>(fn: () => T): T {
  const { log, error } = console;
  const before = PILED_LISTENERS.map(([emitter, event]) => new Set(emitter.listeners(event)));
  console.log = () => undefined;
  console.error = () => undefined;
  try {
    return fn();
  } finally {
    console.log = log;
    console.error = error;
    PILED_LISTENERS.forEach(([emitter, event], i) => {
      for (const listener of emitter.listeners(event)) {
        if (!before[i]?.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
      }
    });
  }
}

/** samlify with its XML schema validator, loaded on first use (the validator is large). */
function loadSamlify(): Promise<Samlify> {
  samlifyReady ??= (async () => {
    // samlify is CommonJS marked __esModule: runtimes disagree on whether `default` holds it.
    const module = (await import('samlify')) as Samlify & { default?: Samlify };
    const samlify = module.default?.ServiceProvider ? module.default : module;
    samlify.setSchemaValidator({ validate: await loadSchemaValidator() });
    return samlify;
  })();
  return samlifyReady;
}

/** The smallest document the SAML protocol schema accepts: the preload's validation should pass. */
const SCHEMA_VALID_RESPONSE =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_preload" Version="2.0" ' +
  `IssueInstant="2026-01-01T00:00:00Z"><samlp:Status><samlp:StatusCode Value="${SUCCESS}"/></samlp:Status></samlp:Response>`;

/**
 * Loads samlify and compiles its XML schema validator now rather than at the first SAML sign-in, which
 * otherwise waits seconds for it.
 */
export async function preloadSaml(): Promise<void> {
  const validate = await loadSchemaValidator();
  await loadSamlify();
  await validate(SCHEMA_VALID_RESPONSE);
}

/** The service-provider entity ID Cognito uses for a pool: the Audience every assertion must name. */
export const spEntityId = (poolId: string) => `urn:amazon:cognito:sp:${poolId}`;

export const acsUrl = (engine: Engine, domain: string) => `${engine.domainBaseUrl(domain)}/saml2/idpresponse`;

type Entities = {
  identityProvider: ReturnType<Samlify['IdentityProvider']>;
  serviceProvider: ReturnType<Samlify['ServiceProvider']>;
  parsed: ReturnType<typeof readSamlIdpMetadata>;
};
const entityCache = new Map<string, Entities>();

/** samlify's view of the IdP and of the pool as SP, rebuilt only when the IdP changes. */
async function entities(engine: Engine, pool: PoolRecord, idp: IdpRecord, domain: string): Promise<Entities> {
  const key = JSON.stringify([engine.issuer(pool.Id), idp.ProviderName, idp.LastModifiedDate, domain]);
  const cached = entityCache.get(key);
  if (cached) return cached;
  const built = await buildEntities(engine, pool, idp, domain);
  if (entityCache.size > 500) entityCache.clear();
  entityCache.set(key, built);
  return built;
}

async function buildEntities(engine: Engine, pool: PoolRecord, idp: IdpRecord, domain: string): Promise<Entities> {
  const samlify = await loadSamlify();
  const metadata = idp.samlMetadata ?? '';
  const parsed = readSamlIdpMetadata(metadata, new Date(idp.LastModifiedDate * 1000));
  const keys = await engine.poolKeys(pool);
  const identityProvider = samlify.IdentityProvider({ metadata });
  const serviceProvider = samlify.ServiceProvider({
    entityID: spEntityId(pool.Id),
    assertionConsumerService: [{ Binding: POST_BINDING, Location: acsUrl(engine, domain) }],
    // Cognito signs AuthnRequests when the IdP asks for it, with RSA-SHA256 only.
    authnRequestsSigned: parsed.wantAuthnRequestsSigned,
    requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    privateKey: keys.samlPrivateKeyPem,
    signingCert: certificatePem(keys.samlCertificate),
    // The IdP encrypts to the certificate Describe returns as ActiveEncryptionCertificate: here the pool's
    // one key (Cognito keeps a separate encryption key per IdP).
    encPrivateKey: keys.samlPrivateKeyPem,
    wantAssertionsSigned: false,
    wantMessageSigned: false,
    // Time windows are checked below against the stand-in's clock (which tests can move), not samlify's.
    clockDrifts: [-MAX_DRIFT_MS, MAX_DRIFT_MS],
  });
  return { identityProvider, serviceProvider, parsed };
}

/** Builds the AuthnRequest redirect to the IdP; returns its URL and the request ID the answer must carry. */
export async function startSamlSignIn(
  engine: Engine,
  pool: PoolRecord,
  idp: IdpRecord,
  domain: string,
  relayState: string,
): Promise<{ url: string; requestId: string }> {
  const { identityProvider, serviceProvider } = await entities(engine, pool, idp, domain);
  const { id, context } = serviceProvider.createLoginRequest(identityProvider, 'redirect', { relayState }) as {
    id: string;
    context: string;
  };
  return { url: context, requestId: id };
}

function elements(root: Element, ns: string, name: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, name) as unknown as ArrayLike<Element>);
}

function child(parent: Element, ns: string, name: string): Element | undefined {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === name)
      return node as Element;
  }
  return undefined;
}

const invalid = (reason: string) => new FederationError('server_error', `Invalid SAML response received: ${reason}`);

const time = (value: string | null | undefined) => (value ? Date.parse(value) : Number.NaN);

export interface SamlSignIn {
  subject: string;
  claims: Claims;
  issuer: string;
  assertionId: string;
  /** When the assertion stops being usable: until then its ID must be remembered against replay. */
  notOnOrAfter: number;
}

/**
 * Checks a SAML Response posted to /saml2/idpresponse. samlify verifies the signature and the issuer; it
 * does not check Audience, Recipient, Destination, InResponseTo, SubjectConfirmationData times, replay or
 * multiple assertions ("SAML responses" in docs/security.md), so those are checked here, on the single assertion of a
 * document refused if it holds more than one. Throws FederationError with the reason.
 */
export async function consumeSamlResponse(
  engine: Engine,
  pool: PoolRecord,
  idp: IdpRecord,
  domain: string,
  samlResponse: string,
  relayState: string,
  expectedRequestId: string,
): Promise<SamlSignIn> {
  let encoded = samlResponse;
  let xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  if (xml.length > MAX_SAML_RESPONSE_CHARS) throw invalid('SAML Response is too large.');
  let doc: ReturnType<typeof parseXmlStrict>;
  try {
    doc = parseXmlStrict(xml);
  } catch (error) {
    throw invalid(
      (error as Error).message.includes('DOCTYPE') ? 'DOCTYPE is not allowed.' : 'SAML Response is not well-formed XML.',
    );
  }
  let response = doc.documentElement as Element;
  if (response.namespaceURI !== PROTOCOL || response.localName !== 'Response')
    throw invalid('Root element is not a SAML Response.');
  const { identityProvider, serviceProvider, parsed } = await entities(engine, pool, idp, domain);
  const encrypted = elements(response, ASSERTION, 'EncryptedAssertion');
  // With EncryptedResponses on, "your user pool connection with the SAML IdP can't function until your IdP
  // begins encrypting all SAML assertions with the provided key" (developer guide, SAML signing and
  // encryption); with it off, an encrypted assertion cannot be read.
  if (idp.ProviderDetails.EncryptedResponses === 'true') {
    if (encrypted.length !== 1) throw invalid('SAML Response must contain exactly one EncryptedAssertion.');
    try {
      const samlify = await loadSamlify();
      [xml] = (await samlify.SamlLib.decryptAssertion(serviceProvider, xml)) as [string, string];
      doc = parseXmlStrict(xml);
    } catch {
      throw invalid('Unable to decrypt the SAML Assertion.');
    }
    response = doc.documentElement as Element;
    encoded = Buffer.from(xml, 'utf8').toString('base64');
  } else if (encrypted.length) {
    throw invalid('Encrypted assertions are not enabled for this identity provider.');
  }
  const assertions = Array.from(response.getElementsByTagName('*') as unknown as ArrayLike<Element>).filter(
    (e) => e.localName === 'Assertion',
  );
  if (assertions.length !== 1 || elements(response, PROTOCOL, 'Response').length) {
    throw invalid('SAML Response must contain exactly one Assertion.');
  }
  const status = child(response, PROTOCOL, 'Status');
  const statusCode = status ? child(status, PROTOCOL, 'StatusCode')?.getAttribute('Value') : undefined;
  if (statusCode !== SUCCESS) throw invalid(`Status code is not Success: ${statusCode ?? 'none'}.`);

  try {
    await serviceProvider.parseLoginResponse(identityProvider, 'post', {
      body: { SAMLResponse: encoded, RelayState: relayState },
    });
  } catch (error) {
    const code = error instanceof Error ? error.message : String(error);
    if (code.includes('ISSUER')) throw invalid('Issuer does not match the identity provider.');
    if (code.includes('UNCONFIRMED') || code.includes('EXPIRED')) throw invalid('SAML Assertion is expired.');
    throw invalid('SAML Assertion signature is invalid.');
  }

  const assertion = assertions[0] as Element;
  const assertionId = assertion.getAttribute('ID') ?? '';
  // The verified signature must cover this assertion: it sits in the assertion or in the response.
  const references = elements(response, DSIG, 'Reference').map((r) => r.getAttribute('URI'));
  if (!references.includes(`#${assertionId}`) && !references.includes(`#${response.getAttribute('ID') ?? ''}`)) {
    throw invalid('SAML Assertion signature is invalid.');
  }
  const issuer = child(assertion, ASSERTION, 'Issuer')?.textContent?.trim() ?? '';
  if (issuer !== parsed.entityId) throw invalid('Issuer does not match the identity provider.');

  const now = engine.now().getTime();
  const acs = acsUrl(engine, domain);
  const audience = spEntityId(pool.Id);
  const destination = response.getAttribute('Destination');
  if (destination && destination !== acs) throw invalid('Destination does not match the ACS URL.');
  const responseInResponseTo = response.getAttribute('InResponseTo');
  if (responseInResponseTo !== expectedRequestId) throw invalid('InResponseTo does not match the request.');

  const conditions = child(assertion, ASSERTION, 'Conditions');
  if (!conditions) throw invalid('Assertion has no Conditions.');
  const audiences = elements(conditions, ASSERTION, 'Audience').map((a) => a.textContent?.trim());
  if (!audiences.includes(audience)) throw invalid(`Audience does not match ${audience}.`);
  const notBefore = time(conditions.getAttribute('NotBefore'));
  const notOnOrAfter = time(conditions.getAttribute('NotOnOrAfter'));
  if (!Number.isNaN(notBefore) && notBefore - SKEW_MS > now) throw invalid('Assertion is not yet valid.');
  if (!Number.isNaN(notOnOrAfter) && notOnOrAfter + SKEW_MS <= now) throw invalid('SAML Assertion is expired.');

  const subjectElement = child(assertion, ASSERTION, 'Subject');
  const nameId = subjectElement ? child(subjectElement, ASSERTION, 'NameID') : undefined;
  // textContent joins every text node, so a comment inside the NameID never truncates it.
  const subject = nameId?.textContent?.trim() ?? '';
  if (!subject) throw invalid('Assertion has no NameID.');
  const confirmations = subjectElement ? elements(subjectElement, ASSERTION, 'SubjectConfirmationData') : [];
  const bearer = confirmations.find(
    (data) =>
      data.getAttribute('Recipient') === acs &&
      data.getAttribute('InResponseTo') === expectedRequestId &&
      time(data.getAttribute('NotOnOrAfter')) + SKEW_MS > now,
  );
  if (!bearer) {
    const first = confirmations[0];
    if (!first) throw invalid('Assertion has no SubjectConfirmationData.');
    if (first.getAttribute('Recipient') !== acs) throw invalid('Recipient does not match the ACS URL.');
    if (first.getAttribute('InResponseTo') !== expectedRequestId) throw invalid('InResponseTo does not match the request.');
    throw invalid('SAML Assertion is expired.');
  }

  const claims: Claims = {};
  for (const attribute of elements(assertion, ASSERTION, 'Attribute')) {
    const name = attribute.getAttribute('Name');
    if (!name) continue;
    const values = elements(attribute, ASSERTION, 'AttributeValue').map((v) => v.textContent ?? '');
    claims[name] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return {
    subject,
    claims,
    issuer,
    assertionId,
    notOnOrAfter: Math.max(Number.isNaN(notOnOrAfter) ? 0 : notOnOrAfter, time(bearer.getAttribute('NotOnOrAfter'))),
  };
}
