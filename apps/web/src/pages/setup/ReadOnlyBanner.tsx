import type { ConnectionView } from '@gatehouse/core';
import { Link } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useLifecycle } from '../../lib/lifecycle.ts';
import { stepPath } from '../../lib/wizard.ts';
import { t } from '../../messages.ts';

/**
 * Says why a connection's steps cannot be edited and what the admin can do about it: withdraw a
 * submission from review, or start a new revision of a live connection. Shown above every step, so
 * the disabled fields never come as a surprise (the API would refuse a save with CONNECTION_NOT_EDITABLE).
 */
export function ReadOnlyBanner({ connection }: { connection: ConnectionView }) {
  const withdraw = useLifecycle(connection, 'withdraw');
  if (connection.draftState === 'submitted') {
    return (
      <section className="alert alert-info read-only-banner" aria-labelledby="read-only-title">
        <p>
          <strong id="read-only-title">{t.wizard.readOnly.reviewTitle}</strong>
        </p>
        <p role="status">{t.submit.submitted(formatDateTime(connection.submittedAt ?? connection.updatedAt))}</p>
        <p>{t.wizard.readOnly.reviewBody}</p>
        <p>{t.wizard.readOnly.reviewNext}</p>
        <ApiErrorMessage error={withdraw.error} />
        <button type="button" className="button button-secondary" disabled={withdraw.isPending} onClick={() => withdraw.mutate()}>
          {t.submit.withdraw}
        </button>
      </section>
    );
  }
  if (connection.draftState === null) {
    return (
      <section className="alert alert-info read-only-banner" aria-labelledby="read-only-title">
        <p>
          <strong id="read-only-title">
            {connection.status === 'suspended' ? t.wizard.status.suspended : t.wizard.readOnly.liveTitle}
          </strong>
        </p>
        <p>{t.wizard.readOnly.liveBody}</p>
        <Link to={stepPath(connection.id, 'submit')}>{t.wizard.readOnly.goToSubmit}</Link>
      </section>
    );
  }
  return null;
}
