/**
 * What Cognito's managed login sends back instead of a code when a federated sign-in fails
 * (`error` and `error_description` on the redirect URI), turned into a plain explanation and a fix for
 * the IT admin. Sources: reference/cognito-idp.md section 4, plus the SAML checks Cognito applies to
 * every response (audience, issuer, validity, InResponseTo).
 */

/** The closed set of known Cognito sign-in failures, and UNKNOWN for anything else. */
export const COGNITO_SIGN_IN_ERROR_CODES = [
  'SAML_SIGNATURE_INVALID',
  'SAML_AUDIENCE_MISMATCH',
  'SAML_ISSUER_MISMATCH',
  'SAML_ASSERTION_EXPIRED',
  'SAML_RESPONSE_INVALID',
  'ATTRIBUTE_NOT_IN_SCHEMA',
  'ATTRIBUTE_NOT_WRITABLE',
  'ATTRIBUTE_REQUIRED',
  'ATTRIBUTE_REQUIRED_EMPTIED',
  'IDP_TOKEN_ERROR',
  'IDP_TIMEOUT',
  'IDP_ID_TOKEN_INVALID',
  'CLIENT_NOT_OAUTH',
  'PROVIDER_NOT_ENABLED',
  'UNKNOWN',
] as const;
export type CognitoSignInErrorCode = (typeof COGNITO_SIGN_IN_ERROR_CODES)[number];

export interface CognitoSignInErrorRule {
  code: Exclude<CognitoSignInErrorCode, 'UNKNOWN'>;
  /** Matched against error_description; the first capture group, when any, names the attribute. */
  match: RegExp;
  explanation: (detail: string) => string;
  fix: (detail: string) => string;
  /** Where the wording of Cognito's message comes from. */
  source: string;
}

