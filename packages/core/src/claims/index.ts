import { type Finding, finding } from '../findings/catalog.ts';
import type { IdpVendor } from '../findings/vendors.ts';
import { isTenantLikeAttribute } from '../tenant-claims.ts';

export * from '../findings/catalog.ts';

/** One entry of DescribeUserPool's SchemaAttributes (only the fields the rules read). */
export interface SchemaAttribute {
  Name?: string;
  AttributeDataType?: string;
  Mutable?: boolean;
  Required?: boolean;
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
}

import type { Protocol } from '../connections.ts';

export type { Protocol };

export interface AttributeMappingInput {
  /** user-pool attribute -> IdP claim (SAML attribute name or OIDC claim) */
  mapping: Record<string, string>;
  schema: readonly SchemaAttribute[];
  protocol: Protocol;
  vendor: IdpVendor;
  /** The app client's WriteAttributes, when known. */
  writeAttributes?: readonly string[];
  /** OIDC: the scopes Cognito requests (authorize_scopes), when known. */
  authorizeScopes?: string;
}

/** The scope that releases each standard OIDC claim (OpenID Connect Core 5.4). */
const CLAIM_SCOPES: Record<string, string> = {
  email: 'email',
  email_verified: 'email',
  phone_number: 'phone',
  phone_number_verified: 'phone',
  address: 'address',
  ...Object.fromEntries(
    [
      'name',
      'family_name',
      'given_name',
      'middle_name',
      'nickname',
      'preferred_username',
      'profile',
      'picture',
      'website',
      'gender',
      'birthdate',
      'zoneinfo',
      'locale',
      'updated_at',
    ].map((claim) => [claim, 'profile']),
  ),
};

const ENTRA_CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
const EMAIL_LIKE = /e-?mail|upn|userprincipalname|preferred_username|^mail$|nameidentifier@/i;
const LIST_LIKE = /groups?$|roles?$|memberof|wids$/i;
/** Cognito's limit for one attribute value. */
export const MAX_ATTRIBUTE_VALUE_CHARACTERS = 2_048;
/** Attributes the pool manages itself; they never come from an IdP. */
const POOL_MANAGED = new Set(['sub', 'identities']);

interface Preset {
  saml: Record<string, string>;
  oidc: Record<string, string>;
  /** The immutable user identifier: where the SAML NameID should come from, and the OIDC claim. */
  stableIdentifier: { saml: string; oidc: string };
}

const oidcStandard = {
  username: 'sub',
  email: 'email',
  email_verified: 'email_verified',
  given_name: 'given_name',
  family_name: 'family_name',
};

