import {
  type AttributeMapping,
  GatehouseError,
  isGatehouseError,
  type OidcDetailsInput,
  type SamlDetailsInput,
  secretHint,
  WIZARD_STEPS,
  type WizardStep,
} from '@gatehouse/core';
import { analyzeAttributeMapping, claimPreset } from '@gatehouse/core/claims';
import { buildCreateIdentityProviderInput, type ProviderSettings } from '@gatehouse/core/cognito';
import {
  type FetchFailureTarget,
  type Finding,
  fetchFailureFinding,
  groupFindings,
  hasErrors,
  relaxForLocalNetwork,
} from '@gatehouse/core/findings';
import {
  analyzeOidcIssuer,
  discoveryUrl,
  isSamlMetadataText,
  issuerIsSamlMetadataFinding,
  readDiscoveryDocument,
} from '@gatehouse/core/oidc';
import { analyzeSamlMetadata } from '@gatehouse/core/saml';
import type { AppDeps } from '../deps.ts';
import type { DraftSettings, StoredConnection } from '../store/connection-store.ts';
import { requireEditable, requireVersion } from './connections.ts';

type DetailsDeps = Pick<AppDeps, 'connections' | 'cognito' | 'config' | 'fetchUrl' | 'now'>;

/**
 * Where the admin resumes after saving `saved`: the step after it, unless they were already further on.
 */
function progressAfter(current: WizardStep, saved: WizardStep): WizardStep {
  const next = WIZARD_STEPS[Math.min(WIZARD_STEPS.indexOf(saved) + 1, WIZARD_STEPS.length - 1)] ?? saved;
  return WIZARD_STEPS.indexOf(current) > WIZARD_STEPS.indexOf(saved) ? current : next;
}

/**
 * Findings as this deployment judges them, each cause said once (the same rule broken by several
 * endpoints is one finding listing them): a local portal only warns about production's network rules.
 */
function judged(deps: DetailsDeps, findings: Finding[]): Finding[] {
  const grouped = groupFindings(findings);
  return deps.config.allowPrivateNetwork ? relaxForLocalNetwork(grouped) : grouped;
}

function isFetchFailure(error: unknown): error is GatehouseError {
  return isGatehouseError(error) && error.code.startsWith('FETCH_');
}

/**
 * Fetches an address the admin gave. A fetch that fails is the admin's to fix, so it is refused as a
 * finding on the field they typed the address in (with where their IdP shows the right one), not as a
 * bare error; `also` are findings already known, shown with it.
 */
async function fetchForField(
  deps: DetailsDeps,
  target: FetchFailureTarget,
  accept: string,
  also: Finding[] = [],
): Promise<string> {
  try {
    return (await deps.fetchUrl(target.url, { accept })).text;
  } catch (error) {
    if (!isFetchFailure(error)) throw error;
    refuse([...also, fetchFailureFinding(error, target)]);
  }
}

function refuse(findings: Finding[]): never {
  throw new GatehouseError(
    'SETTINGS_INVALID',
    'Some settings need fixing before they can be saved. Each problem is listed with how to fix it in your identity provider.',
    { findings },
  );
}

function requireProtocol(connection: StoredConnection, protocol: 'saml' | 'oidc'): void {
  if (connection.protocol !== protocol) {
    throw new GatehouseError(
      'VALIDATION_FAILED',
      `This connection uses ${connection.protocol.toUpperCase()}. Change the protocol on the first step to enter ${protocol.toUpperCase()} settings.`,
    );
  }
}

/**
 * The mapping the test IdP gets: the admin's when they made one, else the vendor's preset for this
 * pool, so the first test login already carries the usual attributes.
 */
async function mappingFor(
  deps: DetailsDeps,
  connection: StoredConnection,
  authorizeScopes?: string,
): Promise<{ attributeMapping: AttributeMapping; mappingFindings: Finding[] }> {
  const schema = await deps.cognito.poolSchema();
  const current = connection.draft?.attributeMapping ?? {};
  const attributeMapping =
    Object.keys(current).length > 0 ? current : claimPreset(connection.vendor, connection.protocol, schema);
  // The preset is judged like a mapping the admin saved: a required attribute it leaves out is an error
  // the test login refuses to start with (see startTestLogin), not a surprise at Cognito.
  const { findings } = analyzeAttributeMapping({
    mapping: attributeMapping,
    schema,
    protocol: connection.protocol,
    vendor: connection.vendor,
    ...(authorizeScopes === undefined ? {} : { authorizeScopes }),
  });
  return { attributeMapping, mappingFindings: findings };
}

