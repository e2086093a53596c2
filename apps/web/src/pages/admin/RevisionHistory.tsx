import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useRevisions } from '../../lib/admin.ts';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../messages.ts';

/** A connection's revisions, newest first: what was submitted when, how it was decided, which one serves. */
export function RevisionHistory({ tenantId, connectionId }: { tenantId: string; connectionId: string }) {
  const revisions = useRevisions(tenantId, connectionId);
  if (revisions.isPending) {
    return <Loading />;
  }
  if (revisions.isError) return <ApiErrorMessage error={revisions.error} />;
  return (
    <section aria-labelledby="revision-history">
      <h2 id="revision-history">{t.revisions.title}</h2>
      {revisions.data.revisions.length === 0 ? (
        <p className="muted">{t.revisions.empty}</p>
      ) : (
        <ol className="revision-list">
          {revisions.data.revisions.map((revision) => (
            <li key={revision.revision}>
              <strong>{t.revisions.revision(revision.revision)}</strong>{' '}
              <span className={`badge badge-${revision.active ? 'active' : revision.state}`}>
                {revision.active ? t.revisions.serving : (t.revisions.state[revision.state] ?? revision.state)}
              </span>{' '}
              <span className="muted">
                {t.revisions.submitted} {formatDateTime(revision.submittedAt)} · {t.revisions.testLogin}{' '}
                {revision.test.passed ? t.revisions.passed : t.revisions.failed}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
