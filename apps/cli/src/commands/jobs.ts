import {
  type AppDeps,
  backfillLiveIndex,
  backfillProviderIndex,
  backfillReviewQueue,
  isMonitoringJob,
  type JobResult,
  MONITORING_JOBS,
  runJob,
} from '@gatehouse/api';
import { GatehouseError, type HealthFinding, isGatehouseError, type MonitoringJob } from '@gatehouse/core';
import { commandHelp } from '../help.ts';
import { type CommandIo, parse, UsageError } from '../usage.ts';

interface RunReport {
  job: MonitoringJob;
  ok: boolean;
  result: JobResult | null;
  error?: { code: string; message: string };
  openFindings: Array<HealthFinding & { tenantId: string; connectionId: string; displayName: string }>;
}

async function runOne(deps: AppDeps, job: MonitoringJob): Promise<RunReport> {
  let result: JobResult | null = null;
  let error: RunReport['error'];
  try {
    result = await runJob(job, deps);
  } catch (thrown) {
    error = isGatehouseError(thrown)
      ? { code: thrown.code, message: thrown.message }
      : { code: 'INTERNAL', message: thrown instanceof Error ? thrown.message : String(thrown) };
    result = (isGatehouseError(thrown) ? (thrown.details as { result?: JobResult } | undefined)?.result : undefined) ?? null;
  }
  const openFindings = (await deps.monitoring.listHealth()).flatMap((health) =>
    (health.sections[job]?.findings ?? []).map((finding) => ({
      ...finding,
      tenantId: health.tenantId,
      connectionId: health.connectionId,
      displayName: health.displayName,
    })),
  );
  return { job, ok: error === undefined, result, ...(error ? { error } : {}), openFindings };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function describe(report: RunReport): string[] {
  const lines: string[] = [];
  const result = report.result;
  const what = report.job === 'verify-domains' ? 'domain' : 'connection';
  if (report.ok && result) {
    lines.push(
      `${report.job}: done. Checked ${plural(result.checked, what)}; ${plural(result.findings, 'open finding')} (${result.newFindings} new).`,
    );
  } else {
    lines.push(`${report.job}: FAILED (${report.error?.code}): ${report.error?.message}`);
  }
  for (const finding of report.openFindings) {
    lines.push(`  ${finding.severity === 'error' ? '!' : '-'} ${finding.tenantId} / ${finding.displayName}: ${finding.code}`);
    lines.push(`      ${finding.message}`);
  }
  return lines;
}

export async function jobsCommand(args: string[], deps: () => AppDeps, io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'index-providers') {
    if (rest.length) throw new UsageError(commandHelp('jobs', 'index-providers'));
    const indexed = await backfillProviderIndex(deps());
    io.out(`Indexed the providers of ${plural(indexed, 'connection')}; every other connection had its index already.`);
    return 0;
  }
  if (sub === 'index-live-connections') {
    if (rest.length) throw new UsageError(commandHelp('jobs', 'index-live-connections'));
    const indexed = await backfillLiveIndex(deps());
    io.out(`Indexed ${plural(indexed, 'live connection')}; every other connection was indexed already or is not live.`);
    return 0;
  }
  if (sub === 'index-review-queue') {
    if (rest.length) throw new UsageError(commandHelp('jobs', 'index-review-queue'));
    const indexed = await backfillReviewQueue(deps());
    io.out(`Queued ${plural(indexed, 'connection')} for review; every other connection was queued already or waits for nothing.`);
    return 0;
  }
  if (sub !== 'run') throw new UsageError(commandHelp('jobs'));
  const { values, positionals } = parse(rest, { json: { type: 'boolean' } });
  const [name, ...extra] = positionals;
  if (!name || extra.length) throw new UsageError(`Name one job, or all.\n${commandHelp('jobs', 'run')}`);
  if (name !== 'all' && !isMonitoringJob(name)) {
    throw new GatehouseError('VALIDATION_FAILED', `Unknown monitoring job "${name}". Known: ${MONITORING_JOBS.join(', ')}, all.`);
  }
  const jobs = name === 'all' ? [...MONITORING_JOBS] : [name as MonitoringJob];
  const d = deps();
  const reports: RunReport[] = [];
  for (const job of jobs) reports.push(await runOne(d, job));
  const ok = reports.every((report) => report.ok);
  if (values.json) {
    io.out(JSON.stringify({ ok, runs: reports }));
  } else {
    for (const report of reports) (report.ok ? io.out : io.err)(describe(report).join('\n'));
  }
  return ok ? 0 : 1;
}
