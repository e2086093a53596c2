import type { SetupLink } from '@gatehouse/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { Loading } from '../../components/Loading.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { useIssueSetupLink, useRevokeSetupLink, useTenantDetail } from '../../lib/admin.ts';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../messages.ts';
import { TenantActivity } from './ActivityLog.tsx';
import { ConnectionDrawer } from './ConnectionDrawer.tsx';
import { ConnectionSummaryCells, ConnectionSummaryHeadings } from './ConnectionSummaryRow.tsx';
import { SsoEnforcementPanel } from './SsoEnforcementPanel.tsx';
import { TenantDangerZone } from './TenantDangerZone.tsx';

/** One setup link with a Revoke button that asks for confirmation first. */
function LinkRow({ tenantId, link }: { tenantId: string; link: SetupLink }) {
  const revoke = useRevokeSetupLink(tenantId);
  const [confirming, setConfirming] = useState(false);
  return (
    <li>
      <span className={`badge badge-${link.status}`}>{t.admin.linkStatus[link.status]}</span>{' '}
      <span>{formatDateTime(link.createdAt)}</span>{' '}
      <span className="muted">
        {t.admin.expires} {formatDateTime(link.expiresAt)}
      </span>{' '}
      {link.status === 'active' && !confirming ? (
        <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
          {t.admin.revoke}
        </button>
      ) : null}
      {confirming ? (
        <div role="alertdialog" aria-label={t.admin.revoke} className="confirm">
          <p>{t.admin.revokeConfirm}</p>
          <button
            type="button"
            className="button"
            disabled={revoke.isPending}
            ref={(el) => el?.focus()}
            onClick={() => revoke.mutate(link.id, { onSuccess: () => setConfirming(false) })}
          >
            {t.admin.confirmRevoke}
          </button>{' '}
          <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
            {t.admin.cancel}
          </button>
        </div>
      ) : null}
      <ApiErrorMessage error={revoke.error} />
    </li>
  );
}

/** /admin/tenants/:tenantId: the tenant, its setup links (issue, copy once, revoke) and its connections. */
export function TenantDetailPage() {
  const tenantId = useParams().tenantId ?? '';
  const detail = useTenantDetail(tenantId);
  const issue = useIssueSetupLink(tenantId);
  const [confirmingReplace, setConfirmingReplace] = useState(false);

  if (detail.isPending) {
    return <Loading />;
  }
  if (detail.isError) return <ApiErrorMessage error={detail.error} />;
  const { tenant, setupLinks, connections } = detail.data;
  const hasActiveLink = setupLinks.some((link) => link.status === 'active');
  return (
    <section className="panel" aria-labelledby="page-title">
      <p>
        <Link to="/admin">{t.admin.backToTenants}</Link>
      </p>
      <h1 id="page-title" tabIndex={-1} ref={(el) => el?.focus()}>
        {tenant.name}
      </h1>
      <p>
        <code>{tenant.id}</code> <span className={`badge badge-${tenant.status}`}>{t.admin.tenantStatus[tenant.status]}</span>
      </p>

      <h2>{t.admin.setupLinksTitle}</h2>
      <p>{t.admin.setupLinksIntro}</p>
      <p>
        <button
          type="button"
          className="button"
          // With a link still active, issuing replaces it: the admin holding it is cut off, so ask first.
          onClick={() => (hasActiveLink ? setConfirmingReplace(true) : issue.mutate())}
          disabled={issue.isPending || confirmingReplace}
        >
          {t.admin.issueLink}
        </button>
      </p>
      {confirmingReplace ? (
        <div role="alertdialog" aria-labelledby="replace-link-title" aria-describedby="replace-link-body" className="confirm">
          <p id="replace-link-title">
            <strong>{t.admin.replaceTitle}</strong>
          </p>
          <p id="replace-link-body">{t.admin.replaceConfirm}</p>
          <button
            type="button"
            className="button"
            disabled={issue.isPending}
            ref={(el) => el?.focus()}
            onClick={() => issue.mutate(undefined, { onSettled: () => setConfirmingReplace(false) })}
          >
            {t.admin.confirmReplace}
          </button>{' '}
          <button type="button" className="button button-secondary" onClick={() => setConfirmingReplace(false)}>
            {t.admin.cancel}
          </button>
        </div>
      ) : null}
      <ApiErrorMessage error={issue.error} />
      {/* Shown until the link is revoked or replaced; it cannot be shown again after leaving the page. */}
      {issue.data && setupLinks.some((link) => link.id === issue.data.link.id && link.status === 'active') ? (
        <div className="issued-link" role="status">
          <CopyField label={t.admin.issuedLink} value={issue.data.url} />
          <p className="hint">{t.admin.issuedHint}</p>
        </div>
      ) : null}
      {setupLinks.length === 0 ? (
        <p>{t.admin.noLinks}</p>
      ) : (
        <ul className="link-list">
          {setupLinks.map((link) => (
            <LinkRow key={link.id} tenantId={tenant.id} link={link} />
          ))}
        </ul>
      )}

      <h2>{t.admin.connectionsTitle}</h2>
      {connections.length === 0 ? (
        <p>{t.admin.noConnections}</p>
      ) : (
        <TableScroll label={t.admin.connectionsTitle}>
          <table className="table">
            <thead>
              <tr>
                <ConnectionSummaryHeadings />
                <th scope="col">{t.lifecycle.actions}</th>
              </tr>
            </thead>
            <tbody>
              {connections.map((c) => (
                <tr key={c.id}>
                  <ConnectionSummaryCells tenantId={tenant.id} connection={c} />
                  <td>
                    <ConnectionDrawer tenantId={tenant.id} connection={c} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <SsoEnforcementPanel tenantId={tenant.id} />

      <TenantActivity tenantId={tenant.id} />

      <TenantDangerZone tenant={tenant} />
    </section>
  );
}
