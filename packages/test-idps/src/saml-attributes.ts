import type { DemoUser } from './users.ts';

/** Whose attribute names and formats the SAML IdP imitates. */
export type SamlShape = 'entra' | 'okta' | 'google' | 'generic';

/** The NameID formats the SAML IdP can issue. */
export type SamlNameIdFormat = 'persistent' | 'email' | 'transient';

/** One `<saml:Attribute>`; `nameFormat` is left out when the imitated IdP leaves it out. */
export interface SamlAttribute {
  name: string;
  nameFormat?: string;
  values: string[];
}

export const NAME_ID_FORMAT_URIS: Record<SamlNameIdFormat, string> = {
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  email: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
};

const UNSPECIFIED = 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified';
const BASIC = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';

/** The tenant every Entra-shaped assertion claims to come from. */
export const ENTRA_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** Claim URIs Entra ID sends, as listed in its "Attributes & Claims" defaults. */
export const ENTRA_CLAIMS = {
  tenantId: 'http://schemas.microsoft.com/identity/claims/tenantid',
  objectId: 'http://schemas.microsoft.com/identity/claims/objectidentifier',
  displayName: 'http://schemas.microsoft.com/identity/claims/displayname',
  identityProvider: 'http://schemas.microsoft.com/identity/claims/identityprovider',
  givenName: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
  surname: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
  emailAddress: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
  groups: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
} as const;

function present(name: string, value: string | undefined, nameFormat?: string): SamlAttribute[] {
  if (value === undefined || value === '') return [];
  return [{ name, values: [value], ...(nameFormat ? { nameFormat } : {}) }];
}

function many(name: string, values: string[] | undefined, nameFormat?: string): SamlAttribute[] {
  if (!values || values.length === 0) return [];
  return [{ name, values, ...(nameFormat ? { nameFormat } : {}) }];
}

function extras(user: DemoUser, nameFormat?: string): SamlAttribute[] {
  return Object.entries(user.extra ?? {}).map(([name, value]) => ({
    name,
    values: Array.isArray(value) ? value : [value],
    ...(nameFormat ? { nameFormat } : {}),
  }));
}

/**
 * The attribute statement of a user as the imitated IdP would send it with the attribute mappings its
 * admin guides recommend: Entra's claim URIs (no NameFormat, as Entra sends them), Okta's and Google's
 * admin-chosen `email`/`firstName`/`lastName` (Google sends no groups unless mapped), or plain names.
 */
export function samlAttributes(user: DemoUser, shape: SamlShape): SamlAttribute[] {
  const displayName = [user.givenName, user.familyName].filter(Boolean).join(' ');
  switch (shape) {
    case 'entra':
      return [
        ...present(ENTRA_CLAIMS.tenantId, ENTRA_TENANT_ID),
        ...present(ENTRA_CLAIMS.objectId, user.id),
        ...present(ENTRA_CLAIMS.displayName, displayName),
        ...present(ENTRA_CLAIMS.identityProvider, `https://sts.windows.net/${ENTRA_TENANT_ID}/`),
        ...present(ENTRA_CLAIMS.givenName, user.givenName),
        ...present(ENTRA_CLAIMS.surname, user.familyName),
        ...present(ENTRA_CLAIMS.emailAddress, user.email),
        // Entra's `name` claim is the user principal name, which for these users is the address.
        ...present(ENTRA_CLAIMS.name, user.email),
        ...many(ENTRA_CLAIMS.groups, user.groups),
        ...extras(user),
      ];
    case 'okta':
      return [
        ...present('email', user.email, UNSPECIFIED),
        ...present('firstName', user.givenName, UNSPECIFIED),
        ...present('lastName', user.familyName, UNSPECIFIED),
        ...many('groups', user.groups, UNSPECIFIED),
        ...extras(user, UNSPECIFIED),
      ];
    case 'google':
      return [
        ...present('email', user.email),
        ...present('firstName', user.givenName),
        ...present('lastName', user.familyName),
        ...extras(user),
      ];
    case 'generic':
      return [
        ...present('email', user.email, BASIC),
        ...present('given_name', user.givenName, BASIC),
        ...present('family_name', user.familyName, BASIC),
        ...present('username', user.username, BASIC),
        ...many('groups', user.groups, BASIC),
        ...extras(user, BASIC),
      ];
  }
}
