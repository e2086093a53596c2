import { type AuditEvent, auditActorLabel, auditLabel } from '@gatehouse/core';
import { Link } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useActivity } from '../../lib/admin-review.ts';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../messages.ts';
import { SentEvents } from './SentEvents.tsx';

/** JSON of a before or after state, shown as text (secrets were redacted when the entry was written). */
const asText = (value: unknown) => JSON.stringify(value, null, 2);

/** The ids behind an entry, for an operator who needs them (a support ticket, a log search). */
function idsOf(event: AuditEvent): string {
  const { connectionId, linkId } = event.target;
  return [event.action, connectionId ? `connection ${connectionId}` : null, linkId ? `link ${linkId}` : null]
    .filter(Boolean)
    .join(' · ');
}

function Entry({ event, showTenant }: { event: AuditEvent; showTenant: boolean }) {
  const hasChange = event.before !== undefined || event.after !== undefined;
  return (
    <li data-action={event.action}>
      <time dateTime={event.at}>{formatDateTime(event.at)}</time>{' '}
      <span className="muted" title={event.actor.id}>
        {auditActorLabel(event.actor)}
      </span>
      {showTenant && event.tenantId ? (
        <>
          {' '}
          <Link to={`/admin/tenants/${encodeURIComponent(event.tenantId)}`}>{event.tenantId}</Link>
        </>
      ) : null}
      <p className="activity-label">{auditLabel(event)}</p>
      <p className="muted activity-detail">
        {event.summary} <small className="activity-ids">{idsOf(event)}</small>
      </p>
      {hasChange ? (
        <details>
          <summary>{t.activity.showChanges}</summary>
          <div className="activity-change">
            {event.before !== undefined ? (
              <>
                <h4>{t.activity.before}</h4>
                <pre>{asText(event.before)}</pre>
              </>
            ) : null}
            {event.after !== undefined ? (
              <>
                <h4>{t.activity.after}</h4>
                <pre>{asText(event.after)}</pre>
              </>
            ) : null}
          </div>
        </details>
      ) : null}
    </li>
  );
}

/** The audit log newest first, 20 at a time with "Show more": one tenant's, or everyone's. */
export function ActivityList({ tenantId, titleId }: { tenantId: string | null; titleId: string }) {
  const activity = useActivity(tenantId);
  if (activity.isPending) {
    return <Loading />;
  }
  if (activity.isError) return <ApiErrorMessage error={activity.error} />;
  const events = activity.data.pages.flatMap((page) => page.events);
  if (events.length === 0) return <p>{t.activity.empty}</p>;
  return (
    <>
      <ul className="activity-list" aria-labelledby={titleId} aria-busy={activity.isFetchingNextPage}>
        {events.map((event) => (
          <Entry key={event.id} event={event} showTenant={tenantId === null} />
        ))}
      </ul>
      {activity.hasNextPage ? (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => activity.fetchNextPage()}
          disabled={activity.isFetchingNextPage}
        >
          {t.activity.showMore}
        </button>
      ) : null}
      <ApiErrorMessage error={activity.error} />
    </>
  );
}

/** The tenant page's "Activity" section. */
export function TenantActivity({ tenantId }: { tenantId: string }) {
  return (
    <section aria-labelledby="tenant-activity-title">
      <h2 id="tenant-activity-title">{t.activity.title}</h2>
      <ActivityList tenantId={tenantId} titleId="tenant-activity-title" />
    </section>
  );
}

/** /admin/activity: every change, by anyone, newest first. */
export function ActivityPage() {
  return (
    <section className="panel" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1} ref={(el) => el?.focus()}>
        {t.activity.title}
      </h1>
      <p>{t.activity.intro}</p>
      <SentEvents />
      <h2 id="changes-title">{t.activity.changesTitle}</h2>
      <ActivityList tenantId={null} titleId="changes-title" />
    </section>
  );
}
