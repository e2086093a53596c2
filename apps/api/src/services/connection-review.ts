import { createHash } from 'node:crypto';
import {
  type ConnectionOverview,
  type ConnectionReview,
  diffDomains,
  diffMapping,
  diffReviewSettings,
  operatorConnectionStatus,
  type ReviewCertificate,
  type ReviewRevision,
} from '@gatehouse/core';
import { analyzeSamlMetadata } from '@gatehouse/core/saml';
import type { AppDeps } from '../deps.ts';
import type { DraftSettings, StoredConnection, StoredFinding, StoredRevision } from '../store/connection-store.ts';
import type { StoredDomainClaim } from '../store/domain-store.ts';

type ReviewDeps = Pick<AppDeps, 'connections' | 'domains' | 'cognito' | 'now' | 'logger'>;

/** SHA-256 of a certificate's DER bytes as IdP consoles print it: upper-case hex pairs joined by colons. */
function fingerprint(base64: string): string {
  const hex = createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex').toUpperCase();
  return hex.match(/../g)?.join(':') ?? hex;
}

/** The signing certificates of stored metadata, read again with the same analysis the wizard ran. */
function signingCertificates(settings: DraftSettings, now: Date): ReviewCertificate[] {
  const xml = settings.saml?.metadataXml;
  if (!xml) return [];
  const { summary } = analyzeSamlMetadata(xml, { now, source: settings.saml?.metadataSource ?? 'file' });
  return summary.certificates
    .filter((c) => c.use === 'signing' && c.parsed && c.pem)
    .map((c) => ({ sha256: fingerprint(c.pem ?? ''), notAfter: c.notAfter ?? null, subject: c.subject ?? null }));
}

/** A stored revision reduced to the settings an operator compares. Secrets are never part of it. */
export function toReviewRevision(revision: StoredRevision, now: Date): ReviewRevision {
  const { saml, oidc, attributeMapping } = revision.settings;
  return {
    revision: revision.revision,
    submittedAt: revision.submittedAt,
    protocol: revision.protocol,
    saml: saml
      ? {
          metadataSource: saml.metadataSource,
          metadataUrl: saml.metadataUrl ?? null,
          entityId: saml.entityId ?? null,
          certificates: signingCertificates(revision.settings, now),
          signRequests: saml.signRequests,
          idpInitiated: saml.idpInitiated,
          idpSignout: saml.idpSignout,
        }
      : null,
    oidc: oidc
      ? {
          issuer: oidc.issuer,
          clientId: oidc.clientId,
          scopes: oidc.scopes,
          attributesRequestMethod: oidc.attributesRequestMethod,
          secret: oidc.secret ? { setAt: oidc.secret.setAt, lastFour: oidc.secret.lastFour } : null,
        }
      : null,
    attributeMapping: { ...attributeMapping },
  };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function allFindings(settings: DraftSettings): StoredFinding[] {
  return [...settings.findings, ...(settings.mappingFindings ?? [])].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
}

const claimView = (claim: StoredDomainClaim) => ({ domain: claim.domain, status: claim.status });

/**
 * Everything an operator needs to decide on a connection's submitted revision: both revisions side by
 * side, the mapping key by key, the domains approval will route against the live IdP's identifiers in
 * Cognito, the findings and the test login report. Reads only: nothing changes.
 */
export async function connectionReview(deps: ReviewDeps, connection: StoredConnection): Promise<ConnectionReview> {
  const now = deps.now();
  const { tenantId, id } = connection;
  const submittedRevision =
    connection.draftState === 'submitted' && connection.draftRevision !== null
      ? await deps.connections.getRevision(tenantId, id, connection.draftRevision)
      : null;
  const activeRevision =
    connection.activeRevision !== null ? await deps.connections.getRevision(tenantId, id, connection.activeRevision) : null;
  const [claims, live] = await Promise.all([
    deps.domains.listForConnection(tenantId, id),
    // The review is mostly our own records: a Cognito outage leaves the live identifiers unknown rather
    // than hiding the rest of what the operator needs.
    deps.cognito.describeIdentityProvider(connection.providerName).catch((error: unknown) => {
      deps.logger.warn('review: the live IdP could not be read', { connectionId: id, error });
      return 'unknown' as const;
    }),
  ]);

  const submitted = submittedRevision ? toReviewRevision(submittedRevision, now) : null;
  const active = activeRevision ? toReviewRevision(activeRevision, now) : null;
  const willRoute = claims
    .filter((c) => c.status === 'verified')
    .map((c) => c.domain)
    .sort();
  const liveIdentifiers = live && live !== 'unknown' ? [...live.idpIdentifiers].sort() : null;
  return {
    connection: {
      id,
      tenantId,
      displayName: connection.displayName,
      vendor: connection.vendor,
      protocol: connection.protocol,
      providerName: connection.providerName,
      status: operatorConnectionStatus(connection),
      activeRevision: connection.activeRevision,
    },
    submitted,
    active,
    settings: submitted ? diffReviewSettings(active, submitted) : [],
    mapping: submitted ? diffMapping(active?.attributeMapping ?? null, submitted.attributeMapping) : [],
    domains: {
      claims: claims.map(claimView),
      willRoute,
      live: liveIdentifiers,
      liveUnknown: live === 'unknown',
      ...diffDomains(willRoute, liveIdentifiers),
    },
    findings: submittedRevision ? allFindings(submittedRevision.settings) : [],
    test: submittedRevision
      ? { at: submittedRevision.test.at, passed: submittedRevision.test.passed, report: submittedRevision.test.report }
      : null,
    version: connection.version,
  };
}

/**
 * What the tenant page shows beside a connection's status: its domains, the findings of the settings
 * being worked on (or of the active revision when there is no draft), and the earliest SAML signing
 * certificate expiry.
 */
export async function connectionOverview(
  deps: ReviewDeps,
  connection: StoredConnection,
  claims: StoredDomainClaim[],
): Promise<ConnectionOverview> {
  let settings = connection.draft;
  if (!settings && connection.activeRevision !== null) {
    settings =
      (await deps.connections.getRevision(connection.tenantId, connection.id, connection.activeRevision))?.settings ?? null;
  }
  const findings = { error: 0, warning: 0, info: 0 };
  for (const f of settings ? allFindings(settings) : []) findings[f.severity] += 1;
  const expiries = settings
    ? signingCertificates(settings, deps.now())
        .map((c) => c.notAfter)
        .filter((d): d is string => d !== null)
        .sort()
    : [];
  return {
    domains: claims.filter((c) => c.connectionId === connection.id).map(claimView),
    findings,
    certificateExpiry: expiries[0] ?? null,
  };
}
