import { testLoginReportSchema, VENDOR_GUIDES, type VendorId } from '@gatehouse/core';
import { Link, useParams } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { Findings } from '../../components/Findings.tsx';
import { IdpSentExplainer } from '../../components/IdpSentExplainer.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApproveConnection, useConnectionReview, useRejectConnection } from '../../lib/admin-review.ts';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../messages.ts';
import { TestLoginReportView } from '../setup/steps/test-login/TestLoginReportView.tsx';
import { RevisionHistory } from './RevisionHistory.tsx';
import { ReviewDecision } from './review/ReviewDecision.tsx';
import { DomainsReview, LiveConfiguration, MappingDiff, SettingsDiff } from './review/ReviewDiff.tsx';
import { ReviewSummary } from './review/ReviewSummary.tsx';

/**
 * /admin/tenants/:tenantId/connections/:connectionId: what changes and the operator's decision, in a
 * summary that stays in view; once nothing waits, what serves users.
 */
export function ConnectionReviewPage() {
  const params = useParams();
  const tenantId = params.tenantId ?? '';
  const connectionId = params.connectionId ?? '';
  const review = useConnectionReview(tenantId, connectionId);
  const approve = useApproveConnection(tenantId, connectionId);
  const reject = useRejectConnection(tenantId, connectionId);

  if (review.isPending) {
    return <Loading />;
  }
  if (review.isError) return <ApiErrorMessage error={review.error} />;
  const { connection, submitted, active, settings, mapping, domains, findings, test, version } = review.data;
  const first = active === null;
  // Reports are stored as the test login wrote them; an unreadable one is left out rather than misread.
  const report = test ? testLoginReportSchema.safeParse(test.report) : null;
  return (
    <section className="panel" aria-labelledby="page-title">
      <p>
        <Link to={`/admin/tenants/${encodeURIComponent(tenantId)}`}>{t.review.backToTenant}</Link>
      </p>
      <h1 id="page-title" tabIndex={-1} ref={(el) => el?.focus()}>
        {submitted !== null
          ? t.review.title(connection.displayName)
          : active !== null
            ? t.review.liveTitle(connection.displayName)
            : connection.displayName}
      </h1>
      <p>
        {VENDOR_GUIDES[connection.vendor as keyof typeof VENDOR_GUIDES]?.label ?? connection.vendor} ·{' '}
        {connection.protocol === 'saml' ? t.wizard.protocolSaml : t.wizard.protocolOidc}{' '}
        <span className={`badge badge-${connection.status}`}>{t.admin.connectionStatus[connection.status]}</span>
      </p>
      <p>
        {t.review.providerName}: <code>{connection.providerName}</code>
      </p>

      {approve.isSuccess ? (
        <div className="alert alert-success" role="status">
          <p>{t.review.approved}</p>
        </div>
      ) : null}
      {reject.isSuccess ? (
        <div className="alert alert-success" role="status">
          <p>{t.review.sentBack}</p>
        </div>
      ) : null}

      {submitted === null ? null : (
        <ReviewSummary review={review.data}>
          <ReviewDecision version={version} approve={approve} reject={reject} />
        </ReviewSummary>
      )}

      {submitted !== null ? (
        <>
          <p>{t.review.revisionIntro(submitted.revision, active?.revision ?? null)}</p>
          <SettingsDiff rows={settings} first={first} />
          <MappingDiff rows={mapping} first={first} />
        </>
      ) : active !== null ? (
        <LiveConfiguration active={active} />
      ) : approve.isSuccess || reject.isSuccess ? null : (
        <p>{t.review.nothingWaiting}</p>
      )}

      <DomainsReview domains={domains} />

      {submitted === null ? null : (
        <>
          <section aria-labelledby="review-findings-title">
            <h2 id="review-findings-title">{t.review.findingsTitle}</h2>
            {findings.length === 0 ? <p>{t.review.noFindings}</p> : <Findings findings={findings} />}
          </section>
          {test ? (
            <section aria-labelledby="review-test-title">
              <h2 id="review-test-title">{t.review.testTitle}</h2>
              <p>{t.review.testResult(test.passed, formatDateTime(test.at))}</p>
              {report?.success ? <TestLoginReportView report={report.data} /> : null}
            </section>
          ) : null}
        </>
      )}

      {submitted !== null || active !== null ? (
        <IdpSentExplainer
          target={{ audience: 'admin', tenantId, connectionId }}
          protocol={connection.protocol}
          vendor={connection.vendor as VendorId}
          audience="operator"
        />
      ) : null}

      <RevisionHistory tenantId={tenantId} connectionId={connectionId} />
    </section>
  );
}
