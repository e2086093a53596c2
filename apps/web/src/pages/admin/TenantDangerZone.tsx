import type { Tenant } from '@gatehouse/core';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { useDeleteTenant } from '../../lib/admin.ts';
import { t } from '../../messages.ts';

/** Deleting the tenant: the operator types the tenant's name before the button does anything. */
export function TenantDangerZone({ tenant }: { tenant: Tenant }) {
  const [deletedSoFar, setDeletedSoFar] = useState<number | null>(null);
  const remove = useDeleteTenant(tenant.id, setDeletedSoFar);
  const navigate = useNavigate();
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const confirmed = typed.trim() === tenant.name;
  return (
    <section className="danger-zone" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>{t.lifecycle.dangerTitle}</h2>
      {tenant.status === 'deleting' ? <p className="alert alert-warning">{t.lifecycle.deletingHint}</p> : null}
      <p>{t.lifecycle.deleteIntro}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!confirmed) return;
          remove.mutate(undefined, {
            onSuccess: (result) =>
              navigate('/admin', { state: { notice: t.lifecycle.deleted(tenant.name, result.deletedUsers) } }),
          });
        }}
      >
        <div className="field">
          <label htmlFor={inputId}>{t.lifecycle.deleteLabel(tenant.name)}</label>
          <input id={inputId} value={typed} autoComplete="off" onChange={(e) => setTyped(e.currentTarget.value)} />
        </div>
        <button type="submit" className="button button-danger" disabled={!confirmed || remove.isPending}>
          {remove.isPending ? t.lifecycle.deleting : t.lifecycle.deleteTenant}
        </button>
      </form>
      {remove.isPending && deletedSoFar !== null ? <p role="status">{t.lifecycle.deletingUsers(deletedSoFar)}</p> : null}
      <ApiErrorMessage error={remove.error} />
    </section>
  );
}
