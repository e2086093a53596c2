import type { TenantStatus } from '@gatehouse/core';
import { useId, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { useTenants } from '../../lib/admin.ts';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../messages.ts';
import { RouteLookup } from './RouteLookup.tsx';

/** /admin: tenants with a name search, a status filter, and next/previous pages (cursors kept in a stack). */
export function TenantList() {
  const searchId = useId();
  const statusId = useId();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<TenantStatus | ''>('');
  // Cursors of the pages before the current one; the first page has none.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const cursor = cursors.at(-1) ?? null;
  const tenants = useTenants({ q, status, cursor });
  const reset = () => setCursors([null]);
  // What the page that sent the operator here just did (a deletion), said once.
  const notice = (useLocation().state as { notice?: string } | null)?.notice;

  return (
    <section className="panel" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1} ref={(el) => el?.focus()}>
        {t.admin.tenantsTitle}
      </h1>
      {notice ? (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      ) : null}
      <p>
        <Link className="button" to="/admin/tenants/new">
          {t.admin.newTenant}
        </Link>
      </p>
      <RouteLookup />
      <search className="filters">
        <div className="field">
          <label htmlFor={searchId}>{t.admin.search}</label>
          <input
            id={searchId}
            type="search"
            value={q}
            aria-describedby={`${searchId}-hint`}
            onChange={(e) => {
              setQ(e.currentTarget.value);
              reset();
            }}
          />
          <p className="hint" id={`${searchId}-hint`}>
            {t.admin.searchHint}
          </p>
        </div>
        <div className="field">
          <label htmlFor={statusId}>{t.admin.statusFilter}</label>
          <select
            id={statusId}
            value={status}
            onChange={(e) => {
              setStatus(e.currentTarget.value as TenantStatus | '');
              reset();
            }}
          >
            <option value="">{t.admin.allStatuses}</option>
            <option value="active">{t.admin.tenantStatus.active}</option>
            <option value="suspended">{t.admin.tenantStatus.suspended}</option>
            <option value="deleting">{t.admin.tenantStatus.deleting}</option>
          </select>
        </div>
      </search>

      {tenants.isPending ? (
        <Loading />
      ) : tenants.isError ? (
        <ApiErrorMessage error={tenants.error} />
      ) : tenants.data.tenants.length === 0 ? (
        <p role="status">{t.admin.noTenants}</p>
      ) : (
        <TableScroll label={t.admin.tenantsTitle}>
          <table className="table" aria-busy={tenants.isFetching}>
            <caption className="visually-hidden">{t.admin.page(cursors.length)}</caption>
            <thead>
              <tr>
                <th scope="col">{t.admin.name}</th>
                <th scope="col">{t.admin.id}</th>
                <th scope="col">{t.admin.status}</th>
                <th scope="col">{t.admin.created}</th>
              </tr>
            </thead>
            <tbody>
              {tenants.data.tenants.map((tenant) => (
                <tr key={tenant.id}>
                  <td>
                    <Link to={`/admin/tenants/${tenant.id}`}>{tenant.name}</Link>
                  </td>
                  <td>
                    <code>{tenant.id}</code>
                  </td>
                  <td>
                    <span className={`badge badge-${tenant.status}`}>{t.admin.tenantStatus[tenant.status]}</span>
                  </td>
                  <td>{formatDateTime(tenant.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <nav className="pager" aria-label={t.admin.page(cursors.length)}>
        <button
          type="button"
          className="button button-secondary"
          disabled={cursors.length <= 1}
          onClick={() => setCursors((stack) => stack.slice(0, -1))}
        >
          {t.admin.previous}
        </button>{' '}
        <span className="muted">{t.admin.page(cursors.length)}</span>{' '}
        <button
          type="button"
          className="button button-secondary"
          disabled={!tenants.data?.nextCursor || tenants.isPlaceholderData}
          onClick={() => {
            const next = tenants.data?.nextCursor;
            if (next) setCursors((stack) => [...stack, next]);
          }}
        >
          {t.admin.next}
        </button>
      </nav>
    </section>
  );
}
