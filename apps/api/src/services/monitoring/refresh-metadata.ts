import { createHash } from 'node:crypto';
import { CERTIFICATE_EXPIRY_THRESHOLDS_DAYS, isGatehouseError } from '@gatehouse/core';
import { analyzeSamlMetadata, type SamlMetadataAnalysis } from '@gatehouse/core/saml';
import { type FindingDraft, type JobRunContext, type LiveConnection, liveConnection, recordHealth } from './context.ts';

const DAY_MS = 86_400_000;

interface SigningCertificate {
  fingerprint: string;
  subject: string;
  notAfter: string;
}

/** The parsed signing certificates of an analysed document, each identified by the SHA-256 of its DER. */
function signingCertificates(analysis: SamlMetadataAnalysis): SigningCertificate[] {
  return analysis.summary.certificates
    .filter((certificate) => certificate.use === 'signing' && certificate.parsed && certificate.pem && certificate.notAfter)
    .map((certificate) => ({
      fingerprint: createHash('sha256')
        .update(Buffer.from(certificate.pem ?? '', 'base64'))
        .digest('hex'),
      subject: certificate.subject ?? '',
      notAfter: certificate.notAfter ?? '',
    }));
}

const describe = (certificate: SigningCertificate) => ({
  subject: certificate.subject,
  notAfter: certificate.notAfter,
  fingerprint: certificate.fingerprint,
});

/** The threshold (30, 14 or 7 days) a certificate has crossed, or null while it is further from expiry. */
function crossedThreshold(daysLeft: number): number | null {
  let crossed: number | null = null;
  for (const days of CERTIFICATE_EXPIRY_THRESHOLDS_DAYS) if (daysLeft <= days) crossed = days;
  return crossed;
}

/**
 * refresh-metadata for one live SAML connection. The live signing certificates are those of the stored
 * metadata file, or, for a metadata URL, of the document the URL serves now (fetched through the SSRF
 * guard). Findings: certificates that differ from the approved revision's (the IdP rotated its key),
 * certificates within 30, 14 or 7 days of expiry or expired, and a URL that cannot be fetched or no
 * longer holds usable metadata.
 */
