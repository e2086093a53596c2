import type { Protocol } from '@gatehouse/core';
import type { StoredConnection, StoredRevision, StoredSamlSettings } from './connection-store.ts';

/**
 * A connection as approval leaves it: revision 1 approved and live, no draft. For tests, benchmarks and
 * tools that seed a table through the stores; `overrides` changes any field.
 */
export function approvedConnection(
  tenantId: string,
  id: string,
  at: string,
  overrides: Partial<StoredConnection> = {},
): StoredConnection {
  return {
    id,
    tenantId,
    vendor: 'generic',
    protocol: 'saml',
    displayName: `Connection ${id}`,
    providerName: `gh-${tenantId}-${id}`,
    testProviderName: `ghtest-${tenantId}-${id}`,
    suspended: false,
    activeRevision: 1,
    draft: null,
    draftState: null,
    draftRevision: null,
    step: 'submit',
    changeSeq: 1,
    createdAt: at,
    updatedAt: at,
    version: 0,
    ...overrides,
  };
}

/**
 * The approved revision 1 of `connection`, with its SAML metadata (a file or a URL) or, for an OIDC
 * connection, placeholder OIDC settings; mapped email to email, tested and passed at `at`.
 */
export function approvedRevision(
  connection: { tenantId: string; id: string; protocol: Protocol },
  at: string,
  saml: Pick<StoredSamlSettings, 'metadataSource' | 'metadataUrl' | 'metadataXml'> = { metadataSource: 'file' },
): StoredRevision {
  return {
    connectionId: connection.id,
    tenantId: connection.tenantId,
    revision: 1,
    settings: {
      ...(connection.protocol === 'saml'
        ? { saml: { ...saml, signRequests: false, idpInitiated: false, idpSignout: false } }
        : {
            oidc: {
              issuer: 'https://idp.example.com',
              clientId: 'gatehouse',
              secret: null,
              scopes: 'openid email',
              attributesRequestMethod: 'GET' as const,
            },
          }),
      attributeMapping: { email: 'email' },
      findings: [],
    },
    vendor: 'generic',
    protocol: connection.protocol,
    submittedAt: at,
    test: { at, passed: true, changeSeq: 1, report: {} },
    state: 'approved',
  };
}
