import { cpus, totalmem } from 'node:os';

/** One measured figure beside its baseline from the same run. */
export interface Row {
  suite: string;
  metric: string;
  baselineName: string;
  baseline: number;
  value: number;
  unit: string;
  /** value / baseline */
  ratio: number;
  /** Optional target, e.g. ">= 0.7" or "<= 1.5", checked against the ratio. */
  target?: string | undefined;
  /** Optional target checked against the value itself, in its unit, e.g. "<= 150" (KB). */
  valueTarget?: string | undefined;
}

export function row(fields: Omit<Row, 'ratio'>): Row {
  return { ...fields, ratio: fields.baseline === 0 ? Number.NaN : fields.value / fields.baseline };
}

function check(target: string | undefined, actual: number): boolean | null {
  if (!target) return null;
  const match = /^(<=|>=)\s*([\d.]+)$/.exec(target.trim());
  if (!match) return null;
  const limit = Number(match[2]);
  return match[1] === '<=' ? actual <= limit : actual >= limit;
}

/** Whether the row meets its targets (ratio and value); null when it has none. */
export function meetsTarget(r: Row): boolean | null {
  const results = [check(r.target, r.ratio), check(r.valueTarget, r.value)].filter((x): x is boolean => x !== null);
  return results.length ? results.every(Boolean) : null;
}

const fmt = (n: number) => (Number.isFinite(n) ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2)) : 'n/a');

export function machineDescription(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`;
}

export function markdownTable(rows: Row[]): string {
  const lines = [
    '| Suite | Metric | Baseline | Baseline value | Gatehouse value | Ratio | Target |',
    '|---|---|---|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const verdict = meetsTarget(r);
    const described = [r.target ? `ratio ${r.target}` : '', r.valueTarget ? `value ${r.valueTarget} ${r.unit}` : '']
      .filter(Boolean)
      .join(', ');
    const target = described ? `${described}${verdict === null ? '' : verdict ? ' ✓' : ' ✗'}` : '';
    lines.push(
      `| ${r.suite} | ${r.metric} | ${r.baselineName} | ${fmt(r.baseline)} ${r.unit} | ${fmt(r.value)} ${r.unit} | ${fmt(r.ratio)} | ${target} |`,
    );
  }
  return lines.join('\n');
}
