import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { useCreateTenant } from '../../lib/admin.ts';
import { t } from '../../messages.ts';

/** /admin/tenants/new: a name, optionally an id; then on to the tenant to issue its setup link. */
export function CreateTenant() {
  const nameId = useId();
  const idId = useId();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const create = useCreateTenant();
  const navigate = useNavigate();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name, ...(id.trim() ? { id: id.trim() } : {}) },
      { onSuccess: (tenant) => navigate(`/admin/tenants/${tenant.id}`) },
    );
  };

  return (
    <section className="panel" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1} ref={(el) => el?.focus()}>
        {t.admin.createTitle}
      </h1>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={nameId}>{t.admin.tenantName}</label>
          <input id={nameId} value={name} required maxLength={120} onChange={(e) => setName(e.currentTarget.value)} />
        </div>
        <div className="field">
          <label htmlFor={idId}>{t.admin.tenantId}</label>
          <input
            id={idId}
            value={id}
            maxLength={32}
            aria-describedby={`${idId}-hint`}
            onChange={(e) => setId(e.currentTarget.value)}
            spellCheck={false}
          />
          <p className="hint" id={`${idId}-hint`}>
            {t.admin.tenantIdHint}
          </p>
        </div>
        <ApiErrorMessage error={create.error} />
        <p>
          <button type="submit" className="button" disabled={create.isPending}>
            {t.admin.create}
          </button>{' '}
          <Link to="/admin">{t.admin.cancel}</Link>
        </p>
      </form>
    </section>
  );
}
