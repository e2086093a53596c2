import type { Tenant } from '@gatehouse/core';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { useDeleteTenant } from '../../lib/admin.ts';
import { t } from '../../messages.ts';

/** Deleting the tenant: the operator types the tenant's name before the button does anything. */
export function TenantDangerZone({ tenant }: { tenant: Tenant }) {
  const remove = useDeleteTenant(tenant.id);
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
          if (confirmed) remove.mutate(undefined, { onSuccess: () => navigate('/admin') });
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
      <ApiErrorMessage error={remove.error} />
    </section>
  );
}