async function checkConnection(ctx: JobRunContext, live: LiveConnection): Promise<void> {
  const saml = live.revision.settings.saml;
  if (!saml) return;
  const { deps, now } = ctx;
  ctx.checked++;
  const approved = saml.metadataXml
    ? signingCertificates(analyzeSamlMetadata(saml.metadataXml, { now, source: saml.metadataSource }))
    : [];
  const drafts: FindingDraft[] = [];
  let current: SigningCertificate[] | null = approved;

  if (saml.metadataSource === 'url' && saml.metadataUrl) {
    const url = saml.metadataUrl;
    current = null;
    let text: string | null = null;
    try {
      text = (await deps.fetchUrl(url, { accept: 'application/samlmetadata+xml, application/xml, text/xml' })).text;
    } catch (error) {
      const reason = isGatehouseError(error) ? error.code : 'FETCH_FAILED';
      drafts.push({
        code: 'METADATA_UNREACHABLE',
        severity: 'error',
        key: 'METADATA_UNREACHABLE',
        message: `The metadata URL ${url} could not be fetched (${reason}). Cognito keeps its cached copy for a few hours; ask the customer to fix the URL or upload the metadata file.`,
        details: { url, reason },
      });
    }
    if (text !== null) {
      const analysis = analyzeSamlMetadata(text, { now, source: 'url' });
      const certificates = signingCertificates(analysis);
      if (!analysis.summary.entityId || certificates.length === 0) {
        const reason =
          analysis.findings.find((finding) => finding.severity === 'error')?.code ?? 'METADATA_NO_SIGNING_CERTIFICATE';
        drafts.push({
          code: 'METADATA_INVALID',
          severity: 'error',
          key: 'METADATA_INVALID',
          message: `The metadata URL ${url} no longer serves usable SAML metadata (${reason}). Cognito cannot refresh the IdP's certificates from it.`,
          details: { url, reason },
        });
      } else {
        current = certificates;
        const approvedPrints = new Set(approved.map((c) => c.fingerprint));
        const currentPrints = new Set(certificates.map((c) => c.fingerprint));
        const added = certificates.filter((c) => !approvedPrints.has(c.fingerprint));
        const removed = approved.filter((c) => !currentPrints.has(c.fingerprint));
        // Without the approved document (a URL whose metadata was too large to keep) there is nothing to compare.
        if (saml.metadataXml && (added.length || removed.length)) {
          drafts.push({
            code: 'CERTIFICATE_ROTATED',
            severity: 'warning',
            key: `CERTIFICATE_ROTATED:${[...currentPrints].sort().join(',')}`,
            message: `The IdP's signing certificates changed since revision ${live.revision.revision} was approved (${added.length} added, ${removed.length} removed). Cognito follows the URL; ask the customer to submit a new revision so review and tests match what is live.`,
            details: { url, added: added.map(describe), removed: removed.map(describe) },
          });
        }
      }
    }
  }

  const previousAlerts = (await deps.monitoring.getHealth(live.connection.tenantId, live.connection.id))?.sections[ctx.job]
    ?.certificateAlerts;
  const alerts: Record<string, number> = { ...previousAlerts };
  const newAlerts = new Set<string>();
  for (const certificate of current ?? []) {
    const daysLeft = (Date.parse(certificate.notAfter) - now.getTime()) / DAY_MS;
    const date = certificate.notAfter.slice(0, 10);
    if (daysLeft <= 0) {
      const key = `CERTIFICATE_EXPIRED:${certificate.fingerprint}`;
      drafts.push({
        code: 'CERTIFICATE_EXPIRED',
        severity: 'error',
        key,
        message: `The signing certificate "${certificate.subject}" expired on ${date}: sign-ins through this IdP fail. The customer must publish a new certificate and submit it.`,
        details: { ...describe(certificate), daysLeft: 0 },
      });
      if ((alerts[certificate.fingerprint] ?? Number.POSITIVE_INFINITY) > 0) newAlerts.add(key);
      alerts[certificate.fingerprint] = 0;
      continue;
    }
    const threshold = crossedThreshold(daysLeft);
    if (threshold === null) continue;
    const key = `CERTIFICATE_EXPIRING:${certificate.fingerprint}`;
    drafts.push({
      code: 'CERTIFICATE_EXPIRING',
      severity: threshold <= 7 ? 'error' : 'warning',
      key,
      message: `The signing certificate "${certificate.subject}" expires on ${date} (within ${threshold} days). Ask the customer to rotate it at the IdP and submit the new metadata before then.`,
      details: { ...describe(certificate), threshold, daysLeft: Math.floor(daysLeft) },
    });
    // Once per threshold crossed, not once per run: the lowest threshold reported is remembered.
    if ((alerts[certificate.fingerprint] ?? Number.POSITIVE_INFINITY) > threshold) newAlerts.add(key);
    alerts[certificate.fingerprint] = Math.min(alerts[certificate.fingerprint] ?? threshold, threshold);
  }

  await recordHealth(
    ctx,
    { tenantId: live.connection.tenantId, connectionId: live.connection.id, displayName: live.connection.displayName },
    drafts,
    {
      isNew: (draft, previous) =>
        draft.code === 'CERTIFICATE_EXPIRING' || draft.code === 'CERTIFICATE_EXPIRED'
          ? newAlerts.has(draft.key)
          : !previous?.findings.some((finding) => finding.key === draft.key),
      extra: { certificateAlerts: alerts },
    },
  );
}

/** The refresh-metadata job on one connection, when it is a live SAML connection. */
export async function refreshMetadata(ctx: JobRunContext, target: { tenantId: string; connectionId: string }): Promise<void> {
  const live = await liveConnection(ctx, target);
  if (live) await checkConnection(ctx, live);
}
