import { GatehouseError } from '../errors.ts';
import type { CreateIdentityProviderInput } from './provider-input.ts';

/** Cognito's ProviderName pattern on CreateIdentityProvider (a full match; at least 3 characters). */
export const PROVIDER_NAME_PATTERN = /^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$/u;
export const PROVIDER_NAME_MAX_LENGTH = 32;
/** Names Cognito gives other meanings: the pool's own directory and the social providers. */
export const RESERVED_PROVIDER_NAMES = ['cognito', 'google', 'facebook', 'loginwithamazon', 'signinwithapple'];
export const IDP_IDENTIFIER_PATTERN = /^[\w\s+=.@-]+$/;
export const MAX_IDP_IDENTIFIERS = 50;
export const MAX_METADATA_FILE_CHARACTERS = 131_072;

/** True when Cognito accepts `name` as the ProviderName of a new SAML/OIDC IdP. */
export function isValidProviderName(name: string): boolean {
  return (
    name.length >= 3 &&
    name.length <= PROVIDER_NAME_MAX_LENGTH &&
    PROVIDER_NAME_PATTERN.test(name) &&
    !RESERVED_PROVIDER_NAMES.includes(name.toLowerCase())
  );
}

// FNV-1a: a stable, dependency-free hash so that the same (tenant, connection) always gets the same name.
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The Cognito ProviderName of a tenant's connection: readable (it starts with the tenant id, and users
 * appear in the pool as `<name>_<id>`), within Cognito's pattern and 32 characters, and the same every
 * time for the same (tenant, connection). The test IdP used for a trial sign-in gets a distinct name so
 * it never collides with, or replaces, the live one.
 */
export function providerNameFor(tenantId: string, connectionId: string, kind: 'live' | 'test' = 'live'): string {
  const hash = fnv1a(`${kind}\n${tenantId}\n${connectionId}`).toString(36).padStart(7, '0');
  const prefix = kind === 'live' ? 'gh-' : 'ghtest-';
  const room = PROVIDER_NAME_MAX_LENGTH - prefix.length - 1 - hash.length;
  const tenant = tenantId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, room);
  const name = `${prefix}${tenant}-${hash}`;
  if (!isValidProviderName(name)) throw new Error(`Generated provider name ${name} is not valid for Cognito.`);
  return name;
}

export interface SamlProviderSettings {
  type: 'SAML';
  /** Exactly one of metadataUrl and metadataFile. */
  metadataUrl?: string;
  metadataFile?: string;
  /** Sign out of the IdP when the user signs out of the app. */
  idpSignout?: boolean;
  /** Accept IdP-initiated sign-in. */
  idpInit?: boolean;
  /** Sign AuthnRequests (the IdP wants signed requests); Cognito supports RSA-SHA256 only. */
  signRequests?: boolean;
  encryptedResponses?: boolean;
}

export interface OidcProviderSettings {
  type: 'OIDC';
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated, already normalised. */
  authorizeScopes: string;
  attributesRequestMethod?: 'GET' | 'POST';
}

export type ProviderSettings = SamlProviderSettings | OidcProviderSettings;

export interface IdentityProviderRequest {
  userPoolId: string;
  providerName: string;
  settings: ProviderSettings;
  /** user-pool attribute -> IdP claim */
  attributeMapping?: Record<string, string>;
  /** Verified email domains only: Cognito routes sign-ins by them. */
  idpIdentifiers?: string[];
}

export type { CreateIdentityProviderInput } from './provider-input.ts';

/** UpdateIdentityProvider's input. ProviderDetails sent is taken whole by Cognito, so it is always complete. */
export type UpdateIdentityProviderInput = Omit<CreateIdentityProviderInput, 'ProviderType'>;

function invalid(message: string, field: string): GatehouseError {
  return new GatehouseError('VALIDATION_FAILED', message, { field });
}

function providerDetails(settings: ProviderSettings): Record<string, string> {
  if (settings.type === 'OIDC') {
    return {
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
      authorize_scopes: settings.authorizeScopes,
      attributes_request_method: settings.attributesRequestMethod ?? 'GET',
      oidc_issuer: settings.issuer,
    };
  }
  const hasUrl = settings.metadataUrl !== undefined;
  const hasFile = settings.metadataFile !== undefined;
  if (hasUrl === hasFile) throw invalid('Give exactly one of the metadata URL and the metadata file.', 'settings');
  if (hasFile && (settings.metadataFile?.length ?? 0) > MAX_METADATA_FILE_CHARACTERS) {
    throw invalid(
      'The metadata file is longer than the 131,072 characters Cognito accepts; use the URL.',
      'settings.metadataFile',
    );
  }
  const details: Record<string, string> = hasUrl
    ? { MetadataURL: settings.metadataUrl ?? '' }
    : { MetadataFile: settings.metadataFile ?? '' };
  details.IDPSignout = String(settings.idpSignout ?? false);
  details.IDPInit = String(settings.idpInit ?? false);
  if (settings.encryptedResponses) details.EncryptedResponses = 'true';
  if (settings.signRequests) details.RequestSigningAlgorithm = 'rsa-sha256';
  return details;
}

