import { cpus, totalmem } from 'node:os';
import { median } from './cold-start.ts';

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
  /**
   * Each round's pair, baseline and value measured one after the other, when the suite alternates
   * rounds: the spread beside the medians, and a target counts as met only if every round meets it.
   */
  rounds?: RoundPair[] | undefined;
}

export interface RoundPair {
  baseline: number;
  value: number;
}

export function row(fields: Omit<Row, 'ratio'>): Row {
  return { ...fields, ratio: ratioOf(fields) };
}

const ratioOf = (pair: RoundPair) => (pair.baseline === 0 ? Number.NaN : pair.value / pair.baseline);

/** Pairs `baselines[i]` with `values[i]`: the rounds of a suite that alternates them. */
export function roundPairs(baselines: number[], values: number[]): RoundPair[] {
  return baselines.map((baseline, i) => ({ baseline, value: values[i] ?? Number.NaN }));
}

/** How many alternating process starts of each side make one round of a start-time suite. */
export const STARTS_PER_ROUND = 3;

/**
 * The rounds of a suite that times process starts, alternating baseline and subject: each round the
 * medians of `perRound` consecutive starts of each. A load round averages thousands of requests, while a
 * single start can lose a scheduler tick or a page-cache miss (tens of milliseconds on these machines) to
 * whatever else runs; a round of a few starts keeps the worst round about the code, not one such tick.
 */
export function startRounds(baselines: number[], values: number[], perRound = STARTS_PER_ROUND): RoundPair[] {
  const rounds: RoundPair[] = [];
  for (let i = 0; i + perRound <= baselines.length; i += perRound) {
    rounds.push({ baseline: median(baselines.slice(i, i + perRound)), value: median(values.slice(i, i + perRound)) });
  }
  return rounds;
}

function parseTarget(target: string | undefined): { op: '<=' | '>='; limit: number } | null {
  const match = target ? /^(<=|>=)\s*([\d.]+)$/.exec(target.trim()) : null;
  return match ? { op: match[1] as '<=' | '>=', limit: Number(match[2]) } : null;
}

function check(target: string | undefined, actual: number): boolean | null {
  const parsed = parseTarget(target);
  if (!parsed) return null;
  return parsed.op === '<=' ? actual <= parsed.limit : actual >= parsed.limit;
}

/**
 * Whether higher is better for the row's ratio: as its target says, else by its unit (rates per second
 * are better higher, times and sizes lower).
 */
function higherIsBetter(r: Row): boolean {
  const parsed = parseTarget(r.target) ?? parseTarget(r.valueTarget);
  return parsed ? parsed.op === '>=' : /\/s$/.test(r.unit);
}

/** The round whose ratio is worst for the row (lowest when higher is better, else highest); null without rounds. */
export function worstRound(r: Row): RoundPair | null {
  if (!r.rounds?.length) return null;
  const higher = higherIsBetter(r);
  return r.rounds.reduce((worst, round) => {
    const [a, b] = [ratioOf(round), ratioOf(worst)];
    return (higher ? a < b : a > b) ? round : worst;
  });
}

/**
 * Whether the row meets its targets (ratio and value); null when it has none. With rounds, the median and
 * the worst round must both meet them: a median that passes while some rounds fail is not a pass.
 */
export function meetsTarget(r: Row): boolean | null {
  const pairs: RoundPair[] = [{ baseline: r.baseline, value: r.value }, ...(r.rounds ?? [])];
  const results = pairs
    .flatMap((pair) => [check(r.target, ratioOf(pair)), check(r.valueTarget, pair.value)])
    .filter((x): x is boolean => x !== null);
  return results.length ? results.every(Boolean) : null;
}

const fmt = (n: number) => (Number.isFinite(n) ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2)) : 'n/a');

export function machineDescription(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`;
}

export function markdownTable(rows: Row[]): string {
  const lines = [
    '| Suite | Metric | Baseline | Baseline value | Gatehouse value | Ratio | Worst round | Target |',
    '|---|---|---|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const verdict = meetsTarget(r);
    const described = [r.target ? `ratio ${r.target}` : '', r.valueTarget ? `value ${r.valueTarget} ${r.unit}` : '']
      .filter(Boolean)
      .join(', ');
    const target = described ? `${described}${verdict === null ? '' : verdict ? ' ✓' : ' ✗'}` : '';
    const worst = worstRound(r);
    const count = r.rounds?.length ?? 0;
    const spread = worst ? `${fmt(ratioOf(worst))} (${count} round${count === 1 ? '' : 's'})` : '';
    lines.push(
      `| ${r.suite} | ${r.metric} | ${r.baselineName} | ${fmt(r.baseline)} ${r.unit} | ${fmt(r.value)} ${r.unit} | ${fmt(r.ratio)} | ${spread} | ${target} |`,
    );
  }
  return lines.join('\n');
}
