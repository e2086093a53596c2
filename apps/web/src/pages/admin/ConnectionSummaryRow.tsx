import type { TenantDetail } from '@gatehouse/core';
import { VENDOR_GUIDES } from '@gatehouse/core';
import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../messages.ts';
import { ConnectionHealth } from './ConnectionHealth.tsx';

type Row = TenantDetail['connections'][number];

/** The column headings that go with ConnectionSummaryRow. */
export function ConnectionSummaryHeadings() {
  return (
    <>
      <th scope="col">{t.admin.name}</th>
      <th scope="col">{t.admin.vendor}</th>
      <th scope="col">{t.admin.protocol}</th>
      <th scope="col">{t.admin.status}</th>
      <th scope="col">{t.admin.submitted}</th>
      <th scope="col">{t.review.summaryChecks}</th>
    </>
  );
}

/**
 * One connection on the tenant page: its name links to the review page, then where it stands, its
 * domains with their status, the last test login, the findings and the SAML certificate expiry.
 */
export function ConnectionSummaryCells({ tenantId, connection: c }: { tenantId: string; connection: Row }) {
  const { domains, findings, certificateExpiry } = c.overview;
  const to = `/admin/tenants/${encodeURIComponent(tenantId)}/connections/${encodeURIComponent(c.id)}`;
  return (
    <>
      <td>
        <Link
          to={to}
          aria-label={c.status === 'submitted' ? t.review.reviewLink(c.displayName) : t.review.openLink(c.displayName)}
        >
          {c.displayName}
        </Link>
        <ConnectionHealth health={c.health} />
      </td>
      <td>{VENDOR_GUIDES[c.vendor as keyof typeof VENDOR_GUIDES]?.label ?? c.vendor}</td>
      <td>{c.protocol === 'saml' ? t.wizard.protocolSaml : t.wizard.protocolOidc}</td>
      <td>
        <span className={`badge badge-${c.status}`}>{t.admin.connectionStatus[c.status]}</span>
      </td>
      <td>{c.submittedAt ? formatDateTime(c.submittedAt) : ''}</td>
      <td>
        <dl className="connection-overview">
          <dt>{t.review.summaryDomains}</dt>
          <dd>
            {domains.length === 0
              ? t.review.noDomains
              : domains.map((d) => (
                  <span key={d.domain} className="overview-domain">
                    <code>{d.domain}</code>{' '}
                    <span className={`badge badge-domain-${d.status}`}>{t.review.domainStatus[d.status]}</span>
                  </span>
                ))}
          </dd>
          <dt>{t.review.summaryLastTest}</dt>
          <dd>
            {c.lastTest ? (
              <>
                <span className={`badge badge-${c.lastTest.passed ? 'active' : 'rejected'}`}>
                  {c.lastTest.passed ? t.review.passed : t.review.failed}
                </span>{' '}
                {formatDateTime(c.lastTest.at)}
              </>
            ) : (
              t.review.noTest
            )}
          </dd>
          <dt>{t.review.summaryFindings}</dt>
          <dd>{t.review.findingCounts(findings.error, findings.warning)}</dd>
          {certificateExpiry ? (
            <>
              <dt>{t.review.summaryCertificate}</dt>
              <dd>{formatDateTime(certificateExpiry)}</dd>
            </>
          ) : null}
        </dl>
      </td>
    </>
  );
}
