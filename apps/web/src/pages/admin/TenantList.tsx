import type { TenantStatus } from '@gatehouse/core';
import { useId, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useTenants } from '../../lib/admin.ts';
import { t } from '../../messages.ts';
import { RouteLookup } from './RouteLookup.tsx';
import { TenantTable } from './TenantTable.tsx';

/**
 * /admin: tenants with a name search, a status filter or the review queue (`?filter=needs-review`, so the
 * navigation can link to it), and next/previous pages (cursors kept in a stack).
 */
export function TenantList() {
  const searchId = useId();
  const statusId = useId();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<TenantStatus | ''>('');
  const [searchParams, setSearchParams] = useSearchParams();
  const needsReview = searchParams.get('filter') === 'needs-review';
  // Cursors of the pages before the current one; the first page has none.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  // The navigation can switch to the review queue while this page shows: its pages start again.
  const [cursorsFor, setCursorsFor] = useState(needsReview);
  if (cursorsFor !== needsReview) {
    setCursorsFor(needsReview);
    setCursors([null]);
  }
  const cursor = cursors.at(-1) ?? null;
  const tenants = useTenants({ q, status, needsReview, cursor });
  const reset = () => setCursors([null]);
  const waiting = tenants.data?.needsReview;
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
          <button
            type="button"
            className="button button-secondary filter-toggle"
            aria-pressed={needsReview}
            aria-describedby={needsReview ? `${searchId}-review-hint` : undefined}
            onClick={() => {
              setSearchParams(needsReview ? {} : { filter: 'needs-review' });
              reset();
            }}
          >
            {t.admin.needsReview} {waiting === undefined ? null : <span className="count-badge">{waiting}</span>}
          </button>
          {needsReview ? (
            <p className="hint" id={`${searchId}-review-hint`}>
              {t.admin.needsReviewHint}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={searchId}>{t.admin.search}</label>
          <input
            id={searchId}
            type="search"
            value={q}
            disabled={needsReview}
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
            disabled={needsReview}
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
        <p role="status">{needsReview ? t.admin.noneWaiting : t.admin.noTenants}</p>
      ) : (
        <TenantTable tenants={tenants.data.tenants} caption={t.admin.page(cursors.length)} busy={tenants.isFetching} />
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
