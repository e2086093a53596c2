import { type Finding, finding } from '../findings/catalog.ts';
import type { IdpVendor } from '../findings/vendors.ts';

/** What the admin entered and what the caller fetched; anything not fetched is left out. */
export interface OidcAnalysisInput {
  issuer: string;
  /** The parsed JSON of `<issuer>/.well-known/openid-configuration`. */
  discovery?: unknown;
  /** The parsed JSON of the discovery document's `jwks_uri`. */
  jwks?: unknown;
  /** Why the caller could not fetch or read `jwks_uri` (HTTP status, not JSON...), when it could not. */
  jwksError?: string;
  clientId?: string;
  clientSecret?: string;
  /** Space- or comma-separated scopes, as typed. */
  authorizeScopes?: string;
  /** The IdP the admin chose: its fixes apply even on a custom domain that hides the vendor. */
  vendor?: IdpVendor;
}

export interface OidcSummary {
  issuer: string;
  /**
   * The issuer as Cognito's `oidc_issuer` takes it: as entered, or without the trailing slash an IdP
   * publishes (Auth0), since Cognito wants it without one and accepts the slashed `iss` of such an IdP.
   */
  cognitoIssuer: string;
  vendor: IdpVendor;
  discoveryUrl: string | null;
  authorizationEndpoint: string | null;
  tokenEndpoint: string | null;
  userinfoEndpoint: string | null;
  jwksUri: string | null;
  tokenEndpointAuthMethods: string[];
  signingAlgorithms: string[];
  keyIds: string[];
  /** The scopes Cognito will request, normalised (space-separated, openid first). */
  authorizeScopes: string;
}

export interface OidcAnalysis {
  ok: boolean;
  findings: Finding[];
  summary: OidcSummary;
}

const ENTRA_HOSTS = /^login\.(?:microsoftonline\.(?:com|us)|partner\.microsoftonline\.cn|microsoft\.com)$/i;
const ENTRA_MULTI_TENANT = new Set(['common', 'organizations', 'consumers', '{tenantid}']);
/** HMAC-SHA, ECDSA and RSA PKCS#1 v1.5 with SHA-2: what Cognito verifies ID tokens with. */
const ACCEPTED_ALGORITHMS = /^(?:RS|ES|HS)(?:256|384|512)$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CLIENT_SECRET_POST_FIX: Partial<Record<IdpVendor, string>> = {
  ping: 'In PingOne > Applications > your application > Configuration, set "Token Endpoint Authentication Method" to Client Secret Post.',
  onelogin: 'In OneLogin > Applications > your OpenId Connect app > SSO, set "Token Endpoint Authentication Method" to POST.',
  jumpcloud: 'In JumpCloud > SSO Applications > your OIDC application, set "Client Authentication Type" to Client Secret Post.',
  auth0: 'In Auth0 > Applications, use a Regular Web Application and set its "Authentication Method" to Client Secret (Post).',
  okta: 'In Okta > Applications > your app > General > Client Credentials, choose "Client secret" with the client_secret_post method.',
};
/** PingFederate (self-hosted), told apart from PingOne by the issuer's host. */
const PINGFEDERATE_CLIENT_SECRET_POST_FIX =
  'In PingFederate > Applications > OAuth > Clients > your client, set Client Authentication to Client Secret; Cognito sends it in the request body (client_secret_post).';

function clientSecretPostFix(vendor: IdpVendor, issuer: string): string | undefined {
  if (vendor === 'ping' && !/pingone\./i.test(issuer)) return PINGFEDERATE_CLIENT_SECRET_POST_FIX;
  return CLIENT_SECRET_POST_FIX[vendor];
}

/** The discovery URL for an issuer, as OpenID Connect Discovery defines it. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/**
 * Normalises scopes as typed ("openid,email  profile email") into what Cognito's authorize_scopes holds:
 * space-separated, duplicates removed, `openid` first.
 */
