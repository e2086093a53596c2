/**
 * Every finding Gatehouse can report about a customer's IdP settings, with its severity, what it means and
 * the generic fix. `docs/validation.md` is generated from this table (`pnpm --filter @gatehouse/core run docs`)
 * and a test keeps the two in sync. The analysers may sharpen `fix` with vendor-specific steps.
 */
export const FINDING_CATALOG = {
  // SAML metadata: the document itself
  METADATA_EMPTY: {
    severity: 'error',
    meaning: 'The metadata is empty.',
    fix: 'Download the federation metadata XML from your identity provider again, or give its metadata URL.',
  },
  METADATA_TOO_LARGE: {
    severity: 'error',
    meaning: 'The document is larger than 1 MB; it was not read.',
    fix: 'Give the metadata of this one application, not a federation aggregate or another large document.',
  },
  METADATA_FILE_TOO_LARGE: {
    severity: 'error',
    meaning: 'Amazon Cognito accepts an uploaded metadata file of at most 131,072 characters.',
    fix: 'Give the metadata URL instead of the file: Cognito fetches it itself.',
  },
  METADATA_URL_NOT_HTTPS: {
    severity: 'error',
    meaning: 'The metadata URL is not an https URL; Gatehouse and Cognito fetch metadata over https only.',
    fix: 'Use the https metadata URL your identity provider shows, or upload the metadata file.',
  },
  METADATA_URL_PORT: {
    severity: 'error',
    meaning: 'The metadata URL uses a port other than 443 or 80; Cognito fetches metadata only on those ports.',
    fix: 'Publish the metadata on port 443, or upload the metadata file instead.',
  },
  METADATA_DOCTYPE_FORBIDDEN: {
    severity: 'error',
    meaning:
      'The document contains a DOCTYPE or entity declaration. These are refused before parsing: they can expand to huge documents or reach other systems.',
    fix: 'Remove the <!DOCTYPE ...> and <!ENTITY ...> declarations; genuine IdP metadata never needs them.',
  },
  METADATA_TOO_COMPLEX: {
    severity: 'error',
    meaning:
      'The document nests elements too deeply or carries too many attributes or namespace declarations on one element to be IdP metadata.',
    fix: 'Download the metadata from your identity provider again without editing it.',
  },
  METADATA_NOT_XML: {
    severity: 'error',
    meaning: 'The document is not well-formed XML.',
    fix: 'Download the metadata XML again; make sure the file was not truncated or saved as HTML.',
  },
  METADATA_AGGREGATE: {
    severity: 'error',
    meaning:
      'The document describes several entities (an EntitiesDescriptor or several EntityDescriptors). Cognito needs the metadata of exactly one identity provider.',
    fix: 'Give the metadata of your one identity provider application, not a federation-wide aggregate.',
  },
  METADATA_SINGLE_ENTITY_WRAPPED: {
    severity: 'error',
    meaning:
      'The document wraps the one identity provider’s EntityDescriptor in an EntitiesDescriptor; Cognito needs the EntityDescriptor itself as the root element.',
    fix: 'Remove the outer <EntitiesDescriptor> start and end tags, keeping <EntityDescriptor …> … </EntityDescriptor> and adding to it the xmlns declarations the outer element had; or give the identity provider’s own metadata URL.',
  },
  METADATA_NAMESPACE_MISSING: {
    severity: 'error',
    meaning:
      'The metadata elements are in no XML namespace, so no SAML software reads them as SAML 2.0 metadata (the xmlns declaration was lost, often by copying part of a document).',
    fix: 'Download the metadata file again from your identity provider rather than copying it; its root must declare xmlns="urn:oasis:names:tc:SAML:2.0:metadata" (or xmlns:md=…).',
  },
  METADATA_ENTITY_ID_PLACEHOLDER: {
    severity: 'error',
    meaning:
      'The entity ID holds a placeholder such as {tenantid} (Microsoft Entra’s multi-tenant metadata). Responses carry a real value there, so Cognito’s issuer check never passes.',
    fix: 'Use the metadata of your own tenant’s application, whose entity ID names your tenant.',
  },
  METADATA_IS_OIDC_DISCOVERY: {
    severity: 'error',
    meaning:
      'The document is an OpenID Connect discovery document (JSON with an issuer), not SAML metadata: this identity provider speaks OpenID Connect at this address.',
    fix: 'Go back to the first step and choose OpenID Connect, then enter the issuer the document names.',
  },
  METADATA_WRONG_ROOT: {
    severity: 'error',
    meaning: 'The document is XML but not SAML 2.0 metadata: its root is not an md:EntityDescriptor.',
    fix: 'Give the SAML 2.0 federation metadata XML of the application, not a certificate, a response or a web page.',
  },
  METADATA_ENTITY_ID_MISSING: {
    severity: 'error',
    meaning: 'The EntityDescriptor has no entityID.',
    fix: 'Download the metadata from your identity provider again; every SAML IdP publishes an entity ID.',
  },
  METADATA_NO_IDP_DESCRIPTOR: {
    severity: 'error',
    meaning:
      'The metadata has no IDPSSODescriptor: it does not describe an identity provider (it may be service-provider metadata).',
    fix: 'Give the identity provider metadata of the application, not the metadata of a service provider.',
  },
  METADATA_NOT_SAML2: {
    severity: 'error',
    meaning: 'The IDPSSODescriptor does not announce SAML 2.0 in protocolSupportEnumeration.',
    fix: 'Use a SAML 2.0 application in your identity provider (not WS-Federation or SAML 1.1).',
  },
  METADATA_NO_SSO_ENDPOINT: {
    severity: 'error',
    meaning: 'The identity provider lists no SingleSignOnService endpoint.',
    fix: 'Enable SAML single sign-on for the application in your identity provider and download its metadata again.',
  },
  METADATA_NO_REDIRECT_BINDING: {
    severity: 'error',
    meaning: 'No SingleSignOnService uses the HTTP-Redirect binding; Cognito sends its authentication requests by HTTP-Redirect.',
    fix: 'Enable the HTTP-Redirect binding for single sign-on in your identity provider.',
  },
  METADATA_SSO_NOT_HTTPS: {
    severity: 'error',
    meaning: 'The HTTP-Redirect single sign-on endpoint, the one Cognito sends users to, is not an https URL.',
    fix: 'Publish the identity provider on https and download its metadata again.',
  },
  METADATA_NO_SLO_ENDPOINT: {
    severity: 'info',
    meaning:
      'The identity provider lists no SingleLogoutService: signing out of the application will not sign the user out of the identity provider.',
    fix: 'Nothing is required. Enable single logout in your identity provider if you want sign-out to reach it.',
  },
  METADATA_NO_SIGNING_CERTIFICATE: {
    severity: 'error',
    meaning: 'No signing certificate is published, so Cognito cannot verify the identity provider’s responses.',
    fix: 'Make sure the application has an active SAML signing certificate and download its metadata again.',
  },
  METADATA_CERTIFICATE_UNPARSEABLE: {
    severity: 'error',
    meaning: 'A signing certificate is empty or is not a valid X.509 certificate.',
    fix: 'Download the metadata again without editing it; if the certificate was pasted in, paste the whole base64 body.',
    grouped: (n: number) => `${n} signing certificates are empty or not valid X.509 certificates.`,
  },
  METADATA_CERTIFICATE_TOO_LONG: {
    severity: 'error',
    meaning: 'A signing certificate is longer than the 4,096 characters Cognito accepts.',
    fix: 'Use a signing certificate with a 2048- or 3072-bit RSA key and no large extensions.',
  },
  METADATA_CERTIFICATE_EXPIRED: {
    severity: 'error',
    meaning: 'A signing certificate has expired; Cognito refuses metadata with expired signing certificates.',
    fix: 'Create a new signing certificate in your identity provider, make it active, and download the metadata again.',
  },
  METADATA_CERTIFICATE_EXPIRING: {
    severity: 'warning',
    meaning:
      'A signing certificate expires within 30 days. Sign-in stops working when it does unless the new certificate reaches Cognito.',
    fix: 'Create the next signing certificate now, make it active, and update the metadata in Gatehouse (a metadata URL picks it up by itself).',
  },
  METADATA_CERTIFICATE_NOT_YET_VALID: {
    severity: 'warning',
    meaning: 'A signing certificate is not valid yet.',
    fix: 'Check the clock of the identity provider and the certificate’s start date; keep the current certificate active until then.',
  },
  METADATA_CERTIFICATE_WEAK_KEY: {
    severity: 'warning',
    meaning: 'A signing certificate uses an RSA key shorter than 2048 bits.',
    fix: 'Create a signing certificate with a 2048-bit or longer RSA key.',
  },
  METADATA_SIGNED_REQUESTS_REQUIRED: {
    severity: 'warning',
    meaning:
      'The identity provider wants signed authentication requests (WantAuthnRequestsSigned). Cognito sends unsigned requests unless request signing is turned on.',
    fix: 'Either turn off the signed-request requirement in your identity provider, or upload Cognito’s signing certificate to it and have Gatehouse turn on request signing (RSA-SHA256).',
  },
  METADATA_SIGNED_REQUESTS_ON: {
    severity: 'info',
    meaning:
      'The identity provider wants signed authentication requests, and request signing is on: Cognito signs them with RSA-SHA256.',
    fix: 'Make sure Cognito’s signing certificate (shown in the Register step) is uploaded to your identity provider.',
  },
  METADATA_VENDOR_DEFAULT_NAMEID: {
    severity: 'warning',
    meaning:
      'Unless the application is changed, this identity provider sends a mutable Name ID (Entra: the UPN; Okta: the username; Google and JumpCloud: the email address), format unspecified. The metadata cannot show it; Cognito keys users on the Name ID, so a renamed user becomes a new user.',
    fix: 'Set the application’s Name ID to an immutable user identifier with the persistent format.',
  },
  METADATA_NAMEID_NOT_PERSISTENT: {
    severity: 'warning',
    meaning:
      'The identity provider only offers email or transient NameID formats. Cognito keys users on the NameID, which must be immutable and case-stable; an email changes with a rename and a transient one changes at every sign-in.',
    fix: 'Set the Name ID to a persistent, immutable user identifier (format urn:oasis:names:tc:SAML:2.0:nameid-format:persistent).',
  },
  METADATA_NAMEID_FORMAT_MISSING: {
    severity: 'info',
    meaning: 'The metadata announces no NameIDFormat; the format will be "unspecified".',
    fix: 'Make sure the Name ID your identity provider sends is an immutable user identifier, not an email address.',
  },
  METADATA_VALID_UNTIL_PASSED: {
    severity: 'warning',
    meaning: 'The metadata’s validUntil date has passed.',
    fix: 'Download fresh metadata from your identity provider.',
  },

  // OIDC issuer and discovery document
  OIDC_ISSUER_INVALID: {
    severity: 'error',
    meaning: 'The issuer is not an absolute URL.',
    fix: 'Copy the issuer exactly as your identity provider shows it, e.g. https://login.example.com.',
  },
  OIDC_ISSUER_NOT_HTTPS: {
    severity: 'error',
    meaning: 'The issuer does not start with https://. Cognito only talks to OIDC providers over https.',
    fix: 'Use the https issuer URL of your identity provider.',
  },
  OIDC_ISSUER_TRAILING_SLASH: {
    severity: 'error',
    meaning:
      'The issuer ends with a slash that the identity provider does not publish; the issuer must match the discovery document exactly.',
    fix: 'Remove the trailing slash from the issuer.',
  },
  OIDC_ISSUER_PUBLISHED_WITH_SLASH: {
    severity: 'info',
    meaning:
      'Your identity provider publishes its issuer with a trailing slash (Auth0 does). Cognito wants the issuer without one and accepts the slashed issuer in tokens, so it is saved without the slash.',
    fix: 'Nothing to change: enter the issuer with or without the slash.',
  },
  OIDC_ISSUER_PORT: {
    severity: 'error',
    meaning: 'The issuer uses a port other than 443 or 80; Cognito reaches OIDC providers only on those ports.',
    fix: 'Publish the identity provider on port 443 (for PingFederate, put it behind a listener on 443).',
  },
  OIDC_ISSUER_QUERY: {
    severity: 'error',
    meaning: 'The issuer contains a query string or fragment.',
    fix: 'Use the bare issuer URL, without ? or #.',
  },
  OIDC_ISSUER_MULTI_TENANT: {
    severity: 'error',
    meaning:
      'The Microsoft Entra "common", "organizations" or "consumers" issuer accepts any tenant and never matches the issuer of a token.',
    fix: 'Use your tenant’s own issuer: https://login.microsoftonline.com/<your tenant id>/v2.0.',
  },
  OIDC_DISCOVERY_INVALID: {
    severity: 'error',
    meaning: 'The discovery document (/.well-known/openid-configuration) is missing or is not a JSON object.',
    fix: 'Check the issuer: <issuer>/.well-known/openid-configuration must return the provider’s discovery document.',
  },
  OIDC_DISCOVERY_IS_SAML_METADATA: {
    severity: 'error',
    meaning:
      'The issuer points at SAML 2.0 metadata (an XML EntityDescriptor), not at an OpenID Connect provider: this address belongs to a SAML application.',
    fix: 'Go back to the first step and choose SAML, then give this address as the metadata URL; or enter the OpenID Connect issuer of the application.',
  },
  OIDC_ISSUER_MISMATCH: {
    severity: 'error',
    meaning:
      'The issuer in the discovery document differs from the issuer entered; Cognito rejects tokens whose issuer does not match exactly.',
    fix: 'Enter the issuer exactly as the discovery document publishes it.',
  },
  OIDC_ENDPOINT_MISSING: {
    severity: 'error',
    meaning: 'The discovery document lacks an endpoint Cognito needs (authorization, token, userinfo or jwks_uri).',
    fix: 'Use an identity provider application that publishes all four endpoints in its discovery document.',
    grouped: (n: number) => `The discovery document lacks ${n} endpoints Cognito needs.`,
  },
  OIDC_ENDPOINT_NOT_HTTPS: {
    severity: 'error',
    meaning: 'An endpoint in the discovery document is not https; Cognito refuses it.',
    fix: 'Publish every endpoint of the identity provider on https.',
    grouped: (n: number) => `${n} endpoints in the discovery document use http, not https; Cognito refuses them.`,
  },
  OIDC_ENDPOINT_PORT: {
    severity: 'error',
    meaning: 'An endpoint in the discovery document uses a port other than 443 or 80.',
    fix: 'Publish every endpoint of the identity provider on port 443.',
    grouped: (n: number) =>
      `${n} endpoints in the discovery document use a port other than 443 or 80; Cognito reaches only those.`,
  },
  OIDC_CLIENT_SECRET_POST_MISSING: {
    severity: 'error',
    meaning:
      'The provider does not offer client_secret_post; Cognito authenticates to the token endpoint only with client_secret_post.',
    fix: 'Set the application’s token endpoint authentication method to "client secret post".',
  },
  OIDC_CODE_FLOW_MISSING: {
    severity: 'error',
    meaning: 'The provider does not offer the authorization code flow (response type "code") that Cognito uses.',
    fix: 'Enable the authorization code grant for the application.',
  },
  OIDC_OPENID_SCOPE_MISSING: {
    severity: 'error',
    meaning: 'The provider does not list the "openid" scope.',
    fix: 'Use an OpenID Connect application (not plain OAuth 2.0) so that the openid scope is offered.',
  },
  OIDC_SIGNING_ALG_UNSUPPORTED: {
    severity: 'error',
    meaning: 'The provider signs ID tokens with no algorithm Cognito accepts (RSA, ECDSA or HMAC SHA-2).',
    fix: 'Configure the application to sign ID tokens with RS256.',
  },
  OIDC_JWKS_INVALID: {
    severity: 'error',
    meaning: 'The JWKS document is missing or has no keys.',
    fix: 'Check that jwks_uri returns {"keys":[...]} with the provider’s signing keys.',
  },
  OIDC_JWKS_UNREACHABLE: {
    severity: 'error',
    meaning:
      'The jwks_uri of the discovery document did not answer with a key set (an HTTP error, a timeout or not JSON). Cognito fetches it to verify every ID token, so every sign-in would fail.',
    fix: 'Open the jwks_uri of the discovery document in a browser: it must return {"keys":[...]}. Publish the provider’s signing keys there.',
  },
  OIDC_JWKS_KID_MISSING: {
    severity: 'error',
    meaning: 'A signing key in the JWKS has no "kid"; Cognito looks keys up by kid.',
    fix: 'Publish a kid on every signing key of the provider.',
    grouped: (n: number) => `${n} signing keys in the JWKS have no "kid"; Cognito looks keys up by kid.`,
  },
  OIDC_CLIENT_ID_INVALID: {
    severity: 'error',
    meaning: 'The client ID is empty, has surrounding spaces or is implausibly long.',
    fix: 'Copy the client (application) ID again from the application’s overview page.',
  },
  OIDC_CLIENT_SECRET_INVALID: {
    severity: 'error',
    meaning: 'The client secret is empty, has surrounding spaces or is implausibly long.',
    fix: 'Create a client secret for the application and copy its value.',
  },
  OIDC_CLIENT_SECRET_LOOKS_LIKE_ID: {
    severity: 'warning',
    meaning: 'The client secret looks like an identifier (a GUID or the client ID itself) rather than a secret value.',
    fix: 'Copy the secret’s value, not its ID: it is shown only once, right after the secret is created.',
  },
  OIDC_SCOPES_NORMALISED: {
    severity: 'info',
    meaning: 'The scopes were tidied: duplicates and commas removed, openid added.',
    fix: 'Nothing to do; the normalised scopes are what Cognito will request.',
  },

  // Claim mapping against the user pool
  CLAIM_TARGET_UNKNOWN: {
    severity: 'error',
    meaning:
      'A claim is mapped to an attribute the user pool does not have; sign-in fails with "Attribute does not exist in the schema".',
    fix: 'Map the claim to one of the user pool’s attributes, or ask the operator to add the custom attribute.',
  },
  CLAIM_TARGET_MISCASED: {
    severity: 'error',
    meaning: 'The attribute name is spelled or cased differently from the user pool’s attribute (e.g. "Email" for "email").',
    fix: 'Use the attribute name exactly as the user pool spells it.',
  },
  CLAIM_TARGET_IMMUTABLE: {
    severity: 'error',
    meaning:
      'A claim is mapped to an immutable attribute; Cognito rewrites mapped attributes at every sign-in, so the second sign-in fails with "Attribute cannot be updated".',
    fix: 'Map the claim to a mutable attribute, or ask the operator for a mutable custom attribute.',
  },
  CLAIM_TARGET_TENANT: {
    severity: 'error',
    meaning:
      'A claim is mapped to an attribute that names the tenant. Gatehouse puts the tenant in every token itself (the tenant_id claim, from the connection the user signed in through); a value from the IdP could name another tenant.',
    fix: 'Remove this mapping. Every token of this connection’s users already carries tenant_id.',
  },
  CLAIM_NOT_WRITABLE: {
    severity: 'error',
    meaning: 'A mapped attribute is not writable by the app client, so Cognito cannot store it at sign-in.',
    fix: 'Ask the operator to add the attribute to the app client’s write attributes, or remove the mapping.',
  },
  CLAIM_REQUIRED_UNMAPPED: {
    severity: 'error',
    meaning: 'A required user pool attribute is not mapped; sign-in fails with "The attribute is required".',
    fix: 'Map a claim that your identity provider sends to this attribute.',
  },
  CLAIM_SOURCE_EMPTY: {
    severity: 'error',
    meaning: 'An attribute is mapped to an empty claim name.',
    fix: 'Enter the claim (or SAML attribute) name your identity provider sends.',
  },
  CLAIM_USERNAME_FROM_EMAIL: {
    severity: 'error',
    meaning:
      'The username is mapped from an email claim. Emails change and can be claimed by others; the user would become a different Cognito user, or another person.',
    fix: 'Map the username from the identity provider’s immutable user identifier.',
  },
  CLAIM_USERNAME_NOT_STABLE: {
    severity: 'warning',
    meaning: 'The username is mapped from a claim that is not the vendor’s immutable user identifier.',
    fix: 'Map the username from the identity provider’s immutable user identifier.',
  },
  CLAIM_SCOPE_MISSING: {
    severity: 'warning',
    meaning:
      'An attribute is mapped from a standard OIDC claim whose scope Cognito does not request (e.g. "email" with only "openid"): the identity provider will not send it.',
    fix: 'Add the claim’s scope (email, profile, phone or address) to the scopes in Provider details.',
  },
  CLAIM_EMAIL_UNVERIFIED: {
    severity: 'info',
    meaning: 'Email is mapped but email_verified is not, so Cognito stores the email as unverified.',
    fix: 'Map email_verified if your identity provider sends a trustworthy one; otherwise nothing to do.',
  },
  CLAIM_VALUE_TOO_LONG: {
    severity: 'warning',
    meaning:
      'A mapped claim can carry more than the 2,048 characters a user pool attribute holds (e.g. a group list), or the attribute allows fewer characters than the claim needs.',
    fix: 'Send a shorter value (e.g. filter groups to those assigned to the application) or drop the mapping.',
  },

  // Email domains
  DOMAIN_INVALID: {
    severity: 'error',
    meaning: 'This is not a valid domain name.',
    fix: 'Enter the domain of your users’ email addresses, e.g. example.com.',
  },
  DOMAIN_PUBLIC_SUFFIX: {
    severity: 'error',
    meaning: 'This is a public suffix (like co.uk or github.io) that many unrelated organisations share.',
    fix: 'Enter your organisation’s own domain under it, e.g. example.co.uk.',
  },
  DOMAIN_UNKNOWN_TLD: {
    severity: 'error',
    meaning:
      'The domain ends in a top-level domain that is not on the public suffix list (e.g. .internal, .local or a typo): no email from the internet comes from it.',
    fix: 'Check the spelling, and enter the public domain of your users’ email addresses, e.g. example.com.',
  },
  DOMAIN_FREE_MAIL: {
    severity: 'error',
    meaning: 'This is a free-mail or consumer email domain; its users do not belong to your organisation.',
    fix: 'Enter your organisation’s own email domain.',
  },

  // Fetching the metadata URL, discovery document or key set the admin gave. The fix is sharpened with the
  // place in the admin's identity provider where the right address is shown.
  FETCH_NOT_FOUND: {
    severity: 'error',
    meaning: 'The server answered "not found" (HTTP 404 or 410): nothing is published at this address.',
    fix: 'Copy the address again from your identity provider; it may have a typo, or belong to an application that was deleted.',
  },
  FETCH_HTTP_ERROR: {
    severity: 'error',
    meaning: 'The server answered with an HTTP error instead of the document (for example 401, 403 or 500).',
    fix: 'Open the address in a private browser window: it must show the document without signing in. If the server has an outage, try again later.',
  },
  FETCH_HOST_UNKNOWN: {
    severity: 'error',
    meaning: 'The host name in the address does not exist (DNS knows no such name).',
    fix: 'Check the host name for typos, and that it is reachable from the internet, not only from your company network.',
  },
  FETCH_TLS_FAILED: {
    severity: 'error',
    meaning:
      'The secure (TLS) connection failed: the server’s certificate is expired, self-signed, issued for another name or not trusted.',
    fix: 'Serve the address with a certificate from a public certificate authority that matches the host name; Cognito refuses the same certificate.',
  },
  FETCH_TIMEOUT: {
    severity: 'error',
    meaning: 'The server did not answer in time.',
    fix: 'Check that the address is reachable from the internet (not only from your company network or VPN), then try again.',
  },
  FETCH_FAILED: {
    severity: 'error',
    meaning: 'The server could not be reached: the connection was refused or broken.',
    fix: 'Check that the address is reachable from the internet (not only from your company network or VPN), then try again.',
  },
  FETCH_URL_REFUSED: {
    severity: 'error',
    meaning:
      'The address is not one Gatehouse fetches: not https, a port other than 443 or 80, or a user name and password in it.',
    fix: 'Use the plain https address your identity provider shows, without credentials.',
  },
  FETCH_ADDRESS_REFUSED: {
    severity: 'error',
    meaning:
      'The host is, or resolves to, a private, loopback or otherwise internal network address; Gatehouse and Cognito fetch from the internet only.',
    fix: 'Publish the document on a public address, or upload the metadata file instead.',
  },
  FETCH_REDIRECT_REFUSED: {
    severity: 'error',
    meaning: 'The address redirects more than 3 times.',
    fix: 'Use the final address the redirects lead to, as your identity provider shows it.',
  },
  FETCH_TOO_LARGE: {
    severity: 'error',
    meaning: 'The server sent more than 1 MiB; that is not the document of one identity provider.',
    fix: 'Use the address of this one application’s document, not a federation aggregate.',
  },
} as const satisfies Record<string, CatalogEntry>;