/** One-click claim mappings per vendor and protocol, from each vendor's default claim names. */
export const CLAIM_PRESETS: Record<IdpVendor, Preset> = {
  entra: {
    saml: {
      email: `${ENTRA_CLAIMS}/emailaddress`,
      given_name: `${ENTRA_CLAIMS}/givenname`,
      family_name: `${ENTRA_CLAIMS}/surname`,
    },
    // Entra's email claim is mutable and may be unverified (nOAuth), so email_verified is not mapped.
    oidc: { username: 'sub', email: 'email', given_name: 'given_name', family_name: 'family_name' },
    stableIdentifier: { saml: 'user.objectid (http://schemas.microsoft.com/identity/claims/objectidentifier)', oidc: 'sub' },
  },
  adfs: {
    saml: {
      email: `${ENTRA_CLAIMS}/emailaddress`,
      given_name: `${ENTRA_CLAIMS}/givenname`,
      family_name: `${ENTRA_CLAIMS}/surname`,
    },
    oidc: { username: 'sub', email: 'email', given_name: 'given_name', family_name: 'family_name' },
    stableIdentifier: { saml: 'objectGUID or the Windows account name, Persistent format', oidc: 'sub' },
  },
  okta: {
    saml: { email: 'email', given_name: 'firstName', family_name: 'lastName' },
    oidc: oidcStandard,
    stableIdentifier: { saml: 'user.getInternalProperty("id")', oidc: 'sub' },
  },
  google: {
    saml: { email: 'email', given_name: 'firstName', family_name: 'lastName' },
    oidc: oidcStandard,
    stableIdentifier: { saml: 'a persistent Name ID', oidc: 'sub' },
  },
  ping: {
    saml: { email: 'email', given_name: 'given_name', family_name: 'family_name' },
    oidc: oidcStandard,
    stableIdentifier: { saml: 'saml_subject mapped to the User ID', oidc: 'sub' },
  },
  onelogin: {
    saml: { email: 'email', given_name: 'firstName', family_name: 'lastName' },
    oidc: oidcStandard,
    stableIdentifier: { saml: 'the OneLogin UUID', oidc: 'sub' },
  },
  jumpcloud: {
    saml: { email: 'email', given_name: 'firstname', family_name: 'lastname' },
    oidc: oidcStandard,
    stableIdentifier: { saml: 'an immutable user attribute, persistent format', oidc: 'sub' },
  },
  keycloak: {
    saml: { email: 'urn:oid:1.2.840.113549.1.9.1', given_name: 'urn:oid:2.5.4.42', family_name: 'urn:oid:2.5.4.4' },
    oidc: oidcStandard,
    stableIdentifier: { saml: 'a persistent Name ID', oidc: 'sub' },
  },
  auth0: {
    saml: {
      email: `${ENTRA_CLAIMS}/emailaddress`,
      given_name: `${ENTRA_CLAIMS}/givenname`,
      family_name: `${ENTRA_CLAIMS}/surname`,
    },
    oidc: oidcStandard,
    stableIdentifier: { saml: 'user_id (the default nameIdentifierProbes)', oidc: 'sub' },
  },
  generic: {
    // The names the generic guide's Register step asks the IdP to release.
    saml: { email: 'email', given_name: 'given_name', family_name: 'family_name' },
    oidc: oidcStandard,
    stableIdentifier: { saml: 'a persistent Name ID', oidc: 'sub' },
  },
};

/**
 * The vendor's one-click mapping, limited to attributes the pool has (a preset never produces a
 * CLAIM_TARGET_UNKNOWN finding).
 */
export function claimPreset(vendor: IdpVendor, protocol: Protocol, schema: readonly SchemaAttribute[]): Record<string, string> {
  const names = new Set(schema.map((a) => a.Name));
  return Object.fromEntries(
    Object.entries(CLAIM_PRESETS[vendor][protocol]).filter(([target]) => target === 'username' || names.has(target)),
  );
}

/**
 * Checks an attribute mapping against the user pool's schema before Cognito sees it, returning every
 * finding at once: unknown, miscased or immutable targets, required attributes left out, values that
 * cannot fit, and a username that does not come from an immutable identifier.
 */
