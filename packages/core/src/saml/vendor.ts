import type { IdpVendor } from '../findings/vendors.ts';

// Tested in order; each pattern matches what the vendor itself publishes as entity ID or SSO URL.
const SIGNATURES: [IdpVendor, RegExp][] = [
  [
    'entra',
    /^https:\/\/sts\.windows\.net\/|^https:\/\/login\.microsoftonline\.(?:com|us)\/|^https:\/\/login\.partner\.microsoftonline\.cn\//i,
  ],
  ['adfs', /\/adfs\/(?:services\/trust|ls)\b/i],
  ['okta', /^https?:\/\/www\.okta\.com\/|^https:\/\/[^/]+\.(?:okta|oktapreview|okta-emea)\.com\//i],
  ['google', /^https:\/\/accounts\.google\.com\/o\/saml2/i],
  ['ping', /^https:\/\/auth\.pingone\.[a-z.]+\/|\/idp\/SSO\.saml2\b|pingidentity|pingone/i],
  ['onelogin', /^https:\/\/[^/]*\.onelogin\.com\//i],
  ['jumpcloud', /^https:\/\/sso\.jumpcloud\.com\//i],
  ['keycloak', /\/realms\/[^/]+\/protocol\/saml\b/i],
  ['auth0', /^urn:[^:]+\.auth0\.com$|^https:\/\/[^/]+\.auth0\.com\/samlp\//i],
];

/**
 * Recognises the IdP product from its entity ID and endpoint URLs so the wizard can preselect the guide
 * and claim preset. Custom domains hide the vendor: the answer is then `generic`.
 */
export function detectSamlVendor(entityId: string, endpoints: readonly string[]): IdpVendor {
  const candidates = [entityId, ...endpoints];
  for (const [vendor, pattern] of SIGNATURES) {
    if (candidates.some((value) => pattern.test(value))) return vendor;
  }
  // JumpCloud lets the admin choose the entity ID, often the bare word "JumpCloud".
  if (/^jumpcloud$/i.test(entityId)) return 'jumpcloud';
  return 'generic';
}