export function normalizeAuthorizeScopes(text: string): string {
  const scopes = [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
  return ['openid', ...scopes.filter((s) => s !== 'openid')].join(' ');
}

// A SAML metadata root, with or without a namespace prefix: what an issuer that is really a SAML
// metadata URL returns.
const SAML_METADATA_ROOT = /^(?:<\?xml[^>]*\?>|<!--[\s\S]*?-->|\s)*<(?:[\w.-]+:)?Entit(?:y|ies)Descriptor[\s>]/;

/** True when the text is SAML 2.0 metadata (its root is an EntityDescriptor or EntitiesDescriptor). */
export function isSamlMetadataText(text: string): boolean {
  return SAML_METADATA_ROOT.test(text.replace(/^\uFEFF/, ''));
}

/** A finding saying the issuer the admin entered is the address of SAML metadata, not an OIDC provider. */
export function issuerIsSamlMetadataFinding(url: string): Finding {
  return finding(
    'OIDC_DISCOVERY_IS_SAML_METADATA',
    'issuer',
    `${url.slice(0, 200)} returns SAML 2.0 metadata (XML), not an OpenID Connect discovery document.`,
    `This is a SAML identity provider: go back to the first step, choose SAML, and give ${url.slice(0, 200)} as the metadata URL. Or enter the OpenID Connect issuer of the application instead.`,
  );
}

/**
 * Reads the text fetched from an issuer's discovery URL: the parsed JSON, or a finding on the issuer that
 * says what came back instead (SAML metadata, or something that is not JSON). Pure.
 */
export function readDiscoveryDocument(
  text: string,
  url: string,
): { ok: true; discovery: unknown } | { ok: false; finding: Finding } {
  try {
    return { ok: true, discovery: JSON.parse(text) };
  } catch {
    if (isSamlMetadataText(text)) return { ok: false, finding: issuerIsSamlMetadataFinding(url) };
    return {
      ok: false,
      finding: finding(
        'OIDC_DISCOVERY_INVALID',
        'issuer',
        `${url.slice(0, 200)} did not return a JSON document.`,
        'Check the issuer: its discovery document must be at <issuer>/.well-known/openid-configuration.',
      ),
    };
  }
}

/** Recognises the IdP product from an OIDC issuer. */
export function detectOidcVendor(issuer: string): IdpVendor {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'generic';
  }
  const host = url.hostname.toLowerCase();
  if (ENTRA_HOSTS.test(host) || host === 'sts.windows.net') return 'entra';
  if (/\.(?:okta|oktapreview|okta-emea)\.com$/.test(host)) return 'okta';
  if (host === 'accounts.google.com') return 'google';
  if (/^\/adfs\/?$/i.test(url.pathname)) return 'adfs';
  if (/(?:^|\.)pingone\.[a-z.]+$/.test(host)) return 'ping';
  if (host.endsWith('.onelogin.com')) return 'onelogin';
  if (host.endsWith('jumpcloud.com')) return 'jumpcloud';
  if (/\/realms\/[^/]+\/?$/.test(url.pathname)) return 'keycloak';
  if (host.endsWith('.auth0.com')) return 'auth0';
  return 'generic';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
}

function checkHttpsUrl(value: string, field: string, findings: Finding[]) {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    findings.push(finding('OIDC_ENDPOINT_NOT_HTTPS', field, `${field} "${value.slice(0, 200)}" is not a URL.`));
    return;
  }
  if (url.protocol !== 'https:') {
    findings.push(finding('OIDC_ENDPOINT_NOT_HTTPS', field, `${field} ${url.origin} is not https; Cognito refuses it.`));
  }
  if (url.port && url.port !== '443' && url.port !== '80') {
    findings.push(finding('OIDC_ENDPOINT_PORT', field, `${field} uses port ${url.port}; Cognito reaches only ports 443 and 80.`));
  }
}

/**
 * Analyses an OIDC issuer, its discovery document and JWKS (fetched by the caller) and the client
 * credentials for use as a Cognito OIDC identity provider. Returns every finding at once. Pure.
 */
