import type { TenantListItem, TenantSsoState } from '@gatehouse/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../messages.ts';

type SortKey = 'name' | 'status' | 'sso' | 'domains' | 'activity' | 'created';
interface Sort {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

// The badges of the connection states that match: the same colours mean the same thing across the console.
const SSO_BADGE: Record<TenantSsoState, string> = {
  review: 'badge-submitted',
  live: 'badge-active',
  suspended: 'badge-suspended',
  setup: '',
  none: '',
};

// Ascending SSO order puts what needs the operator first.
const SSO_ORDER: Record<TenantSsoState, number> = { review: 0, live: 1, suspended: 2, setup: 3, none: 4 };

const sortValue: Record<SortKey, (tenant: TenantListItem) => string | number> = {
  name: (tenant) => tenant.name.toLocaleLowerCase(),
  status: (tenant) => tenant.status,
  sso: (tenant) => SSO_ORDER[tenant.sso.state],
  domains: (tenant) => tenant.sso.verifiedDomains,
  activity: (tenant) => Date.parse(tenant.sso.lastActivityAt),
  created: (tenant) => Date.parse(tenant.createdAt),
};

function sorted(tenants: readonly TenantListItem[], sort: Sort | null): readonly TenantListItem[] {
  if (!sort) return tenants;
  const value = sortValue[sort.key];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...tenants].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
  });
}

/**
 * One page of tenants. The API pages newest first, so sorting by a column orders the rows of this page
 * only, which the table says under it.
 */
export function TenantTable({ tenants, caption, busy }: { tenants: readonly TenantListItem[]; caption: string; busy: boolean }) {
  const [sort, setSort] = useState<Sort | null>(null);
  const header = (key: SortKey, label: string) => {
    const current = sort?.key === key ? sort.direction : undefined;
    return (
      <th scope="col" aria-sort={current ?? 'none'}>
        <button
          type="button"
          className="sort-button"
          aria-label={t.admin.sortBy(label)}
          onClick={() => setSort({ key, direction: current === 'ascending' ? 'descending' : 'ascending' })}
        >
          {label}
          <span aria-hidden="true">{current === 'ascending' ? ' ▲' : current === 'descending' ? ' ▼' : ''}</span>
        </button>
      </th>
    );
  };

  return (
    <>
      <TableScroll label={t.admin.tenantsTitle}>
        <table className="table" aria-busy={busy}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {header('name', t.admin.name)}
              <th scope="col">{t.admin.id}</th>
              {header('status', t.admin.status)}
              {header('sso', t.admin.sso)}
              {header('domains', t.admin.verifiedDomains)}
              {header('activity', t.admin.lastActivity)}
              {header('created', t.admin.created)}
            </tr>
          </thead>
          <tbody>
            {sorted(tenants, sort).map((tenant) => (
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
                <td>
                  <span className={`badge ${SSO_BADGE[tenant.sso.state]}`}>{t.admin.ssoState[tenant.sso.state]}</span>
                  {tenant.sso.awaitingReview > 0 ? (
                    <span className="muted small"> {t.admin.waitingCount(tenant.sso.awaitingReview)}</span>
                  ) : null}
                </td>
                <td>{tenant.sso.verifiedDomains}</td>
                <td>{formatDateTime(tenant.sso.lastActivityAt)}</td>
                <td>{formatDateTime(tenant.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="hint">{t.admin.sortNote}</p>
    </>
  );
}
