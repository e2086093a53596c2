import { randomUUID } from 'node:crypto';
import type { Engine } from '../engine.ts';
import type { ClientRecord, IdpRecord, PoolRecord, UserRecord } from '../state.ts';
import { FederationError } from './errors.ts';

export type Claims = Record<string, string | string[] | undefined>;

const MAX_ATTRIBUTE_LENGTH = 2048;
// Characters outside the Basic Multilingual Plane take 4 bytes in UTF-8; Cognito rejects them in SAML
// attribute values.
const FOUR_BYTE_UTF8 = /[\u{10000}-\u{10FFFF}]/u;

/**
 * URL form encoding as Java's URLEncoder does it: letters, digits and `. - * _` are kept, a space becomes
 * `+`, everything else its UTF-8 bytes as `%XX`.
 */
function formEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function flatten(value: string | string[], saml: boolean): string {
  if (!Array.isArray(value)) return value;
  if (value.length === 1) return value[0] ?? '';
  // Multi-valued claims reach the user pool as one string listing the values in brackets. For SAML,
  // "Amazon Cognito will URL form encode the values containing non-alphanumeric characters (excluding the
  // '.', '-', '*', and '_' characters)" (developer guide, specifying identity provider attribute mappings,
  // awsdocs/amazon-cognito-developer-guide). The ", " separator is from public reports, not a document.
  return `[${(saml ? value.map(formEncode) : value).join(', ')}]`;
}

/**
 * The user name of a federated user: `<ProviderName>_<subject>`, lower-cased whole (the provider prefix
 * too) in a pool created with `UsernameConfiguration.CaseSensitive: false` (developer guide, user name case
 * sensitivity; aws-amplify/amplify-js issue 13844). The API's default for CaseSensitive is true.
 */
export function federatedUsername(pool: PoolRecord, providerName: string, subject: string): string {
  const username = `${providerName}_${subject}`;
  const configuration = pool.settings.UsernameConfiguration as { CaseSensitive?: boolean } | undefined;
  return configuration?.CaseSensitive === false ? username.toLowerCase() : username;
}

/**
 * The `identities` attribute is stored (and read by GetUser, ListUsers and trigger events) with `primary` a
 * boolean and `dateCreated` a number; the ID token's `identities` claim has both as strings (reference
 * notes: token claims, and facts checked). State saved when the attribute was kept in the token's form is
 * read either way.
 */
export function identitiesAsStored(attribute: string): string {
  return JSON.stringify(
    (JSON.parse(attribute) as Array<Record<string, unknown>>).map((identity) => ({
      ...identity,
      primary: identity.primary === true || identity.primary === 'true',
      dateCreated: Number(identity.dateCreated),
    })),
  );
}

/** The `identities` claim of the ID token, from the stored attribute. */
export function identitiesAsClaim(attribute: string): Array<Record<string, unknown>> {
  return (JSON.parse(attribute) as Array<Record<string, unknown>>).map((identity) => ({
    ...identity,
    primary: String(identity.primary),
    dateCreated: String(identity.dateCreated),
  }));
}

/**
 * Creates or updates the federated user `<ProviderName>_<subject>` the way Cognito does at every sign-in:
 * each mapped attribute whose claim is present is rewritten, claims that disappear leave the attribute as
 * it was, a mapped email stays unverified unless email_verified is mapped, and the first sign-in puts the
 * user in the group `<poolId>_<ProviderName>`. Throws FederationError with Cognito's texts.
 */
