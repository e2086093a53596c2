import { useId, useState } from 'react';
import { ApiErrorMessage } from '../../../components/ApiErrorMessage.tsx';
import type { useApproveConnection, useRejectConnection } from '../../../lib/admin-review.ts';
import { errorDetails } from '../../../lib/error-details.ts';
import { t } from '../../../messages.ts';

interface Props {
  version: number;
  approve: ReturnType<typeof useApproveConnection>;
  reject: ReturnType<typeof useRejectConnection>;
}

/**
 * Approve (after a confirmation) or send back with a reason the IT admin reads. A failed activation the
 * API put back as it was (LIFECYCLE_FAILED with `undone`) is said to be safe to retry.
 */
export function ReviewDecision({ version, approve, reject }: Props) {
  const [mode, setMode] = useState<'idle' | 'confirm' | 'reason'>('idle');
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const hintId = useId();
  const busy = approve.isPending || reject.isPending;
  // "Nothing was changed" only when the API says Cognito was put back as it was; otherwise its message
  // already says to approve again.
  const failure = errorDetails(approve.error, 'LIFECYCLE_FAILED');
  const retryable = failure?.retryable === true && failure.undone;

  return (
    <section aria-labelledby="decision-title" className="review-decision">
      <h2 id="decision-title">{t.review.decisionTitle}</h2>
      {mode === 'idle' ? (
        <p>
          <button type="button" className="button" onClick={() => setMode('confirm')} disabled={busy}>
            {t.review.approve}
          </button>{' '}
          <button type="button" className="button button-secondary" onClick={() => setMode('reason')} disabled={busy}>
            {t.review.sendBack}
          </button>
        </p>
      ) : null}

      {mode === 'confirm' ? (
        <div role="alertdialog" aria-label={t.review.approve} className="confirm">
          <p>{t.review.approveConfirm}</p>
          <button
            type="button"
            className="button"
            disabled={busy}
            ref={(el) => el?.focus()}
            onClick={() => approve.mutate({ version }, { onSettled: () => setMode('idle') })}
          >
            {approve.isPending ? t.review.working : t.review.confirmApprove}
          </button>{' '}
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => setMode('idle')}>
            {t.review.cancel}
          </button>
        </div>
      ) : null}

      {mode === 'reason' ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            reject.mutate({ version, reason }, { onSuccess: () => setMode('idle') });
          }}
        >
          <div className="field">
            <label htmlFor={reasonId}>{t.review.reasonLabel}</label>
            <textarea
              id={reasonId}
              aria-describedby={hintId}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              rows={4}
              maxLength={2000}
              required
              ref={(el) => el?.focus()}
            />
            <p className="hint" id={hintId}>
              {t.review.reasonHint}
            </p>
          </div>
          <button type="submit" className="button" disabled={busy || reason.trim() === ''}>
            {reject.isPending ? t.review.working : t.review.sendBackSubmit}
          </button>{' '}
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => setMode('idle')}>
            {t.review.cancel}
          </button>
        </form>
      ) : null}

      {busy ? (
        <p role="status" className="muted">
          {t.review.working}
        </p>
      ) : null}
      <ApiErrorMessage error={approve.error} />
      {retryable ? <p className="hint">{t.review.retryable}</p> : null}
      <ApiErrorMessage error={reject.error} />
    </section>
  );
}
