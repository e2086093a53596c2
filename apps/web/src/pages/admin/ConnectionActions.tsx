import type { AdminConnectionSummary } from '@gatehouse/core';
import { useState } from 'react';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { type ConnectionAction, useConnectionAction } from '../../lib/admin.ts';
import { t } from '../../messages.ts';

/** The operator's actions on one live connection: suspend, resume, roll back, each confirmed first. */
export function ConnectionActions({ tenantId, connection }: { tenantId: string; connection: AdminConnectionSummary }) {
  const mutation = useConnectionAction(tenantId, connection);
  const [confirming, setConfirming] = useState<ConnectionAction | null>(null);
  if (connection.activeRevision === null) return null;

  const available: ConnectionAction[] = [
    ...(connection.suspended ? (['resume'] as const) : (['suspend'] as const)),
    ...(connection.rollbackRevision !== null ? (['rollback'] as const) : []),
  ];
  const question = (action: ConnectionAction) =>
    action === 'suspend'
      ? t.lifecycle.suspendConfirm(connection.displayName)
      : action === 'resume'
        ? t.lifecycle.resumeConfirm(connection.displayName)
        : t.lifecycle.rollbackConfirm(connection.displayName, connection.activeRevision, connection.rollbackRevision ?? 0);

  return (
    <div className="connection-actions">
      {confirming === null
        ? available.map((action) => (
            <button
              key={action}
              type="button"
              className="button button-secondary"
              onClick={() => {
                mutation.reset();
                setConfirming(action);
              }}
            >
              {t.lifecycle[action]}
            </button>
          ))
        : null}
      {confirming ? (
        <div role="alertdialog" aria-label={t.lifecycle.confirmTitle[confirming]} className="confirm">
          <p>{question(confirming)}</p>
          <button
            type="button"
            className="button"
            disabled={mutation.isPending}
            ref={(el) => el?.focus()}
            onClick={() => mutation.mutate(confirming, { onSuccess: () => setConfirming(null) })}
          >
            {t.lifecycle.confirm[confirming]}
          </button>{' '}
          <button type="button" className="button button-secondary" onClick={() => setConfirming(null)}>
            {t.lifecycle.cancel}
          </button>
        </div>
      ) : null}
      {mutation.isSuccess && mutation.variables && confirming === null ? (
        <p className="hint" role="status">
          {t.lifecycle.done[mutation.variables]}
        </p>
      ) : null}
      <ApiErrorMessage error={mutation.error} />
    </div>
  );
}