/** One catalogue entry: the severity and generic texts of a finding code. */
export interface CatalogEntry {
  severity: FindingSeverity;
  meaning: string;
  fix: string;
  /**
   * How to say it once when the same cause shows up in several places (see `groupFindings`). Codes
   * without it are never grouped: their messages carry specifics (dates, values) per place.
   */
  grouped?: (count: number) => string;
}

export type FindingSeverity = 'error' | 'warning' | 'info';

/** The closed union of finding codes. */
export type FindingCode = keyof typeof FINDING_CATALOG;

export const FINDING_CODES = Object.keys(FINDING_CATALOG) as FindingCode[];

/** One problem or remark about a customer's setting, shown to the IT admin as is. */
export interface Finding {
  code: FindingCode;
  severity: FindingSeverity;
  /** The input the finding is about, e.g. `metadata`, `certificates[0]`, `issuer`, `attributeMapping.email`. */
  field: string;
  /** What is wrong, for an IT admin, with the specifics (dates, values). */
  message: string;
  /** What to change and where. */
  fix: string;
  /** When one cause shows up in several places, the places in words (e.g. `token endpoint`), in order. */
  places?: string[];
}

/** Builds a finding with the catalogue's severity and, unless given, its generic fix. */
export function finding(code: FindingCode, field: string, message?: string, fix?: string): Finding {
  const entry = FINDING_CATALOG[code];
  return { code, severity: entry.severity, field, message: message ?? entry.meaning, fix: fix ?? entry.fix };
}

/** True when any finding is an error: the setting must not reach Cognito. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