function validated(request: IdentityProviderRequest): UpdateIdentityProviderInput {
  if (!isValidProviderName(request.providerName)) throw invalid('The provider name is not valid for Cognito.', 'providerName');
  const input: UpdateIdentityProviderInput = {
    UserPoolId: request.userPoolId,
    ProviderName: request.providerName,
    ProviderDetails: providerDetails(request.settings),
  };
  if (request.attributeMapping) {
    for (const [key, value] of Object.entries(request.attributeMapping)) {
      if (key.length < 1 || key.length > 32) throw invalid(`The attribute ${key} has an invalid name.`, 'attributeMapping');
      if (value.length > MAX_METADATA_FILE_CHARACTERS) throw invalid(`The claim for ${key} is too long.`, 'attributeMapping');
    }
    input.AttributeMapping = { ...request.attributeMapping };
  }
  if (request.idpIdentifiers) {
    const ids = request.idpIdentifiers;
    if (ids.length > MAX_IDP_IDENTIFIERS)
      throw invalid('Cognito allows at most 50 identifiers per identity provider.', 'idpIdentifiers');
    if (new Set(ids).size !== ids.length) throw invalid('An identifier is listed twice.', 'idpIdentifiers');
    for (const id of ids) {
      if (id.length < 1 || id.length > 40 || !IDP_IDENTIFIER_PATTERN.test(id)) {
        throw invalid(`"${id}" cannot be a Cognito IdP identifier (1-40 letters, digits and . _ @ + = -).`, 'idpIdentifiers');
      }
    }
    input.IdpIdentifiers = [...ids];
  }
  return input;
}

/**
 * Builds CreateIdentityProvider's input from a validated connection. Throws a VALIDATION_FAILED
 * GatehouseError for what Cognito would refuse (bad name, both or no metadata sources, identifiers).
 */
export function buildCreateIdentityProviderInput(request: IdentityProviderRequest): CreateIdentityProviderInput {
  const { UserPoolId, ProviderName, ...rest } = validated(request);
  return { UserPoolId, ProviderName, ProviderType: request.settings.type, ...rest };
}

/** Builds UpdateIdentityProvider's input: the whole ProviderDetails, since Cognito replaces it whole. */
export function buildUpdateIdentityProviderInput(request: IdentityProviderRequest): UpdateIdentityProviderInput {
  return validated(request);
}

/**
 * ProviderDetails keys that DescribeIdentityProvider returns but Create and Update refuse ("... is not a
 * valid key for SAML identity provider details"): Cognito derives them from the metadata or adds them.
 */
export const RESPONSE_ONLY_PROVIDER_DETAILS = [
  'ActiveEncryptionCertificate',
  'SSORedirectBindingURI',
  'SLORedirectBindingURI',
  'attributes_url_add_attributes',
] as const;

/**
 * The input that puts an IdP back exactly as DescribeIdentityProvider showed it, for undoing a change:
 * the details without the keys Cognito only returns, with the same mapping and identifiers.
 */
export function restoreIdentityProviderInput(
  userPoolId: string,
  described: {
    name: string;
    type: string;
    details: Record<string, string>;
    attributeMapping: Record<string, string>;
    idpIdentifiers: string[];
  },
): CreateIdentityProviderInput {
  const details = Object.fromEntries(
    Object.entries(described.details).filter(([key]) => !(RESPONSE_ONLY_PROVIDER_DETAILS as readonly string[]).includes(key)),
  );
  return {
    UserPoolId: userPoolId,
    ProviderName: described.name,
    ProviderType: described.type === 'OIDC' ? 'OIDC' : 'SAML',
    ProviderDetails: details,
    AttributeMapping: { ...described.attributeMapping },
    IdpIdentifiers: [...described.idpIdentifiers],
  };
}

export {
  hclString,
  type IacSecretReference,
  type IacSource,
  iacSecretReference,
  renderCdk,
  renderTerraform,
  terraformLabel,
} from './iac.ts';
