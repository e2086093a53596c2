import { Link } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { useMonitoringOverview } from '../../lib/admin.ts';
import { formatDateTime } from '../../lib/format.ts';
import { t } from '../../messages.ts';
import { HealthFindingItem } from './ConnectionHealth.tsx';

/** /admin/monitoring: each monitoring job's last run and every live connection with open findings. */
export function Monitoring() {
  const overview = useMonitoringOverview();
  return (
    <section>
      <h1>{t.monitoring.title}</h1>
      <p>{t.monitoring.intro}</p>
      {overview.isPending ? (
        <Loading />
      ) : overview.isError ? (
        <ApiErrorMessage error={overview.error} />
      ) : (
        <>
          <h2>{t.monitoring.jobsTitle}</h2>
          <TableScroll label={t.monitoring.jobsTitle}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t.monitoring.job}</th>
                  <th scope="col">{t.monitoring.lastRun}</th>
                  <th scope="col">{t.monitoring.result}</th>
                </tr>
              </thead>
              <tbody>
                {overview.data.jobs.map(({ job, lastRun }) => (
                  <tr key={job}>
                    <td>
                      {t.monitoring.jobNames[job] ?? job} <code>{job}</code>
                    </td>
                    <td>{lastRun ? formatDateTime(lastRun.finishedAt ?? lastRun.startedAt) : t.monitoring.neverRun}</td>
                    <td>
                      {lastRun ? (
                        <>
                          <span className={`badge badge-run-${lastRun.status}`}>{t.monitoring.runStatus[lastRun.status]}</span>{' '}
                          {lastRun.status === 'running' && lastRun.progress
                            ? t.monitoring.runProgress(lastRun.progress.done, lastRun.progress.failed, lastRun.progress.total)
                            : t.monitoring.runSummary(lastRun.checked, lastRun.findings, lastRun.newFindings)}
                          {lastRun.error ? <p className="muted">{lastRun.error}</p> : null}
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>

          <h2>{t.monitoring.findingsTitle}</h2>
          {overview.data.connections.length === 0 ? (
            <p>
              {t.monitoring.noFindings(
                overview.data.jobs.filter((job) => job.lastRun !== null).length,
                overview.data.jobs.length,
              )}
            </p>
          ) : (
            <TableScroll label={t.monitoring.findingsTitle}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t.monitoring.tenant}</th>
                    <th scope="col">{t.monitoring.connection}</th>
                    <th scope="col">{t.monitoring.findingsTitle}</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.data.connections.map((entry) => (
                    <tr key={`${entry.tenantId}#${entry.connectionId}`}>
                      <td>
                        <Link to={`/admin/tenants/${encodeURIComponent(entry.tenantId)}`}>{entry.tenantId}</Link>
                      </td>
                      <td>{entry.displayName}</td>
                      <td>
                        <ul className="health-findings">
                          {entry.health.findings.map((finding) => (
                            <HealthFindingItem key={`${finding.job}:${finding.key}`} finding={finding} />
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      )}
    </section>
  );
}