export function analyzeAttributeMapping(input: AttributeMappingInput): { ok: boolean; findings: Finding[] } {
  const { mapping, schema, protocol, vendor, writeAttributes } = input;
  const findings: Finding[] = [];
  const byName = new Map(schema.filter((a) => a.Name).map((a) => [a.Name as string, a]));
  const byLowerName = new Map([...byName.keys()].map((n) => [n.toLowerCase().replace(/[-_\s]/g, ''), n]));
  const stable = CLAIM_PRESETS[vendor].stableIdentifier[protocol];

  for (const [target, source] of Object.entries(mapping)) {
    const field = `attributeMapping.${target}`;
    if (!source.trim()) findings.push(finding('CLAIM_SOURCE_EMPTY', field));
    if (target === 'username') {
      if (EMAIL_LIKE.test(source)) {
        findings.push(
          finding(
            'CLAIM_USERNAME_FROM_EMAIL',
            field,
            `The username is mapped from "${source}", an email-like claim that can change or be reused.`,
            `Map the username from ${stable}.`,
          ),
        );
      } else if (protocol === 'oidc' && source !== stable && source !== 'oid') {
        findings.push(
          finding(
            'CLAIM_USERNAME_NOT_STABLE',
            field,
            `The username is mapped from "${source}", not from ${stable}.`,
            `Map the username from ${stable}.`,
          ),
        );
      }
      continue;
    }
    if (isTenantLikeAttribute(target)) {
      findings.push(finding('CLAIM_TARGET_TENANT', field, `"${target}" names the tenant, which only Gatehouse sets.`));
      continue;
    }
    const attribute = byName.get(target);
    if (!attribute) {
      const key = target.toLowerCase().replace(/[-_\s]/g, '');
      const intended = byLowerName.get(key) ?? (key === 'mail' || key === 'emailaddress' ? 'email' : undefined);
      findings.push(
        intended && byName.has(intended)
          ? finding(
              'CLAIM_TARGET_MISCASED',
              field,
              `"${target}" is not an attribute of the user pool; it is spelled "${intended}".`,
              `Rename the target to "${intended}".`,
            )
          : byName.has(`custom:${target}`)
            ? finding(
                'CLAIM_TARGET_UNKNOWN',
                field,
                `The user pool has no attribute "${target}"; it has the custom attribute "custom:${target}".`,
                `Rename the target to "custom:${target}": custom attributes are always named with the custom: prefix.`,
              )
            : finding('CLAIM_TARGET_UNKNOWN', field, `The user pool has no attribute "${target}".`),
      );
      continue;
    }
    if (POOL_MANAGED.has(target) || attribute.Mutable === false) {
      findings.push(
        finding('CLAIM_TARGET_IMMUTABLE', field, `The attribute "${target}" cannot be changed after the user is created.`),
      );
    }
    if (writeAttributes && !writeAttributes.includes(target)) {
      findings.push(finding('CLAIM_NOT_WRITABLE', field, `The app client cannot write "${target}".`));
    }
    const maxLength = Number(attribute.StringAttributeConstraints?.MaxLength ?? MAX_ATTRIBUTE_VALUE_CHARACTERS);
    if (LIST_LIKE.test(source)) {
      findings.push(
        finding(
          'CLAIM_VALUE_TOO_LONG',
          field,
          `"${source}" is a list claim and can exceed the ${Math.min(maxLength, MAX_ATTRIBUTE_VALUE_CHARACTERS).toLocaleString('en-US')} characters "${target}" holds.`,
        ),
      );
    } else if (maxLength < 256 && /^(?:email|name|address|profile|picture|website)$/.test(target)) {
      findings.push(
        finding(
          'CLAIM_VALUE_TOO_LONG',
          field,
          `"${target}" holds at most ${maxLength} characters, less than the claim may need.`,
        ),
      );
    }
  }

  for (const attribute of schema) {
    const name = attribute.Name;
    if (!name || !attribute.Required || POOL_MANAGED.has(name) || name in mapping) continue;
    findings.push(
      finding(
        'CLAIM_REQUIRED_UNMAPPED',
        `attributeMapping.${name}`,
        `The user pool requires "${name}" but no claim is mapped to it; sign-in would fail.`,
      ),
    );
  }
  if (protocol === 'oidc' && input.authorizeScopes !== undefined) {
    const requested = new Set(input.authorizeScopes.split(/[\s,]+/).filter(Boolean));
    for (const [target, claim] of Object.entries(mapping)) {
      const scope = CLAIM_SCOPES[claim];
      if (!scope || requested.has(scope)) continue;
      // Without the scope the IdP leaves the claim out of the ID token and userinfo: the attribute stays
      // empty, and a required one fails the sign-in.
      findings.push(
        finding(
          'CLAIM_SCOPE_MISSING',
          `attributeMapping.${target}`,
          `"${target}" is mapped from the "${claim}" claim, which the identity provider releases only for the "${scope}" scope; the scopes requested are "${[...requested].join(' ')}".`,
          `Add "${scope}" to the scopes in Provider details (and allow it for the application at your identity provider).`,
        ),
      );
    }
  }
  if ('email' in mapping && !('email_verified' in mapping))
    findings.push(finding('CLAIM_EMAIL_UNVERIFIED', 'attributeMapping.email_verified'));
  return { ok: !findings.some((f) => f.severity === 'error'), findings };
}