export function analyzeOidcIssuer(input: OidcAnalysisInput): OidcAnalysis {
  const findings: Finding[] = [];
  const issuer = input.issuer.trim();
  const vendor = detectOidcVendor(issuer);
  const summary: OidcSummary = {
    issuer,
    cognitoIssuer: issuer,
    vendor,
    discoveryUrl: null,
    authorizationEndpoint: null,
    tokenEndpoint: null,
    userinfoEndpoint: null,
    jwksUri: null,
    tokenEndpointAuthMethods: [],
    signingAlgorithms: [],
    keyIds: [],
    authorizeScopes: normalizeAuthorizeScopes(input.authorizeScopes ?? 'openid email profile'),
  };
  const done = (): OidcAnalysis => ({ ok: !findings.some((f) => f.severity === 'error'), findings, summary });

  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    findings.push(finding('OIDC_ISSUER_INVALID', 'issuer', `"${issuer.slice(0, 200)}" is not an absolute URL.`));
    return done();
  }
  summary.discoveryUrl = discoveryUrl(issuer);
  if (url.protocol !== 'https:') {
    findings.push(
      finding('OIDC_ISSUER_NOT_HTTPS', 'issuer', `The issuer starts with ${url.protocol}//; Cognito requires https://.`),
    );
  }
  if (url.port && url.port !== '443' && url.port !== '80') {
    findings.push(
      finding('OIDC_ISSUER_PORT', 'issuer', `The issuer uses port ${url.port}; Cognito reaches only ports 443 and 80.`),
    );
  }
  if (url.search || url.hash || issuer.includes('?') || issuer.includes('#'))
    findings.push(finding('OIDC_ISSUER_QUERY', 'issuer'));
  const firstSegment = decodeURIComponent(url.pathname.split('/')[1] ?? '').toLowerCase();
  if (vendor === 'entra' && ENTRA_MULTI_TENANT.has(firstSegment)) {
    findings.push(
      finding(
        'OIDC_ISSUER_MULTI_TENANT',
        'issuer',
        `The "${firstSegment}" issuer accepts any Microsoft Entra tenant and never matches a token’s issuer; Cognito rejects it.`,
        'In the Entra admin center > Overview, copy the Tenant ID and use https://login.microsoftonline.com/<tenant id>/v2.0.',
      ),
    );
  }

  const discovery = input.discovery;
  const published = isRecord(discovery) && typeof discovery.issuer === 'string' ? discovery.issuer : null;
  // A trailing slash can only be judged against what the IdP publishes: without discovery it is left alone.
  if (published?.endsWith('/') && published.replace(/\/+$/, '') === issuer.replace(/\/+$/, '')) {
    // AWS's OIDC IdP page: the issuer "shouldn't end with a slash"; Auth0 publishes one, is entered
    // without it and federates (reference notes, facts checked). Saved the way Cognito wants it.
    summary.cognitoIssuer = issuer.replace(/\/+$/, '');
    findings.push(
      finding(
        'OIDC_ISSUER_PUBLISHED_WITH_SLASH',
        'issuer',
        `Your identity provider publishes its issuer with a trailing slash; it is saved for Cognito as ${summary.cognitoIssuer.slice(0, 200)}.`,
      ),
    );
  } else if (issuer.endsWith('/') && published === issuer.replace(/\/+$/, '')) {
    findings.push(finding('OIDC_ISSUER_TRAILING_SLASH', 'issuer'));
  }
  if (discovery === undefined) {
    if (input.clientId !== undefined || input.clientSecret !== undefined) checkClient(input, findings);
    checkScopes(input, summary, findings);
    return done();
  }
  if (!isRecord(discovery)) {
    findings.push(finding('OIDC_DISCOVERY_INVALID', 'discovery'));
    return done();
  }
  if (published === null) {
    findings.push(finding('OIDC_DISCOVERY_INVALID', 'discovery.issuer', 'The discovery document has no issuer.'));
  } else if (published.replace(/\/+$/, '') !== issuer.replace(/\/+$/, '')) {
    findings.push(
      finding(
        'OIDC_ISSUER_MISMATCH',
        'issuer',
        `The discovery document publishes the issuer "${published.slice(0, 200)}", not "${issuer.slice(0, 200)}".`,
        published.includes('{tenantid}')
          ? 'Use your tenant’s own issuer: https://login.microsoftonline.com/<your tenant id>/v2.0.'
          : `Enter the issuer exactly as published: ${published.slice(0, 200)}`,
      ),
    );
  }

  const endpoints = [
    ['authorization_endpoint', 'authorizationEndpoint'],
    ['token_endpoint', 'tokenEndpoint'],
    ['userinfo_endpoint', 'userinfoEndpoint'],
    ['jwks_uri', 'jwksUri'],
  ] as const;
  for (const [key, summaryKey] of endpoints) {
    const value = discovery[key];
    if (typeof value !== 'string' || value.length === 0) {
      findings.push(finding('OIDC_ENDPOINT_MISSING', `discovery.${key}`, `The discovery document has no ${key}.`));
      continue;
    }
    summary[summaryKey] = value;
    checkHttpsUrl(value, `discovery.${key}`, findings);
  }

  // OpenID Connect Discovery: an absent list means client_secret_basic only.
  const methods = stringList(discovery.token_endpoint_auth_methods_supported) ?? ['client_secret_basic'];
  summary.tokenEndpointAuthMethods = methods;
  if (!methods.includes('client_secret_post')) {
    findings.push(
      finding(
        'OIDC_CLIENT_SECRET_POST_MISSING',
        'discovery.token_endpoint_auth_methods_supported',
        `The provider offers ${methods.join(', ') || 'no method'} at its token endpoint; Cognito sends only client_secret_post.`,
        clientSecretPostFix(input.vendor && input.vendor !== 'generic' ? input.vendor : vendor, issuer),
      ),
    );
  }
  const responseTypes = stringList(discovery.response_types_supported) ?? [];
  if (!responseTypes.some((t) => t.split(' ').includes('code'))) {
    findings.push(finding('OIDC_CODE_FLOW_MISSING', 'discovery.response_types_supported'));
  }
  const scopes = stringList(discovery.scopes_supported);
  if (scopes && !scopes.includes('openid')) findings.push(finding('OIDC_OPENID_SCOPE_MISSING', 'discovery.scopes_supported'));
  const algorithms = stringList(discovery.id_token_signing_alg_values_supported) ?? [];
  summary.signingAlgorithms = algorithms;
  if (!algorithms.some((a) => ACCEPTED_ALGORITHMS.test(a))) {
    findings.push(
      finding(
        'OIDC_SIGNING_ALG_UNSUPPORTED',
        'discovery.id_token_signing_alg_values_supported',
        `The provider signs ID tokens with ${algorithms.join(', ') || 'no announced algorithm'}; Cognito needs RS, ES or HS with SHA-256/384/512.`,
      ),
    );
  }

  if (input.jwksError !== undefined) {
    // Cognito fetches the key set at every sign-in: one it cannot read fails every sign-in.
    findings.push(
      finding(
        'OIDC_JWKS_UNREACHABLE',
        'discovery.jwks_uri',
        `The key set at ${(summary.jwksUri ?? 'jwks_uri').slice(0, 200)} could not be read: ${input.jwksError.slice(0, 200)}`,
      ),
    );
  } else if (input.jwks !== undefined) checkJwks(input.jwks, summary, findings);
  checkClient(input, findings);
  checkScopes(input, summary, findings);
  return done();
}

