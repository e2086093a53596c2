import type { Protocol, VendorId } from '../connection-constants.ts';

/** How to capture what an IdP sends, in two lines: the first says where, the second what to copy. */
export type CaptureGuide = readonly [string, string];

const SAML: CaptureGuide = [
  'Install the SAML-tracer browser extension (Firefox or Chrome), or open your browser’s developer tools on the Network tab with “Preserve log” on.',
  'Press Test login, select the POST to …/saml2/idpresponse and copy its SAMLResponse parameter.',
];

// Cognito exchanges the code with the IdP itself, so an ID token never passes through the browser:
// each guide names the IdP's own way of issuing one for the connection's client ID.
const OIDC_GENERIC: CaptureGuide = [
  'The ID token goes from your identity provider to Cognito directly, never through the browser: use your identity provider’s token preview or test tool if it has one.',
  'Or sign in with this client ID (scope openid email profile) in an OAuth tool such as Postman, and copy id_token from the token response.',
];

const OIDC: Partial<Record<VendorId, CaptureGuide>> = {
  entra: [
    'In the Microsoft Entra admin center, App registrations > your app > Authentication: add the Web redirect URI https://jwt.ms and tick “ID tokens”, for the test only.',
    'Open …/oauth2/v2.0/authorize?client_id=<client ID>&response_type=id_token&redirect_uri=https://jwt.ms&scope=openid email profile&nonce=1 under your issuer, sign in and copy the token jwt.ms shows; then remove the redirect URI.',
  ],
  okta: [
    'In the Okta Admin Console, Security > API > Authorization Servers > your server > Token Preview (custom authorization servers only).',
    'Choose this application, grant type Authorization Code, a user and the scopes openid email profile, press Preview Token and copy the id_token.',
  ],
  google: [
    'In the OAuth 2.0 Playground (developers.google.com/oauthplayground), open the settings (gear), choose “Use your own OAuth credentials” and enter this client ID and secret; the client needs the Playground as an authorised redirect URI.',
    'Authorise the scopes openid email profile, exchange the authorization code for tokens and copy id_token.',
  ],
};

/** Where the admin of `vendor` captures a SAML response or an ID token to paste into the explainer. */
export function captureGuide(vendor: VendorId, protocol: Protocol): CaptureGuide {
  return protocol === 'saml' ? SAML : (OIDC[vendor] ?? OIDC_GENERIC);
}
