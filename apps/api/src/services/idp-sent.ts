import { type ExplainRefusalCode, type Explanation, GatehouseError, serviceProviderValues } from '@gatehouse/core';
import {
  type ClaimMapping,
  decodeIdpText,
  explainIdToken,
  explainSamlResponse,
  type ReadSamlResponse,
  readSamlResponse,
  type SignatureStatus,
} from '@gatehouse/core/explain';
import { discoveryUrl } from '@gatehouse/core/oidc';
import { analyzeSamlMetadata } from '@gatehouse/core/saml';
import type { AppDeps } from '../deps.ts';
import type { DraftSettings, StoredConnection } from '../store/connection-types.ts';

type ExplainDeps = Pick<AppDeps, 'config' | 'connections' | 'cognito' | 'fetchUrl'>;
type Signature = { status: SignatureStatus; detail: string };

function unreadable(reason: ExplainRefusalCode, message: string): GatehouseError {
  return new GatehouseError('IDP_RESPONSE_UNREADABLE', message, { reason });
}

/** The settings a pasted response is judged against: the revision being worked on, else the live one. */
async function settingsOf(deps: ExplainDeps, connection: StoredConnection): Promise<DraftSettings | null> {
  if (connection.draft) return connection.draft;
  if (connection.activeRevision === null) return null;
  return (await deps.connections.getRevision(connection.tenantId, connection.id, connection.activeRevision))?.settings ?? null;
}

const pem = (base64Der: string) =>
  `-----BEGIN CERTIFICATE-----\n${base64Der.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----`;

/**
 * Checks the response's signatures with xml-crypto against each signing certificate of the saved
 * metadata. A signature counts only when it verifies and references the element it sits in (the Response
 * or its own Assertion), so a signature moved in from another document vouches for nothing.
 */
