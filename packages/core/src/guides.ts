import type { Protocol, ServiceProviderValues, VendorId } from './connections.ts';

/** One instruction in an IdP's admin console, with the values to paste there. */
export interface GuideStep {
  title: string;
  detail: string;
  /** Service-provider values shown with copy buttons under this step, labelled as the IdP labels them. */
  copy?: Array<{ value: keyof ServiceProviderValues; label: string }>;
}

export interface ProtocolGuide {
  /** Where in the IdP's admin console this starts. */
  consolePath: string;
  steps: GuideStep[];
  /** Mistakes seen in practice with this IdP and what they cause. */
  pitfalls: string[];
  /** OIDC: what the issuer looks like for this IdP. */
  issuerExample?: string;
  /** SAML: where the metadata comes from. */
  metadataHint?: string;
}

export interface VendorGuide {
  vendor: VendorId;
  /** The choice as listed ("Another SAML 2.0 or OpenID Connect provider"). */
  label: string;
  /** The IdP as named inside a sentence ("Register Gatehouse in your identity provider"). */
  inSentence: string;
  /** The protocol to suggest when the IdP offers both. */
  recommended: Protocol;
  saml: ProtocolGuide;
  oidc: ProtocolGuide;
}

const genericSaml: ProtocolGuide = {
  consolePath: 'Your identity provider’s admin console > Applications (or Service providers / Relying parties) > Add',
  metadataHint: 'Download the IdP metadata XML, or copy its metadata URL.',
  steps: [
    { title: 'Create a SAML application', detail: 'Add a new SAML 2.0 application (service provider) for this service.' },
    {
      title: 'Enter the service provider values',
      detail: 'Use the HTTP-POST binding for the assertion consumer service.',
      copy: [
        { value: 'entityId', label: 'Entity ID / Audience URI' },
        { value: 'acsUrl', label: 'Assertion Consumer Service (ACS) URL' },
      ],
    },
    {
      title: 'Choose a stable NameID',
      detail:
        'Send a persistent NameID that never changes for a person (an immutable user id, not the email address). The NameID is compared exactly, case included.',
    },
    {
      title: 'Send the attributes',
      detail:
        'Release at least the email address, given name and family name, as attributes named email, given_name and family_name (the mapping Gatehouse suggests; other names can be mapped in the next step).',
    },
    { title: 'Assign users', detail: 'Give the people who should sign in access to the application.' },
  ],
  pitfalls: [
    'A NameID based on the email address creates a new account when the address changes.',
    'An expired signing certificate is refused: check its end date before uploading.',
  ],
};

const genericOidc: ProtocolGuide = {
  consolePath: 'Your identity provider’s admin console > Applications > Add (web application, confidential client)',
  issuerExample: 'https://idp.example.com',
  steps: [
    { title: 'Create a web application', detail: 'Register a confidential client (one that has a client secret).' },
    {
      title: 'Register the redirect URI',
      detail: 'Add it exactly as shown.',
      copy: [{ value: 'redirectUri', label: 'Redirect URI' }],
    },
    {
      title: 'Allow client_secret_post',
      detail:
        'Set the token endpoint authentication method to “client secret post”: the sign-in service never sends the secret in a header.',
    },
    { title: 'Allow the scopes', detail: 'openid (required), email and profile.' },
    {
      title: 'Copy the client id, client secret and issuer',
      detail: 'The issuer is the address its discovery document lives under (without /.well-known/openid-configuration).',
    },
  ],
  pitfalls: [
    'An identity provider that only accepts client_secret_basic cannot be used.',
    'Copy the issuer exactly, without a trailing slash unless the provider publishes one.',
  ],
};

/**
 * Step-by-step guides per identity provider, from the vendors' documentation. Data, not pages: the
 * wizard renders any entry the same way, and adding a vendor is adding an entry.
 */
