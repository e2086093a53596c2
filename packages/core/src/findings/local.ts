import type { Finding, FindingCode } from './catalog.ts';

/**
 * Findings about transport rules that only production enforces (https, ports 443/80). A local portal
 * that talks to identity providers on http://127.0.0.1 still shows them, as warnings, so the admin sees
 * what production would refuse without being blocked here.
 */
export const PRODUCTION_NETWORK_FINDINGS: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'METADATA_URL_NOT_HTTPS',
  'METADATA_URL_PORT',
  'METADATA_SSO_NOT_HTTPS',
  'OIDC_ISSUER_NOT_HTTPS',
  'OIDC_ISSUER_PORT',
  'OIDC_ENDPOINT_NOT_HTTPS',
  'OIDC_ENDPOINT_PORT',
]);

/** Lowers production-only network errors to warnings, for a portal that allows private networks. */
export function relaxForLocalNetwork(findings: readonly Finding[]): Finding[] {
  return findings.map((f) =>
    f.severity === 'error' && PRODUCTION_NETWORK_FINDINGS.has(f.code)
      ? { ...f, severity: 'warning', message: `${f.message} (Allowed on this local portal only; production refuses it.)` }
      : f,
  );
}