async function samlSignature(response: ReadSamlResponse, certificates: readonly string[]): Promise<Signature> {
  if (response.signatures.length === 0) {
    return response.encrypted
      ? { status: 'not-checked', detail: 'the assertion is encrypted and the response itself is not signed.' }
      : { status: 'unsigned', detail: 'neither the response nor the assertion is signed' };
  }
  if (certificates.length === 0) return { status: 'not-checked', detail: 'no metadata with a signing certificate is saved yet.' };
  // Loaded on first use: only this route needs an XML-DSig library.
  const { SignedXml } = await import('xml-crypto');
  for (const signature of response.signatures) {
    for (const certificate of certificates) {
      const verifier = new SignedXml({ publicCert: pem(certificate), getCertFromKeyInfo: () => null });
      try {
        verifier.loadSignature(signature.xml);
        const references = verifier.getReferences();
        const covers = references.length === 1 && references[0]?.uri?.replace(/^#/, '') === signature.id;
        if (covers && verifier.checkSignature(response.xml)) {
          return { status: 'verified', detail: signature.over === 'response' ? 'the whole response' : 'the assertion' };
        }
      } catch {
        // A signature xml-crypto cannot process does not verify: try the next certificate.
      }
    }
  }
  const named = response.signatures.map((s) => s.certificate).filter((c): c is string => c !== null);
  return named.length > 0 && named.every((c) => !certificates.includes(c))
    ? { status: 'unknown-key', detail: 'a certificate that is not in the saved metadata' }
    : { status: 'invalid', detail: 'the signature does not verify' };
}

/** Verifies an ID token's signature with jose against the keys the issuer publishes at its jwks_uri. */
async function idTokenSignature(
  deps: ExplainDeps,
  token: string,
  header: Record<string, unknown>,
  issuer: string,
): Promise<Signature> {
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const kid = typeof header.kid === 'string' ? header.kid : null;
  const named = kid ? `${alg}, key ${kid}` : alg;
  if (alg === '' || alg.toLowerCase() === 'none') return { status: 'unsigned', detail: 'alg none' };
  if (alg.startsWith('HS'))
    return { status: 'not-checked', detail: `it is signed with the client secret (${alg}), which only Cognito holds.` };
  let jwks: unknown;
  try {
    const discovery = JSON.parse((await deps.fetchUrl(discoveryUrl(issuer), { accept: 'application/json' })).text) as {
      jwks_uri?: unknown;
    };
    if (typeof discovery.jwks_uri !== 'string') throw new Error('no jwks_uri');
    jwks = JSON.parse((await deps.fetchUrl(discovery.jwks_uri, { accept: 'application/json' })).text);
  } catch {
    return { status: 'not-checked', detail: 'the identity provider’s keys (jwks_uri) could not be fetched just now.' };
  }
  const jose = await import('jose');
  try {
    await jose.compactVerify(token, jose.createLocalJWKSet(jwks as Parameters<typeof jose.createLocalJWKSet>[0]));
    return { status: 'verified', detail: named };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_JWKS_NO_MATCHING_KEY') return { status: 'unknown-key', detail: named };
    return { status: 'invalid', detail: named };
  }
}

function samlCertificates(settings: DraftSettings, now: Date): { entityId: string | null; certificates: string[] } {
  const xml = settings.saml?.metadataXml;
  if (!xml) return { entityId: settings.saml?.entityId ?? null, certificates: [] };
  const analysis = analyzeSamlMetadata(xml, { now, source: settings.saml?.metadataSource ?? 'file' });
  // Only certificates the analysis could parse: one it could not would fail inside the verifier.
  const certificates = analysis.summary.certificates
    .filter((c) => c.use === 'signing' && c.parsed && c.pem)
    .map((c) => (c.pem ?? '').replace(/\s+/g, ''));
  return { entityId: analysis.summary.entityId ?? settings.saml?.entityId ?? null, certificates };
}

/**
 * "What your IdP sent": decodes a pasted SAML response or ID token and checks it against the
 * connection's saved settings. The text is neither stored nor logged, and goes nowhere else: only the
 * issuer's published keys are fetched, to check an ID token's signature.
 */
export async function explainIdpSent(
  deps: ExplainDeps,
  connection: StoredConnection,
  text: string,
  now: Date,
): Promise<Explanation> {
  const decoded = decodeIdpText(text);
  if (!decoded.ok) throw unreadable(decoded.reason, decoded.message);
  if (decoded.kind !== connection.protocol) {
    throw unreadable(
      'EXPLAIN_PROTOCOL_MISMATCH',
      decoded.kind === 'saml'
        ? 'This is a SAML response, but this connection uses OpenID Connect. Paste an ID token from your identity provider.'
        : 'This is an ID token, but this connection uses SAML. Paste the SAMLResponse your identity provider posts to Cognito.',
    );
  }
  const [settings, schema] = await Promise.all([settingsOf(deps, connection), deps.cognito.poolSchema()]);
  const mapping: ClaimMapping = {
    attributes: settings?.attributeMapping ?? {},
    required: schema.filter((a) => a.Required && a.Name).map((a) => a.Name ?? ''),
  };
  if (decoded.kind === 'saml') {
    const read = readSamlResponse(decoded.xml);
    if (!read.ok) throw unreadable(read.reason, read.message);
    const sp = serviceProviderValues(deps.config.cognito.userPoolId, deps.config.cognito.domainUrl);
    const saved = settings ? samlCertificates(settings, now) : { entityId: null, certificates: [] };
    return explainSamlResponse(read.response, {
      now,
      entityId: sp.entityId,
      acsUrl: sp.acsUrl,
      idpEntityId: saved.entityId,
      mapping,
      signature: await samlSignature(read.response, saved.certificates),
    });
  }
  const oidc = settings?.oidc;
  if (!oidc) {
    throw unreadable(
      'EXPLAIN_DETAILS_MISSING',
      'Save your identity provider’s issuer and client ID in Provider details first: the token is checked against them.',
    );
  }
  return explainIdToken(decoded.payload, {
    now,
    issuer: oidc.issuer,
    clientId: oidc.clientId,
    mapping,
    signature: await idTokenSignature(deps, decoded.token, decoded.header, oidc.issuer),
  });
}