export async function upsertFederatedUser(
  engine: Engine,
  pool: PoolRecord,
  client: ClientRecord,
  idp: IdpRecord,
  subject: string,
  claims: Claims,
  issuer: string | null,
  /** Runs before a new user is kept (the pre sign-up trigger); it may change the user or throw to refuse it. */
  beforeCreate?: (candidate: UserRecord) => Promise<void>,
): Promise<UserRecord> {
  const saml = idp.ProviderType === 'SAML';
  const prefix = saml ? 'Error in SAML response processing: ' : '';
  const username = federatedUsername(pool, idp.ProviderName, subject);
  const existing =
    pool.users[username] ?? Object.values(pool.users).find((u) => u.Username.toLowerCase() === username.toLowerCase());
  // Names are case-insensitive and shared with native users: a native user who took this name is not the
  // federated identity (what Cognito does then is not documented; refusing is a guess).
  if (existing && existing.UserStatus !== 'EXTERNAL_PROVIDER') {
    throw new FederationError('invalid_request', `${prefix}A user named ${username} already exists in the user pool.`);
  }
  const schema = new Map(pool.SchemaAttributes.map((a) => [a.Name, a]));
  const writable = client.WriteAttributes as string[] | undefined;
  const mapped: Record<string, string> = {};
  for (const [target, claimName] of Object.entries(idp.AttributeMapping)) {
    const raw = claims[claimName];
    if (raw === undefined) continue;
    if (target === 'username') {
      // OIDC maps username to sub by default, and the username is fixed anyway; SAML has no such attribute.
      if (saml)
        throw new FederationError(
          'server_error',
          `${prefix}Invalid user attributes: username: Attribute does not exist in the schema.`,
        );
      continue;
    }
    const attribute = schema.get(target);
    if (!attribute || target === 'sub' || target === 'identities') {
      throw new FederationError(
        'server_error',
        `${prefix}Invalid user attributes: ${target}: Attribute does not exist in the schema.`,
      );
    }
    const value = flatten(raw, saml);
    if (value.length > MAX_ATTRIBUTE_LENGTH) {
      throw new FederationError(
        'invalid_request',
        `${prefix}Invalid user attributes: ${target}: String must be no longer than ${MAX_ATTRIBUTE_LENGTH} characters`,
      );
    }
    if (saml && FOUR_BYTE_UTF8.test(value)) {
      throw new FederationError(
        'invalid_request',
        `${prefix}Invalid user attributes: ${target}: Attribute value contains invalid characters`,
      );
    }
    // Whether Cognito skips or fails on a mapped attribute the client may not write is documented both
    // ways; failing is the stricter reading.
    if (writable && !writable.includes(target)) {
      throw new FederationError('invalid_request', `Invalid user attributes: ${target}: Attribute cannot be updated.`);
    }
    if (existing && !attribute.Mutable && existing.Attributes[target] !== value) {
      throw new FederationError('invalid_request', `Invalid user attributes: ${target}: Attribute cannot be updated.`);
    }
    mapped[target] = value;
  }
  const now = engine.timestamp();
  for (const attribute of pool.SchemaAttributes) {
    if (!attribute.Required || attribute.Name === 'sub' || mapped[attribute.Name] !== '') continue;
    // A required attribute the IdP sends empty would be deleted: Cognito refuses the sign-in and changes
    // nothing ("Invalid SAML response received: Invalid user attributes: <attribute>: Required attribute
    // cannot be deleted", AWS knowledge center, invalid SAML response errors). One that is absent is left
    // as it was (archived developer guide, attribute mapping).
    throw new FederationError(
      'invalid_request',
      existing
        ? `${saml ? 'Invalid SAML response received: ' : ''}Invalid user attributes: ${attribute.Name}: Required attribute cannot be deleted`
        : `${prefix}Invalid user attributes: ${attribute.Name}: The attribute is required`,
    );
  }
  if (existing) {
    Object.assign(existing.Attributes, mapped);
    existing.UserLastModifiedDate = now;
    engine.save();
    return existing;
  }
  for (const attribute of pool.SchemaAttributes) {
    if (attribute.Required && attribute.Name !== 'sub' && mapped[attribute.Name] === undefined) {
      throw new FederationError(
        'invalid_request',
        `${prefix}Invalid user attributes: ${attribute.Name}: The attribute is required`,
      );
    }
  }
  if (mapped.email !== undefined && mapped.email_verified === undefined) mapped.email_verified = 'false';
  const identities = [
    {
      userId: subject,
      providerName: idp.ProviderName,
      providerType: idp.ProviderType,
      issuer,
      primary: true,
      dateCreated: Math.floor(now * 1000),
    },
  ];
  const group = `${pool.Id}_${idp.ProviderName}`;
  const user: UserRecord = {
    Username: username,
    Attributes: { sub: randomUUID(), ...mapped, identities: JSON.stringify(identities) },
    UserCreateDate: now,
    UserLastModifiedDate: now,
    Enabled: true,
    UserStatus: 'EXTERNAL_PROVIDER',
    groups: [group],
  };
  if (beforeCreate) await beforeCreate(user);
  // A sign-in racing this one may have created the user while the trigger ran: that one is kept.
  const raced = pool.users[username];
  if (raced) return raced;
  if (!pool.groups[group]) {
    pool.groups[group] = {
      GroupName: group,
      UserPoolId: pool.Id,
      Description: `Autogenerated group for users who sign in using ${idp.ProviderName}`,
      CreationDate: now,
      LastModifiedDate: now,
    };
  }
  pool.users[username] = user;
  engine.save();
  return user;
}
