import type { DomainClaimView } from '@gatehouse/core';
import { useId } from 'react';
import { ApiErrorMessage } from '../../../components/ApiErrorMessage.tsx';
import { CopyField } from '../../../components/CopyField.tsx';
import { useRemoveDomain, useVerifyDomain } from '../../../lib/domains.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { t } from '../../../messages.ts';

/** One domain: the TXT record to publish, its status with the reason, Verify and Remove. */
export function DomainCard({
  claim,
  connectionId,
  onRemoved,
}: {
  claim: DomainClaimView;
  connectionId: string;
  /** Called once the domain is gone, so focus can move somewhere that still exists. */
  onRemoved: (domain: string) => void;
}) {
  const headingId = useId();
  const verify = useVerifyDomain(connectionId);
  const remove = useRemoveDomain(connectionId);
  const { domain } = claim;
  const checking = verify.isPending;

  return (
    <section className={`domain-card domain-${claim.status}`} aria-labelledby={headingId}>
      <div className="domain-head">
        <h3 id={headingId}>{domain}</h3>
        <span className={`badge badge-domain-${claim.status}`}>{t.domains.status[claim.status]}</span>
      </div>
      {/* Announced when it changes: the outcome of Verify reaches screen readers without moving focus. */}
      <div role="status" className="domain-status">
        {checking ? (
          <p>{t.domains.verifying}</p>
        ) : claim.status === 'verified' && claim.verifiedAt ? (
          <p>{t.domains.verifiedAt(formatDateTime(claim.verifiedAt))}</p>
        ) : claim.status === 'failed' && claim.failure ? (
          <p className="domain-reason">
            <strong>{t.domains.status.failed}:</strong> {t.domains.reasons[claim.failure.reason]}
          </p>
        ) : null}
      </div>
      {claim.status !== 'verified' ? (
        <>
          <p className="muted">{t.domains.publish}</p>
          <CopyField label={t.domains.recordNameFor(domain)} value={claim.record.name} />
          <CopyField label={t.domains.recordValueFor(domain)} value={claim.record.value} />
        </>
      ) : null}
      <ApiErrorMessage error={verify.error ?? remove.error} />
      <div className="domain-actions">
        {claim.status !== 'verified' ? (
          <button
            type="button"
            className="button"
            onClick={() => verify.mutate(domain)}
            disabled={checking}
            aria-label={t.domains.verifyLabel(domain)}
          >
            {checking ? t.domains.verifying : t.domains.verify}
          </button>
        ) : null}
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            // mutateAsync, not mutate's callbacks: those never run once this card has unmounted, which
            // removing it does. A refusal is shown from remove.error.
            remove.mutateAsync(domain).then(
              () => onRemoved(domain),
              () => undefined,
            )
          }
          disabled={remove.isPending}
          aria-label={t.domains.removeLabel(domain)}
        >
          {t.domains.remove}
        </button>
      </div>
      {claim.lastCheckedAt && !checking ? (
        <p className="muted domain-checked">{t.domains.checkedAt(formatDateTime(claim.lastCheckedAt))}</p>
      ) : null}
    </section>
  );
}