function checkJwks(jwks: unknown, summary: OidcSummary, findings: Finding[]) {
  const keys = isRecord(jwks) && Array.isArray(jwks.keys) ? jwks.keys : null;
  if (!keys || keys.length === 0) {
    findings.push(finding('OIDC_JWKS_INVALID', 'jwks'));
    return;
  }
  let signing = 0;
  keys.forEach((key, i) => {
    if (!isRecord(key) || key.use === 'enc') return;
    signing += 1;
    if (typeof key.kid === 'string' && key.kid.length > 0) summary.keyIds.push(key.kid);
    else findings.push(finding('OIDC_JWKS_KID_MISSING', `jwks.keys[${i}]`));
  });
  if (signing === 0) findings.push(finding('OIDC_JWKS_INVALID', 'jwks', 'The JWKS holds encryption keys only.'));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkClient(input: OidcAnalysisInput, findings: Finding[]) {
  const { clientId, clientSecret } = input;
  if (clientId !== undefined) {
    if (!clientId || clientId !== clientId.trim() || clientId.length > 255 || CONTROL.test(clientId)) {
      findings.push(finding('OIDC_CLIENT_ID_INVALID', 'clientId'));
    }
  }
  if (clientSecret !== undefined) {
    if (!clientSecret || clientSecret !== clientSecret.trim() || clientSecret.length > 1024 || CONTROL.test(clientSecret)) {
      findings.push(finding('OIDC_CLIENT_SECRET_INVALID', 'clientSecret'));
    } else if (clientSecret === clientId || GUID.test(clientSecret)) {
      findings.push(finding('OIDC_CLIENT_SECRET_LOOKS_LIKE_ID', 'clientSecret'));
    }
  }
}

function checkScopes(input: OidcAnalysisInput, summary: OidcSummary, findings: Finding[]) {
  if (input.authorizeScopes !== undefined && summary.authorizeScopes !== input.authorizeScopes.trim()) {
    findings.push(
      finding('OIDC_SCOPES_NORMALISED', 'authorizeScopes', `The scopes will be requested as "${summary.authorizeScopes}".`),
    );
  }
}
