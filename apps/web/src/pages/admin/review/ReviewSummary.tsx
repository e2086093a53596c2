import type { ConnectionReview } from '@gatehouse/core';
import type { ReactNode } from 'react';
import { formatDateTime } from '../../../lib/format.ts';
import { t } from '../../../messages.ts';

/**
 * What the decision rests on, in a few lines, and the decision itself: kept in view (sticky) while the
 * operator reads the settings, mapping and test report below, so Approve and Send back never need a scroll.
 */
export function ReviewSummary({
  review,
  children,
}: {
  review: Pick<ConnectionReview, 'findings' | 'test' | 'domains'>;
  children: ReactNode;
}) {
  const { findings, test, domains } = review;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const verified = domains.claims.filter((c) => c.status === 'verified').length;
  return (
    <aside className="review-summary" aria-labelledby="review-summary-title">
      <h2 id="review-summary-title" className="visually-hidden">
        {t.review.summaryTitle}
      </h2>
      <dl className="review-summary-facts">
        <div>
          <dt>{t.review.summaryFindings}</dt>
          <dd>
            <a href="#review-findings-title" className={errors > 0 ? 'summary-errors' : undefined}>
              {t.review.findingCounts(errors, warnings)}
            </a>
          </dd>
        </div>
        <div>
          <dt>{t.review.summaryLastTest}</dt>
          <dd>{test ? t.review.testResult(test.passed, formatDateTime(test.at)) : t.review.noTest}</dd>
        </div>
        <div>
          <dt>{t.review.summaryDomains}</dt>
          <dd>{t.review.domainCounts(verified, domains.claims.length - verified)}</dd>
        </div>
      </dl>
      {children}
    </aside>
  );
}
