import {
  diffReviewSettings,
  type ReviewDomains,
  type ReviewMappingRow,
  type ReviewRevision,
  type ReviewSettingRow,
} from '@gatehouse/core';
import type { ReactNode } from 'react';
import { TableScroll } from '../../../components/TableScroll.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { t } from '../../../messages.ts';

const SWITCHES = new Set(['signRequests', 'idpInitiated', 'idpSignout']);

/** A setting's value as text; metadata values are shown as text, never as markup. */
function settingText(key: string, value: string | null): string {
  if (value === null) return t.review.none;
  if (key === 'certificateExpiry') return formatDateTime(value);
  if (key === 'metadataSource') return t.review.metadataSources[value] ?? value;
  if (SWITCHES.has(key)) return value === 'on' ? t.review.on : t.review.off;
  return value;
}

/**
 * The active and the submitted revision side by side; changed rows are marked, not only coloured. A first
 * revision has nothing to compare with: its rows are marked New and the empty "Active now" column is left out.
 */
export function SettingsDiff({ rows, first }: { rows: readonly ReviewSettingRow[]; first: boolean }) {
  return (
    <TableScroll label={t.review.settingsTitle}>
      <table className="table review-diff">
        <caption>{t.review.settingsTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{t.review.settingColumn}</th>
            {first ? null : <th scope="col">{t.review.activeColumn}</th>}
            <th scope="col">{t.review.submittedColumn}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className={row.changed ? 'diff-changed' : undefined} data-changed={row.changed}>
              <th scope="row">
                {t.review.settingLabels[row.key] ?? row.key}
                {row.changed ? (
                  <span className="badge badge-submitted diff-flag">{first ? t.review.new : t.review.changed}</span>
                ) : null}
              </th>
              {first ? null : <td className="diff-value">{settingText(row.key, row.active)}</td>}
              <td className="diff-value">{settingText(row.key, row.submitted)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The attribute mapping key by key: added, removed, changed or unchanged; every row New in a first revision. */
export function MappingDiff({ rows, first }: { rows: readonly ReviewMappingRow[]; first: boolean }) {
  return (
    <TableScroll label={t.review.mappingTitle}>
      <table className="table review-diff">
        <caption>{t.review.mappingTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{t.review.attributeColumn}</th>
            {first ? null : <th scope="col">{t.review.activeColumn}</th>}
            <th scope="col">{t.review.submittedColumn}</th>
            <th scope="col">{t.review.changeColumn}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.attribute} className={row.change === 'unchanged' ? undefined : `diff-${row.change}`}>
              <th scope="row">
                <code>{row.attribute}</code>
              </th>
              {first ? null : <td className="diff-value">{row.active ?? t.review.none}</td>}
              <td className="diff-value">{row.submitted ?? t.review.none}</td>
              <td>{first ? t.review.new : t.review.change[row.change]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** A caption, two column headers and one labelled value per row. */
function TwoColumnTable({
  title,
  columns,
  rows,
}: {
  title: string;
  columns: readonly [string, string];
  rows: ReadonlyArray<{ key: string; label: ReactNode; value: string }>;
}) {
  return (
    <TableScroll label={title}>
      <table className="table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{columns[0]}</th>
            <th scope="col">{columns[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td className="diff-value">{row.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** What serves users now: the approved revision's settings and mapping, once nothing waits for review. */
export function LiveConfiguration({ active }: { active: ReviewRevision }) {
  const settings = diffReviewSettings(null, active).map((row) => ({
    key: row.key,
    label: t.review.settingLabels[row.key] ?? row.key,
    value: settingText(row.key, row.submitted),
  }));
  const mapping = Object.entries(active.attributeMapping)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([attribute, claim]) => ({ key: attribute, label: <code>{attribute}</code>, value: claim }));
  return (
    <>
      <p>{t.review.liveIntro(active.revision)}</p>
      <TwoColumnTable
        title={t.review.liveSettingsTitle}
        columns={[t.review.settingColumn, t.review.valueColumn]}
        rows={settings}
      />
      <TwoColumnTable
        title={t.review.liveMappingTitle}
        columns={[t.review.attributeColumn, t.review.claimColumn]}
        rows={mapping}
      />
    </>
  );
}

function DomainList({ label, domains }: { label: string; domains: readonly string[] | null }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{domains === null ? t.review.noLiveIdp : domains.length === 0 ? t.review.noDomains : domains.join(', ')}</dd>
    </>
  );
}

/** The tenant's claims for this connection, and the IdP identifiers approval sets against those live now. */
export function DomainsReview({ domains }: { domains: ReviewDomains }) {
  return (
    <section aria-labelledby="review-domains-title">
      <h2 id="review-domains-title">{t.review.domainsTitle}</h2>
      <p>{t.review.domainsIntro}</p>
      {domains.claims.length === 0 ? (
        <p>{t.review.noDomains}</p>
      ) : (
        <ul className="link-list">
          {domains.claims.map((claim) => (
            <li key={claim.domain}>
              <code>{claim.domain}</code>{' '}
              <span className={`badge badge-domain-${claim.status}`}>{t.review.domainStatus[claim.status]}</span>
            </li>
          ))}
        </ul>
      )}
      <dl className="review-domains">
        <DomainList label={t.review.willRoute} domains={domains.willRoute} />
        {domains.liveUnknown ? (
          <>
            <dt>{t.review.liveNow}</dt>
            <dd>{t.review.liveUnknown}</dd>
          </>
        ) : (
          <DomainList label={t.review.liveNow} domains={domains.live} />
        )}
        {domains.added.length > 0 ? <DomainList label={t.review.domainsAdded} domains={domains.added} /> : null}
        {domains.removed.length > 0 ? <DomainList label={t.review.domainsRemoved} domains={domains.removed} /> : null}
      </dl>
    </section>
  );
}