export const VENDOR_GUIDES: Record<VendorId, VendorGuide> = {
  entra: {
    vendor: 'entra',
    label: 'Microsoft Entra ID',
    inSentence: 'Microsoft Entra ID',
    recommended: 'saml',
    saml: {
      consolePath:
        'Entra admin center > Enterprise apps > New application > Create your own application > Integrate any other application (Non-gallery) > Single sign-on > SAML',
      metadataHint:
        'Copy the “App Federation Metadata Url” (preferred: it follows certificate changes) or download “Federation Metadata XML”.',
      steps: [
        {
          title: 'Create the enterprise application',
          detail: 'Create your own application, non-gallery, then choose Single sign-on > SAML.',
        },
        {
          title: 'Basic SAML Configuration',
          detail: 'Edit Basic SAML Configuration and enter:',
          copy: [
            { value: 'entityId', label: 'Identifier (Entity ID)' },
            { value: 'acsUrl', label: 'Reply URL (Assertion Consumer Service URL)' },
          ],
        },
        {
          title: 'Attributes & Claims: a stable Name identifier',
          detail:
            'Edit “Unique User Identifier (Name ID)”: source attribute user.objectid, name identifier format Persistent. The default (user.userprincipalname) changes when a user is renamed.',
        },
        {
          title: 'Keep the default claims',
          detail: 'emailaddress (user.mail), givenname, surname and name are sent by default.',
        },
        { title: 'Copy the metadata', detail: 'Under SAML Certificates, copy the App Federation Metadata Url.' },
        { title: 'Assign users and groups', detail: 'Users and groups > Add user/group.' },
      ],
      pitfalls: [
        'The default Name ID is the user principal name: renaming a user or changing its case creates a new account. Use user.objectid.',
        'Guest users’ principal names contain #EXT#.',
        'The signing certificate lasts 3 years and is not rotated automatically; Entra emails 60, 30 and 7 days before expiry.',
      ],
    },
    oidc: {
      consolePath: 'Entra admin center > App registrations > New registration',
      issuerExample: 'https://login.microsoftonline.com/<tenant-id>/v2.0',
      steps: [
        {
          title: 'Register the application',
          detail: 'New registration, platform Web, with this redirect URI:',
          copy: [{ value: 'redirectUri', label: 'Redirect URI (Web)' }],
        },
        { title: 'Create a client secret', detail: 'Certificates & secrets > New client secret. Copy its Value (not its ID).' },
        { title: 'API permissions', detail: 'Microsoft Graph delegated: openid, email, profile.' },
        {
          title: 'Copy the issuer',
          detail:
            'Use your tenant id: https://login.microsoftonline.com/<tenant-id>/v2.0. “common” and “organizations” cannot be used.',
        },
      ],
      pitfalls: [
        'The common and organizations endpoints accept any Entra tenant and never match a token’s issuer.',
        'The email claim can be changed by users and may be unverified: accounts are keyed on the immutable subject.',
      ],
    },
  },
  okta: {
    vendor: 'okta',
    label: 'Okta',
    inSentence: 'Okta',
    recommended: 'saml',
    saml: {
      consolePath: 'Okta Admin Console > Applications > Applications > Create App Integration > SAML 2.0',
      metadataHint: 'On the Sign On tab, copy the Metadata URL.',
      steps: [
        { title: 'Create the app integration', detail: 'Create App Integration > SAML 2.0, give it a name.' },
        {
          title: 'SAML settings',
          detail: 'Keep “Use this for Recipient URL and Destination URL” checked.',
          copy: [
            { value: 'acsUrl', label: 'Single sign-on URL' },
            { value: 'entityId', label: 'Audience URI (SP Entity ID)' },
          ],
        },
        {
          title: 'A stable Name ID',
          detail:
            'Name ID format Persistent; Application username: Custom, user.getInternalProperty("id") (the Okta user id never changes).',
        },
        {
          title: 'Attribute Statements',
          detail: 'Add email = user.email, firstName = user.firstName, lastName = user.lastName.',
        },
        { title: 'Assign people', detail: 'Assignments tab > Assign.' },
      ],
      pitfalls: [
        'The default Name ID is the Okta username, which can change.',
        'Okta sends no attributes unless you add Attribute Statements.',
        'Certificates last 10 years and do not roll over by themselves.',
      ],
    },
    oidc: {
      consolePath: 'Okta Admin Console > Applications > Create App Integration > OIDC - OpenID Connect > Web Application',
      issuerExample: 'https://<your-okta-domain> (or https://<your-okta-domain>/oauth2/default)',
      steps: [
        {
          title: 'Create a Web Application',
          detail: 'OIDC - OpenID Connect, Web Application.',
          copy: [{ value: 'redirectUri', label: 'Sign-in redirect URIs' }],
        },
        { title: 'Client authentication', detail: 'Client secret, with “Client secret post” allowed.' },
        { title: 'Copy the credentials', detail: 'Client ID and Client secret from the General tab.' },
        { title: 'Assign people', detail: 'Assignments tab > Assign.' },
      ],
      pitfalls: [
        'The org authorization server and a custom one (/oauth2/default) have different issuers: use the one the app is on.',
      ],
    },
  },
  google: {
    vendor: 'google',
    label: 'Google Workspace',
    inSentence: 'Google Workspace',
    recommended: 'saml',
    saml: {
      consolePath: 'admin.google.com > Apps > Web and mobile apps > Add app > Add custom SAML app',
      metadataHint: 'Download the IdP metadata (GoogleIDPMetadata.xml); Google offers no metadata URL.',
      steps: [
        { title: 'Add a custom SAML app', detail: 'Name it, then on “Google Identity Provider details” download the metadata.' },
        {
          title: 'Service provider details',
          detail: 'Leave “Signed response” unchecked unless asked; Name ID format UNSPECIFIED or PERSISTENT.',
          copy: [
            { value: 'acsUrl', label: 'ACS URL' },
            { value: 'entityId', label: 'Entity ID' },
          ],
        },
        { title: 'Attribute mapping', detail: 'Add Primary email → email, First name → firstName, Last name → lastName.' },
        { title: 'Turn it on', detail: 'User access: ON for everyone or for the right organizational units.' },
      ],
      pitfalls: [
        '403 app_not_configured_for_user means the Entity ID does not match exactly (it is case-sensitive).',
        'app_not_enabled_for_user means User access is still OFF.',
        'The Name ID is the primary email, which can change: renamed users get a new account.',
        'One certificate is shared by all SAML apps of the account: rotating it affects them all.',
      ],
    },
    oidc: {
      consolePath:
        'Google Cloud console > APIs & Services > Credentials > Create credentials > OAuth client ID > Web application',
      issuerExample: 'https://accounts.google.com',
      steps: [
        {
          title: 'Create an OAuth client ID',
          detail: 'Application type Web application.',
          copy: [{ value: 'redirectUri', label: 'Authorized redirect URIs' }],
        },
        { title: 'Consent screen', detail: 'Internal, so only your Workspace users can sign in.' },
        { title: 'Copy the credentials', detail: 'Client ID and Client secret. The issuer is https://accounts.google.com.' },
      ],
      pitfalls: ['Use an Internal consent screen, otherwise any Google account can sign in.'],
    },
  },
  adfs: {
    vendor: 'adfs',
    label: 'Microsoft AD FS',
    inSentence: 'Microsoft AD FS',
    recommended: 'saml',
    saml: {
      consolePath:
        'AD FS Management > Relying Party Trusts > Add Relying Party Trust > Claims aware > Enter data about the relying party manually',
      metadataHint: 'https://<adfs-host>/FederationMetadata/2007-06/FederationMetadata.xml',
      steps: [
        {
          title: 'Add the relying party trust',
          detail: 'Claims aware, enter the data manually. Enable support for the SAML 2.0 WebSSO protocol.',
          copy: [
            { value: 'acsUrl', label: 'Relying party SAML 2.0 SSO service URL' },
            { value: 'entityId', label: 'Relying party trust identifier' },
          ],
        },
        {
          title: 'Issue a Name ID',
          detail:
            'Claim issuance policy: Transform an incoming claim: Windows account name → Name ID, format Persistent Identifier. AD FS issues none until a rule does.',
        },
        {
          title: 'Send LDAP attributes',
          detail: 'E-Mail-Addresses → E-Mail Address, Given-Name → Given Name, Surname → Surname.',
        },
      ],
      pitfalls: [
        'Without a Name ID rule, sign-in fails.',
        'Automatic certificate rollover replaces the signing certificate about yearly: use the metadata URL so the change is picked up.',
      ],
    },
    oidc: {
      consolePath: 'AD FS Management > Application Groups > Add Application Group > Server application accessing a web API',
      issuerExample: 'https://<adfs-host>/adfs',
      steps: [
        {
          title: 'Add an application group',
          detail: 'Server application.',
          copy: [{ value: 'redirectUri', label: 'Redirect URI' }],
        },
        { title: 'Generate a shared secret', detail: 'Configure application credentials > Generate a shared secret.' },
        { title: 'Issuer', detail: 'https://<adfs-host>/adfs' },
      ],
      pitfalls: ['AD FS issues pairwise subjects per application.'],
    },
  },
  ping: {
    vendor: 'ping',
    label: 'PingOne / PingFederate',
    inSentence: 'PingOne / PingFederate',
    recommended: 'saml',
    saml: {
      consolePath: 'PingOne: Connections > Applications > + > SAML Application > Manually Enter. PingFederate: SP Connections',
      metadataHint: 'PingOne: https://auth.pingone.<region>/<envId>/saml20/metadata/<appId>',
      steps: [
        {
          title: 'Create the SAML application',
          detail: 'Enter the values manually.',
          copy: [
            { value: 'acsUrl', label: 'ACS URLs' },
            { value: 'entityId', label: 'Entity ID' },
          ],
        },
        { title: 'Subject', detail: 'saml_subject ← User ID (a UUID that never changes), Subject NameID Format persistent.' },
        { title: 'Attributes', detail: 'Add email, given name and family name.' },
        { title: 'Enable the application', detail: 'Toggle it on: otherwise users see “Application is not enabled”.' },
      ],
      pitfalls: ['PingFederate’s default port 9031 cannot be used: publish it on 443.'],
    },
    oidc: {
      consolePath: 'PingOne: Connections > Applications > + > OIDC Web App',
      issuerExample: 'https://auth.pingone.com/<envId>/as',
      steps: [
        {
          title: 'Create an OIDC web app',
          detail: 'Add the redirect URI.',
          copy: [{ value: 'redirectUri', label: 'Redirect URIs' }],
        },
        {
          title: 'Token Endpoint Authentication Method',
          detail: 'Client Secret Post (another method gives “Unsupported authentication method”).',
        },
        { title: 'Copy the credentials', detail: 'Client ID, Client Secret and the issuer.' },
      ],
      pitfalls: ['Endpoints must be on port 443 or 80.'],
    },
  },
  onelogin: {
    vendor: 'onelogin',
    label: 'OneLogin',
    inSentence: 'OneLogin',
    recommended: 'saml',
    saml: {
      consolePath: 'Applications > Add App > SAML Custom Connector (Advanced)',
      metadataHint: 'More Actions > SAML Metadata, or the Issuer URL (it is a metadata URL).',
      steps: [
        {
          title: 'Configuration tab',
          detail:
            'SAML initiator: Service Provider. ACS (Consumer) URL Validator: a regular expression matching the ACS URL exactly.',
          copy: [
            { value: 'entityId', label: 'Audience (EntityID)' },
            { value: 'acsUrl', label: 'ACS (Consumer) URL and Recipient' },
          ],
        },
        { title: 'Signature', detail: 'SAML signature element: Assertion; algorithm SHA-256.' },
        { title: 'Parameters', detail: 'Map a stable NameID (the OneLogin user id) and email, first name, last name.' },
      ],
      pitfalls: ['The ACS URL Validator is a regular expression: escape the dots and slashes.'],
    },
    oidc: {
      consolePath: 'Applications > Add App > OpenId Connect',
      issuerExample: 'https://<subdomain>.onelogin.com/oidc/2',
      steps: [
        { title: 'Add the app', detail: 'Configuration tab.', copy: [{ value: 'redirectUri', label: 'Redirect URI' }] },
        { title: 'SSO tab', detail: 'Token Endpoint Authentication Method: POST. Copy Client ID and Client Secret.' },
      ],
      pitfalls: ['The default token endpoint method is Basic: switch it to POST.'],
    },
  },
  jumpcloud: {
    vendor: 'jumpcloud',
    label: 'JumpCloud',
    inSentence: 'JumpCloud',
    recommended: 'saml',
    saml: {
      consolePath: 'User Authentication > SSO Applications > Add New Application > Custom Application > Configure SSO with SAML',
      metadataHint: 'Export the metadata, or use “Copy Metadata URL”.',
      steps: [
        {
          title: 'SSO settings',
          detail: 'Choose an IdP Entity ID (it can be any text, such as JumpCloud).',
          copy: [
            { value: 'entityId', label: 'SP Entity ID' },
            { value: 'acsUrl', label: 'ACS URLs' },
          ],
        },
        {
          title: 'SAMLSubject NameID',
          detail: 'Use a stable user attribute with format persistent rather than the email address.',
        },
        { title: 'Attributes', detail: 'Add email, firstName and lastName; sign the assertion.' },
      ],
      pitfalls: ['The default NameID is the email address, which can change.'],
    },
    oidc: {
      consolePath: 'User Authentication > SSO Applications > Add New Application > Custom Application > Configure SSO with OIDC',
      steps: [
        { title: 'Redirect URI', detail: 'Add it exactly.', copy: [{ value: 'redirectUri', label: 'Redirect URIs' }] },
        { title: 'Client Authentication Type', detail: 'Client Secret Post.' },
        { title: 'Issuer', detail: 'Copy the exact issuer from the discovery document, trailing slash included if it has one.' },
      ],
      pitfalls: ['JumpCloud’s issuer is written with and without a trailing slash in the wild: copy the discovery value.'],
    },
  },
  keycloak: {
    vendor: 'keycloak',
    label: 'Keycloak',
    inSentence: 'Keycloak',
    recommended: 'saml',
    saml: {
      consolePath: 'Keycloak admin console > your realm > Clients > Create client > Client type SAML',
      metadataHint: 'https://<host>/realms/<realm>/protocol/saml/descriptor (older versions: /auth/realms/...).',
      steps: [
        {
          title: 'Create the SAML client',
          detail: 'The Client ID is the SP entity ID.',
          copy: [
            { value: 'entityId', label: 'Client ID' },
            { value: 'acsUrl', label: 'Valid redirect URIs / Assertion Consumer Service POST Binding URL' },
          ],
        },
        {
          title: 'Client signature',
          detail:
            'Keys tab: turn off “Client signature required” (or turn on request signing here and upload the signing certificate shown in the next step).',
        },
        { title: 'A stable Name ID', detail: 'Name ID format persistent.' },
        {
          title: 'Mappers',
          detail: 'Add “X500 email”, “X500 givenName” and “X500 surname” mappers; by default only a role list is sent.',
        },
      ],
      pitfalls: ['“Client signature required” is on by default and rejects unsigned requests.'],
    },
    oidc: {
      consolePath: 'Keycloak admin console > your realm > Clients > Create client > OpenID Connect',
      issuerExample: 'https://<host>/realms/<realm>',
      steps: [
        {
          title: 'Client authentication ON',
          detail: 'Standard flow enabled.',
          copy: [{ value: 'redirectUri', label: 'Valid redirect URIs' }],
        },
        { title: 'Credentials', detail: 'Client Authenticator “Client Id and Secret”; copy the secret.' },
      ],
      pitfalls: ['Older Keycloak versions put /auth before /realms in the issuer.'],
    },
  },
  auth0: {
    vendor: 'auth0',
    label: 'Auth0',
    inSentence: 'Auth0',
    recommended: 'oidc',
    saml: {
      consolePath: 'Auth0 Dashboard > Applications > (Regular Web Application) > Addons > SAML2 Web App',
      metadataHint: 'https://<tenant>.auth0.com/samlp/metadata/<client_id>',
      steps: [
        {
          title: 'Enable the SAML2 Web App addon',
          detail: 'On a Regular Web Application.',
          copy: [{ value: 'acsUrl', label: 'Application Callback URL' }],
        },
        {
          title: 'Settings',
          detail:
            'Set "audience" to the entity ID below, "signatureAlgorithm": "rsa-sha256" and "digestAlgorithm": "sha256" (the legacy defaults are SHA-1).',
          copy: [{ value: 'entityId', label: 'audience' }],
        },
      ],
      pitfalls: ['The legacy signature and digest defaults are SHA-1.'],
    },
    oidc: {
      consolePath: 'Auth0 Dashboard > Applications > Create Application > Regular Web Application',
      issuerExample: 'https://<tenant>.auth0.com/ (with the trailing slash Auth0 publishes)',
      steps: [
        {
          title: 'Allowed Callback URLs',
          detail: 'Add the redirect URI.',
          copy: [{ value: 'redirectUri', label: 'Allowed Callback URLs' }],
        },
        { title: 'Credentials', detail: 'Authentication Method: Client Secret (Post). Copy the Client ID and Client Secret.' },
        { title: 'Issuer', detail: 'https://<tenant>.auth0.com/ exactly as Auth0 publishes it, trailing slash included.' },
      ],
      pitfalls: ['A Single Page Application has no client secret: use a Regular Web Application.'],
    },
  },
  generic: {
    vendor: 'generic',
    label: 'Another SAML 2.0 or OpenID Connect provider',
    inSentence: 'your identity provider',
    recommended: 'saml',
    saml: genericSaml,
    oidc: genericOidc,
  },
};

/** The guide for one identity provider and protocol. */
export function guideFor(vendor: VendorId, protocol: Protocol): ProtocolGuide {
  return VENDOR_GUIDES[vendor][protocol];
}
