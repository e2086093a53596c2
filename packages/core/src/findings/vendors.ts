/** Identity providers Gatehouse has guides and claim presets for; `generic` is any other SAML/OIDC IdP. */
export const IDP_VENDORS = [
  'entra',
  'adfs',
  'okta',
  'google',
  'ping',
  'onelogin',
  'jumpcloud',
  'keycloak',
  'auth0',
  'generic',
] as const;
export type IdpVendor = (typeof IDP_VENDORS)[number];

interface VendorFacts {
  label: string;
  /** Where the SAML application lives in the vendor's admin console. */
  samlPath: string;
  /** How to make the NameID persistent and immutable. */
  nameIdFix: string;
  /** How to turn off the signed-request requirement. */
  signedRequestsFix: string;
  /** How to roll the signing certificate. */
  certificateFix: string;
  /** How to get an HTTP-Redirect single sign-on endpoint into the metadata. */
  redirectBindingFix: string;
  /**
   * What the vendor sends as NameID unless the admin changes it, when that default breaks Cognito (a
   * mutable value, format unspecified) and the metadata cannot show it.
   */
  defaultNameId?: string;
}

/**
 * PingFederate, the self-hosted Ping product: same vendor id as PingOne (`ping`), other console. Used when
 * the admin chose Ping and the metadata or issuer is not on a PingOne host.
 */
export const PINGFEDERATE_FACTS: VendorFacts = {
  label: 'PingFederate',
  samlPath: 'PingFederate administrative console > Applications > SP Connections > your connection',
  nameIdFix: 'In Attribute Contract Fulfillment, map SAML_SUBJECT to an immutable user id with the persistent format.',
  signedRequestsFix: 'In Protocol Settings > Signature Policy, stop requiring signed AuthnRequests.',
  certificateFix:
    'Under Security > Signing & Decryption Keys & Certificates, create a new key and select it in the connection’s Credentials.',
  redirectBindingFix: 'In Protocol Settings > Allowable SAML Bindings, allow Redirect, then export the metadata again.',
};

/** The vendor facts for fix texts: the vendor the admin chose wins over the one detected from URLs. */
export function vendorFactsFor(chosen: IdpVendor | undefined, detected: IdpVendor, urls: readonly string[]): VendorFacts {
  const vendor = chosen && chosen !== 'generic' ? chosen : detected;
  if (vendor === 'ping' && urls.length > 0 && !urls.some((u) => /pingone\./i.test(u))) return PINGFEDERATE_FACTS;
  return VENDOR_FACTS[vendor];
}