/** Cognito's known sign-in failures, most specific first: the first rule whose pattern matches wins. */
export const COGNITO_SIGN_IN_ERRORS: readonly CognitoSignInErrorRule[] = [
  {
    code: 'SAML_SIGNATURE_INVALID',
    match: /Invalid SAML response received: SAML Assertion signature is invalid/i,
    explanation: () =>
      'Amazon Cognito could not verify the signature on the SAML response: the certificate in the metadata you gave does not match the one your identity provider signs with.',
    fix: () =>
      'Download the current metadata (or signing certificate) from your identity provider and upload it again in Provider details. If you rotated the certificate recently, make sure the new one is active.',
    source: 'aws/aws-sdk-js-v3 #6201',
  },
  {
    code: 'SAML_AUDIENCE_MISMATCH',
    match: /Invalid SAML response received:.*Audience/i,
    explanation: () =>
      'Your identity provider addressed the SAML response to another application: its Audience (Entity ID) is not this user pool’s.',
    fix: () =>
      'In your identity provider, set the Audience URI / SP Entity ID to exactly the value shown in the Register step (urn:amazon:cognito:sp:…), save, and test again.',
    source: 'SAML 2.0 AudienceRestriction, checked by Cognito on every response',
  },
  {
    code: 'SAML_ISSUER_MISMATCH',
    match: /Invalid SAML response received:.*Issuer/i,
    explanation: () =>
      'The SAML response names a different issuer (entity ID) than the metadata you gave: Cognito only accepts responses from the identity provider in that metadata.',
    fix: () =>
      'Upload the metadata of the application your users actually sign in through, or correct the entity ID in your identity provider.',
    source: 'SAML 2.0 Issuer, checked by Cognito against the metadata entityID',
  },
  {
    code: 'SAML_ASSERTION_EXPIRED',
    match: /Invalid SAML response received:.*(expired|not yet valid)/i,
    explanation: () =>
      'The SAML assertion was outside its validity window when it reached Cognito (usually a clock that is wrong on the identity provider).',
    fix: () => 'Check the clock of your identity provider (ADFS and on-premises servers especially), then test again.',
    source: 'SAML 2.0 Conditions NotBefore/NotOnOrAfter',
  },
  {
    code: 'ATTRIBUTE_NOT_IN_SCHEMA',
    match: /Invalid user attributes: ([^:]+): Attribute does not exist in the schema/i,
    explanation: (attribute) =>
      `The attribute mapping sends a value to "${attribute}", which the user pool does not have (or which an identity provider may not set).`,
    fix: (attribute) => `In the Attributes step, remove "${attribute}" from the mapping or pick an attribute the pool has.`,
    source: 'aws-samples/cloudfront-authorization-at-edge #153',
  },
  {
    code: 'ATTRIBUTE_NOT_WRITABLE',
    match: /Invalid user attributes: ([^:]+): Attribute cannot be updated/i,
    explanation: (attribute) =>
      `Cognito may not write "${attribute}": it is immutable and already set, or the app client is not allowed to write it.`,
    fix: (attribute) => `Remove "${attribute}" from the mapping, or ask your service provider to make it writable for sign-ins.`,
    source: 'amazon-cognito-auth-js #159',
  },
  {
    code: 'ATTRIBUTE_REQUIRED',
    match: /Invalid user attributes: ([^:]+): The attribute is required/i,
    explanation: (attribute) =>
      `The user pool requires "${attribute}", but your identity provider sent no value for it through the mapping.`,
    fix: (attribute) =>
      `Map "${attribute}" in the Attributes step to a claim your identity provider sends, and make sure it sends it for every user.`,
    source: 'aws-samples/aws-amplify-oidc-federation #2',
  },
  {
    code: 'ATTRIBUTE_REQUIRED_EMPTIED',
    match: /Invalid user attributes: ([^:]+): Required attribute cannot be deleted/i,
    explanation: (attribute) =>
      `The user pool requires "${attribute}" and this user already has it, but your identity provider now sent it empty, so Cognito refused the sign-in and kept the old value.`,
    fix: (attribute) =>
      `Make your identity provider send a value for the claim mapped to "${attribute}" for every user (check the user's profile at the identity provider), then test again.`,
    source: 'AWS knowledge center, invalid SAML response errors',
  },
  {
    code: 'SAML_RESPONSE_INVALID',
    match: /Invalid SAML response received|Error in SAML response processing/i,
    explanation: () => 'Amazon Cognito refused the SAML response your identity provider sent.',
    fix: () =>
      'Check the values registered in your identity provider against the Register step (Entity ID, ACS URL) and upload fresh metadata.',
    source: 'reference/cognito-idp.md section 4',
  },
  {
    code: 'IDP_TIMEOUT',
    match: /Timeout occurred in calling IdP token endpoint|Timeout in calling jwks uri/i,
    explanation: () => 'Cognito timed out calling your identity provider’s token endpoint or its key set.',
    fix: () => 'Make sure your identity provider is reachable from the internet and answers quickly, then test again.',
    source: 'docs.aws.amazon.com authorization-endpoint',
  },
  {
    code: 'IDP_TOKEN_ERROR',
    // Documented forms: `<IdP> Error - <status> <oauth error> <the IdP's text>` (managed login and federation
    // error responses) and `<IdP> Error - <status> error getting token` (authorization endpoint). AWS warns
    // the descriptions are not fixed strings, so only "Error - <status>" is relied on.
    match: /Error\s*-\s*(\d{3}\b.*)$/is,
    explanation: (detail) => {
      const [, status = '', rest = ''] = /^(\d{3})\s*(.*)$/s.exec(detail) ?? [];
      const oauthError = /^([a-z_]+)\b/.exec(rest)?.[1];
      const said = rest && !/^error getting token/i.test(rest) ? ` It said: "${rest}".` : '';
      const meaning =
        oauthError === 'invalid_client' || oauthError === 'unauthorized_client'
          ? 'It did not accept the client ID, the client secret or the way Cognito sends them (client_secret_post).'
          : oauthError === 'invalid_grant'
            ? 'It refused the authorization code: usually the redirect URI registered there is not exactly Cognito’s, or the code was already used.'
            : 'This is usually a wrong client secret, or an IdP that does not accept client_secret_post.';
      return `Your identity provider refused to give Cognito a token (HTTP ${status}).${said} ${meaning}`;
    },
    fix: () =>
      'Check the client ID and secret in Provider details, allow the client_secret_post authentication method in your identity provider, and register the redirect URI shown in the Register step exactly.',
    source: 'docs.aws.amazon.com federation-endpoint-idp-responses and authorization-endpoint',
  },
  {
    code: 'IDP_ID_TOKEN_INVALID',
    match: /Error - Invalid id_token|id_token not present/i,
    explanation: () =>
      'The ID token from your identity provider was missing or did not verify (wrong issuer, audience or signing key).',
    fix: () =>
      'Paste an ID token from your identity provider under “What your identity provider sent” to see which: the issuer must match Provider details exactly, the audience must be the client ID, and the token must be signed with a key your identity provider publishes at its jwks_uri.',
    source: 'docs.aws.amazon.com authorization-endpoint',
  },
  {
    code: 'CLIENT_NOT_OAUTH',
    match: /Client is not enabled for OAuth2\.0 flows/i,
    explanation: () => 'The test-login app client of this portal is not set up for sign-in flows.',
    fix: () => 'This is on the service provider’s side: tell your contact, quoting this message.',
    source: 'amazon-cognito-auth-js #159',
  },
  {
    code: 'PROVIDER_NOT_ENABLED',
    match: /Login option .* is not enabled|Identity provider not found/i,
    explanation: () => 'Your test identity provider is not (or no longer) enabled for test logins.',
    fix: () => 'Save Provider details again, which sets the test identity provider up, then test again.',
    source: 'Cognito /oauth2/authorize',
  },
];

export interface CognitoSignInErrorExplanation {
  code: CognitoSignInErrorCode;
  /** Cognito's own `error` value (server_error, invalid_request, ...). */
  error: string;
  /** Cognito's own words, kept for support. */
  description: string;
  explanation: string;
  fix: string;
}

/** Explains a failed managed-login sign-in from the `error` and `error_description` Cognito sent. */
export function explainCognitoSignInError(error: string, description: string | undefined): CognitoSignInErrorExplanation {
  const text = (description ?? '').slice(0, 1000);
  for (const rule of COGNITO_SIGN_IN_ERRORS) {
    const found = rule.match.exec(text);
    if (found) {
      const detail = (found[1] ?? '').trim();
      return { code: rule.code, error, description: text, explanation: rule.explanation(detail), fix: rule.fix(detail) };
    }
  }
  return {
    code: 'UNKNOWN',
    error,
    description: text,
    explanation: 'Amazon Cognito stopped the sign-in with an error this portal does not recognise.',
    fix: 'Read Cognito’s message below; if it does not tell you what to change, send it to your contact.',
  };
}