/** Creates or updates the connection's test IdP and enables it on the test-login app client only. */
async function syncTestProvider(
  deps: DetailsDeps,
  connection: StoredConnection,
  settings: ProviderSettings,
  attributeMapping: AttributeMapping,
): Promise<void> {
  const input = buildCreateIdentityProviderInput({
    userPoolId: deps.config.cognito.userPoolId,
    providerName: connection.testProviderName,
    settings,
    attributeMapping,
  });
  await deps.cognito.putIdentityProvider(input);
  await deps.cognito.setProviderOnClient(deps.config.cognito.testClientId, connection.testProviderName, true);
}

async function saveDraft(deps: DetailsDeps, connection: StoredConnection, draft: DraftSettings, version: number) {
  const now = deps.now();
  return deps.connections.save(
    {
      ...connection,
      draft,
      changeSeq: connection.changeSeq + 1,
      step: progressAfter(connection.step, 'details'),
      updatedAt: now.toISOString(),
    },
    version,
  );
}

/**
 * Saves a connection's SAML metadata (a file, or a URL fetched through the guarded fetcher). Every
 * finding comes back at once; any error-level finding refuses the save and changes nothing. Otherwise
 * the test IdP in Cognito is brought up to date, then the draft is saved.
 */
export async function saveSamlDetails(
  deps: DetailsDeps,
  connection: StoredConnection,
  input: SamlDetailsInput & { version: number },
): Promise<StoredConnection> {
  requireVersion(connection, input.version);
  requireEditable(connection, deps.now());
  requireProtocol(connection, 'saml');

  const metadata = input.metadata;
  const text =
    metadata.source === 'file'
      ? metadata.xml
      : await fetchForField(
          deps,
          { field: 'metadataUrl', document: 'saml-metadata', url: metadata.url, vendor: connection.vendor },
          'application/xml',
        );
  const analysis = analyzeSamlMetadata(text, {
    now: deps.now(),
    source: metadata.source,
    ...(metadata.source === 'url' ? { metadataUrl: metadata.url } : {}),
    signRequests: input.signRequests,
    vendor: connection.vendor,
  });
  const findings = judged(deps, analysis.findings);
  if (hasErrors(findings)) refuse(findings);

  const { attributeMapping, mappingFindings } = await mappingFor(deps, connection);
  await syncTestProvider(
    deps,
    connection,
    {
      type: 'SAML',
      ...(metadata.source === 'url' ? { metadataUrl: metadata.url } : { metadataFile: text }),
      signRequests: input.signRequests,
      idpInit: input.idpInitiated,
      idpSignout: input.idpSignout,
    },
    attributeMapping,
  );
  return saveDraft(
    deps,
    connection,
    {
      saml: {
        metadataSource: metadata.source,
        ...(metadata.source === 'url' ? { metadataUrl: metadata.url } : { fileName: metadata.fileName }),
        // Kept for review and diffing when it fits Cognito's file limit; a URL is re-read by Cognito itself.
        ...(text.length <= 131_072 ? { metadataXml: text } : {}),
        entityId: analysis.summary.entityId ?? undefined,
        signRequests: input.signRequests,
        idpInitiated: input.idpInitiated,
        idpSignout: input.idpSignout,
      },
      attributeMapping,
      findings,
      mappingFindings,
    },
    input.version,
  );
}

/**
 * The issuer's discovery document. When there is none, the issuer may be the address of SAML metadata
 * (an admin who chose the wrong protocol): the issuer itself is read once to say so.
 */
async function fetchDiscovery(deps: DetailsDeps, issuer: string, vendor: StoredConnection['vendor'], also: Finding[]) {
  const url = discoveryUrl(issuer);
  let text: string;
  try {
    text = (await deps.fetchUrl(url, { accept: 'application/json' })).text;
  } catch (error) {
    if (!isFetchFailure(error)) throw error;
    if (error.code === 'FETCH_HTTP_ERROR') {
      const itself = await deps.fetchUrl(issuer, { accept: '*/*' }).catch(() => null);
      if (itself && isSamlMetadataText(itself.text)) refuse([...also, issuerIsSamlMetadataFinding(issuer)]);
    }
    refuse([...also, fetchFailureFinding(error, { field: 'issuer', document: 'oidc-discovery', url, vendor })]);
  }
  const read = readDiscoveryDocument(text, url);
  if (!read.ok) refuse([...also, read.finding]);
  return read.discovery;
}

/** The key set at `jwks_uri`, or why it could not be read: Cognito fetches it at every sign-in. */
async function fetchJwks(deps: DetailsDeps, url: string): Promise<{ jwks: unknown } | { error: string }> {
  try {
    const document = await deps.fetchUrl(url, { accept: 'application/json' });
    try {
      return { jwks: JSON.parse(document.text) };
    } catch {
      return { error: `${url} did not return a JSON document.` };
    }
  } catch (error) {
    if (!isFetchFailure(error)) throw error;
    return { error: error.message };
  }
}