/** Vendor facts behind the `fix` texts (see the IdP vendor reference). */
export const VENDOR_FACTS: Record<IdpVendor, VendorFacts> = {
  entra: {
    label: 'Microsoft Entra ID',
    defaultNameId: 'the user principal name (user.userprincipalname)',
    samlPath: 'Entra admin center > Enterprise apps > your application > Single sign-on',
    nameIdFix: 'In Attributes & Claims, set "Unique User Identifier (Name ID)" to user.objectid with the Persistent format.',
    signedRequestsFix: 'Under Single sign-on > Verification certificates, turn off "Require verification certificates".',
    certificateFix: 'Under SAML Certificates, choose New Certificate, then Make certificate active.',
    redirectBindingFix:
      'Download the Federation Metadata XML again from the SAML Certificates section; Entra publishes an HTTP-Redirect endpoint for every application.',
  },
  adfs: {
    label: 'Microsoft AD FS',
    samlPath: 'AD FS Management > Relying Party Trusts > your trust',
    nameIdFix: 'Add a claim rule that transforms the Windows account name (or objectGUID) to Name ID with the Persistent format.',
    signedRequestsFix: 'Remove the request-signing certificate from the relying party trust (Signature tab).',
    certificateFix: 'Renew the token-signing certificate (AutoCertificateRollover) and publish the new metadata.',
    redirectBindingFix:
      'Enable the SAML 2.0 single sign-on endpoint with the HTTP-Redirect binding (/adfs/ls/) and download the federation metadata again.',
  },
  okta: {
    label: 'Okta',
    defaultNameId: 'the Okta username (usually the email address), format Unspecified',
    samlPath: 'Okta Admin Console > Applications > Applications > your app > General > SAML Settings',
    nameIdFix: 'Set "Name ID format" to Persistent and "Application username" to a custom value user.getInternalProperty("id").',
    signedRequestsFix: 'Turn off "Signed Requests" in the SAML settings.',
    certificateFix: 'Under Sign On > SAML Signing Certificates, generate a new certificate and activate it.',
    redirectBindingFix:
      'Download the metadata again from the Sign On tab (Metadata URL); Okta publishes an HTTP-Redirect endpoint for every SAML app.',
  },
  google: {
    label: 'Google Workspace',
    defaultNameId: 'the primary email address, format Unspecified',
    samlPath: 'admin.google.com > Apps > Web and mobile apps > your custom SAML app',
    nameIdFix: 'Set the Name ID format to PERSISTENT in Service provider details.',
    signedRequestsFix: 'Google Workspace does not require signed requests; download the metadata again.',
    certificateFix: 'Under Security > SAML certificates, add a new certificate (it is shared by all SAML apps of the account).',
    redirectBindingFix:
      'Download the IdP metadata again (Google Identity Provider details > Download metadata) and check it lists an HTTP-Redirect SingleSignOnService.',
  },
  ping: {
    label: 'Ping Identity',
    samlPath: 'PingOne > Connections > Applications > your SAML application > Configuration',
    nameIdFix: 'Map saml_subject to the User ID and set "Subject NameID Format" to persistent.',
    signedRequestsFix: 'Turn off "Enforce Signed Authn Request".',
    certificateFix: 'Under Certificates & Key Pairs, create a new signing key and assign it to the application.',
    redirectBindingFix: 'Enable the HTTP-Redirect binding for the application’s SSO endpoint, then download the metadata again.',
  },
  onelogin: {
    label: 'OneLogin',
    samlPath: 'OneLogin Administration > Applications > your SAML Custom Connector > Configuration',
    nameIdFix: 'In the SSO tab, set the SAML nameID format to Persistent and map NameID to the OneLogin UUID.',
    signedRequestsFix: 'Turn off the requirement for signed requests in the SSO tab.',
    certificateFix: 'Under Security > Certificates, create a new certificate and select it in the SSO tab.',
    redirectBindingFix:
      'Download the metadata again from More Actions > SAML Metadata and check it lists an HTTP-Redirect SingleSignOnService.',
  },
  jumpcloud: {
    label: 'JumpCloud',
    defaultNameId: 'the email address, format Unspecified',
    samlPath: 'JumpCloud Admin Portal > User Authentication > SSO Applications > your application > SSO',
    nameIdFix: 'Set "SAMLSubject NameID" to an immutable attribute and "SAMLSubject NameID Format" to persistent.',
    signedRequestsFix: 'JumpCloud does not require signed requests; download the metadata again.',
    certificateFix: 'Upload or generate a new IdP certificate in the application’s SSO tab.',
    redirectBindingFix:
      'Tick "Declare Redirect Endpoint" in the application’s SSO settings, save, and export the metadata again.',
  },
  keycloak: {
    label: 'Keycloak',
    samlPath: 'Keycloak admin console > Clients > your SAML client',
    nameIdFix: 'Set "Name ID format" to persistent under Settings > SAML capabilities.',
    signedRequestsFix: 'Under Keys, turn off "Client signature required".',
    certificateFix: 'Under Realm settings > Keys, add a new RSA key provider with a higher priority.',
    redirectBindingFix:
      'Download the realm’s SAML descriptor (/realms/<realm>/protocol/saml/descriptor) again; it lists an HTTP-Redirect endpoint.',
  },
  auth0: {
    label: 'Auth0',
    samlPath: 'Auth0 Dashboard > Applications > your application > Addons > SAML2 Web App > Settings',
    nameIdFix: 'Keep the default nameIdentifierProbes (user_id) and set "nameIdentifierFormat" to persistent.',
    signedRequestsFix: 'Auth0 does not require signed requests unless a signingCert is configured; remove it.',
    certificateFix: 'Under Tenant Settings > Signing Keys, rotate the signing key.',
    redirectBindingFix: 'Download the metadata again from the SAML2 Web App addon’s Usage tab (/samlp/metadata/<client_id>).',
  },
  generic: {
    label: 'your identity provider',
    samlPath: 'your identity provider’s SAML application settings',
    nameIdFix: 'Set the Name ID to an immutable user identifier with the persistent format.',
    signedRequestsFix: 'Turn off the requirement for signed authentication requests.',
    certificateFix: 'Create a new signing certificate, make it active, and download the metadata again.',
    redirectBindingFix: 'Enable the HTTP-Redirect binding for single sign-on, then download the metadata again.',
  },
};
