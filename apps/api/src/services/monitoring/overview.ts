import { type ConnectionHealth, MONITORING_JOBS, type MonitoringOverview } from '@gatehouse/core';
import type { AppDeps } from '../../deps.ts';
import type { StoredHealth } from '../../store/monitoring-store.ts';

/** A connection's stored health as the console shows it: every job's check time and open findings. */
export function toConnectionHealth(health: StoredHealth | null | undefined): ConnectionHealth | null {
  if (!health) return null;
  const checks = MONITORING_JOBS.flatMap((job) => {
    const section = health.sections[job];
    return section ? [{ job, checkedAt: section.checkedAt }] : [];
  });
  if (checks.length === 0) return null;
  return { checks, findings: MONITORING_JOBS.flatMap((job) => health.sections[job]?.findings ?? []) };
}

/** The monitoring page: each job's last run, and every connection with an open finding (errors first). */
export async function monitoringOverview(deps: Pick<AppDeps, 'monitoring'>): Promise<MonitoringOverview> {
  const [runs, healths] = await Promise.all([
    Promise.all(MONITORING_JOBS.map(async (job) => ({ job, lastRun: await deps.monitoring.lastRun(job) }))),
    deps.monitoring.listHealth(),
  ]);
  const connections = healths
    .map((health) => ({ health, view: toConnectionHealth(health) }))
    .filter((entry): entry is { health: StoredHealth; view: ConnectionHealth } => (entry.view?.findings.length ?? 0) > 0)
    .map(({ health, view }) => ({
      tenantId: health.tenantId,
      connectionId: health.connectionId,
      displayName: health.displayName,
      health: view,
    }))
    .sort((a, b) => {
      const errors = (c: typeof a) => c.health.findings.filter((f) => f.severity === 'error').length;
      return errors(b) - errors(a) || a.tenantId.localeCompare(b.tenantId) || a.displayName.localeCompare(b.displayName);
    });
  return { jobs: runs, connections };
}