/**
 * Saves a connection's OIDC settings: discovery and JWKS fetched through the guarded fetcher and
 * analysed; the client secret goes to Cognito's test IdP and nowhere else (the draft keeps only a hint).
 * Without a new secret, the one already in the test IdP is kept: Cognito replaces ProviderDetails whole,
 * so it is read back from Cognito, never from our own storage.
 */
export async function saveOidcDetails(
  deps: DetailsDeps,
  connection: StoredConnection,
  input: OidcDetailsInput & { version: number },
): Promise<StoredConnection> {
  requireVersion(connection, input.version);
  requireEditable(connection, deps.now());
  requireProtocol(connection, 'oidc');

  let secret = input.clientSecret;
  if (!secret) {
    const existing = connection.draft?.oidc?.secret
      ? await deps.cognito.describeIdentityProvider(connection.testProviderName)
      : null;
    secret = existing?.details.client_secret;
    if (!secret) {
      throw new GatehouseError('SECRET_REQUIRED', 'Enter the client secret from your identity provider.', {
        field: 'clientSecret',
      });
    }
  }

  const issuer = input.issuer;
  const preliminary = judged(
    deps,
    analyzeOidcIssuer({ issuer, clientId: input.clientId, clientSecret: secret, authorizeScopes: input.scopes }).findings,
  );
  // An issuer that is refused as written (http, a multi-tenant Entra endpoint...) is never fetched.
  if (hasErrors(preliminary.filter((f) => f.field === 'issuer'))) refuse(preliminary);
  const discovery = await fetchDiscovery(deps, issuer, connection.vendor, preliminary);
  const jwksUri = (discovery as { jwks_uri?: unknown } | null)?.jwks_uri;
  let jwks: unknown;
  let jwksError: string | undefined;
  if (typeof jwksUri === 'string') {
    // A key set that cannot be read fails every sign-in: it is a finding, never skipped in silence.
    const read = await fetchJwks(deps, jwksUri);
    if ('jwks' in read) jwks = read.jwks;
    else jwksError = read.error;
  }
  const analysis = analyzeOidcIssuer({
    issuer,
    vendor: connection.vendor,
    discovery,
    ...(jwks === undefined ? {} : { jwks }),
    ...(jwksError === undefined ? {} : { jwksError }),
    clientId: input.clientId,
    clientSecret: secret,
    authorizeScopes: input.scopes,
  });
  const findings = judged(deps, analysis.findings);
  if (hasErrors(findings)) refuse(findings);

  const { attributeMapping, mappingFindings } = await mappingFor(deps, connection, analysis.summary.authorizeScopes);
  await syncTestProvider(
    deps,
    connection,
    {
      type: 'OIDC',
      issuer: analysis.summary.cognitoIssuer,
      clientId: input.clientId,
      clientSecret: secret,
      authorizeScopes: analysis.summary.authorizeScopes,
      attributesRequestMethod: input.attributesRequestMethod,
    },
    attributeMapping,
  );
  const now = deps.now();
  return saveDraft(
    deps,
    connection,
    {
      oidc: {
        issuer: analysis.summary.cognitoIssuer,
        clientId: input.clientId,
        secret: input.clientSecret ? secretHint(input.clientSecret, now) : (connection.draft?.oidc?.secret ?? null),
        scopes: analysis.summary.authorizeScopes,
        attributesRequestMethod: input.attributesRequestMethod,
      },
      attributeMapping,
      findings,
      mappingFindings,
    },
    input.version,
  );
}

/**
 * Saves the attribute mapping after checking it against the pool's schema (targets exist, custom
 * attributes are mutable, required ones are mapped, the username comes from an immutable claim...).
 * When the test IdP exists, its mapping follows, so the next test login uses it.
 */
export async function saveAttributeMapping(
  deps: DetailsDeps,
  connection: StoredConnection,
  input: { attributeMapping: AttributeMapping; version: number },
): Promise<StoredConnection> {
  requireVersion(connection, input.version);
  requireEditable(connection, deps.now());
  const schema = await deps.cognito.poolSchema();
  const scopes = connection.draft?.oidc?.scopes;
  const analysis = analyzeAttributeMapping({
    mapping: input.attributeMapping,
    schema,
    protocol: connection.protocol,
    vendor: connection.vendor,
    ...(scopes ? { authorizeScopes: scopes } : {}),
  });
  if (!analysis.ok || hasErrors(analysis.findings)) refuse(analysis.findings);
  const draft = connection.draft ?? { attributeMapping: {}, findings: [] };
  if (draft.saml || draft.oidc) await deps.cognito.setAttributeMapping(connection.testProviderName, input.attributeMapping);
  const now = deps.now();
  return deps.connections.save(
    {
      ...connection,
      draft: { ...draft, attributeMapping: input.attributeMapping, mappingFindings: analysis.findings },
      changeSeq: connection.changeSeq + 1,
      step: progressAfter(connection.step, 'mapping'),
      updatedAt: now.toISOString(),
    },
    input.version,
  );
}
