/**
 * The readable end of a claim name: SAML attribute names are often URIs
 * (`http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress`) or URNs
 * (`urn:oid:0.9.2342.19200300.100.1.3`) whose start is the same for every claim. The short name is the
 * last path segment, fragment or URN part; a plain name (`email`) is its own short name.
 */
export function claimShortName(claim: string): string {
  const trimmed = claim.trim().replace(/[/#:]+$/, '');
  const cut = Math.max(
    trimmed.lastIndexOf('/'),
    trimmed.lastIndexOf('#'),
    trimmed.startsWith('urn:') ? trimmed.lastIndexOf(':') : -1,
  );
  return cut >= 0 ? trimmed.slice(cut + 1) : trimmed;
}
