import { Link } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { useRecentEvents } from '../../lib/events.ts';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../messages.ts';

/** The Activity page's "Events sent to your SaaS": the latest events locally, where they go in AWS. */
export function SentEvents() {
  const events = useRecentEvents();
  return (
    <section aria-labelledby="sent-events-title">
      <h2 id="sent-events-title">{t.events.title}</h2>
      {events.isPending ? <Loading /> : null}
      <ApiErrorMessage error={events.error} />
      {events.data?.delivery === 'eventbridge' ? (
        <p>{t.events.eventBridge(events.data.busName ?? '')}</p>
      ) : events.data ? (
        <>
          <p>{t.events.intro}</p>
          {events.data.events.length === 0 ? (
            <p>{t.events.empty}</p>
          ) : (
            <TableScroll label={t.events.title}>
              <table className="table" aria-labelledby="sent-events-title">
                <thead>
                  <tr>
                    <th scope="col">{t.events.type}</th>
                    <th scope="col">{t.events.tenant}</th>
                    <th scope="col">{t.events.time}</th>
                  </tr>
                </thead>
                <tbody>
                  {events.data.events.map((event, index) => (
                    // Delivery is at least once: the same event can be listed twice.
                    <tr key={`${event.detail.eventId}-${index}`}>
                      <td>
                        <code>{event['detail-type']}</code>
                      </td>
                      <td>
                        <Link to={`/admin/tenants/${encodeURIComponent(event.detail.tenantId)}`}>{event.detail.tenantId}</Link>
                      </td>
                      <td>
                        <time dateTime={event.detail.occurredAt}>{formatDateTime(event.detail.occurredAt)}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      ) : null}
    </section>
  );
}
