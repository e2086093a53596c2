import type { ConnectionHealth as Health, HealthFinding } from '@gatehouse/core';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../messages.ts';

/** The facts of a finding worth a glance: certificate expiry, domain, the fields that drifted. */
function facts(finding: HealthFinding): string | null {
  const details = finding.details ?? {};
  if (typeof details.notAfter === 'string') return formatDateTime(details.notAfter);
  if (typeof details.domain === 'string') return details.domain;
  if (Array.isArray(details.differences)) {
    return details.differences
      .map((d: unknown) => (typeof d === 'object' && d !== null && 'field' in d && typeof d.field === 'string' ? d.field : ''))
      .join(', ');
  }
  return null;
}

/** One open finding: severity, what it is, its facts, and the job's explanation. */
export function HealthFindingItem({ finding }: { finding: HealthFinding }) {
  const extra = facts(finding);
  return (
    <li className={`health-finding health-${finding.severity}`}>
      <span className={`badge badge-health-${finding.severity}`}>{t.monitoring.severity[finding.severity]}</span>{' '}
      <strong>{t.monitoring.codes[finding.code] ?? finding.code}</strong>
      {extra ? <span>: {extra}</span> : null} <span className="muted">{t.monitoring.since(formatDateTime(finding.since))}</span>
      <p className="muted">{finding.message}</p>
    </li>
  );
}

/**
 * What the monitoring jobs last found on a connection, shown in its row of the tenant detail:
 * certificate expiry and rotation, drift in Cognito, and domains whose TXT record went missing.
 */
export function ConnectionHealth({ health }: { health: Health | null }) {
  if (!health) return null;
  const last = health.checks
    .map((check) => check.checkedAt)
    .sort()
    .at(-1);
  return (
    <section className="connection-health" aria-label={t.monitoring.healthLabel}>
      {health.findings.length === 0 ? (
        <p className="muted">{t.monitoring.healthy(last ? formatDateTime(last) : '')}</p>
      ) : (
        <ul className="health-findings">
          {health.findings.map((finding) => (
            <HealthFindingItem key={`${finding.job}:${finding.key}`} finding={finding} />
          ))}
        </ul>
      )}
    </section>
  );
}
