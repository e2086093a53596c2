import { describe, expect, it } from 'vitest';
import { markdownTable, meetsTarget, type Row, roundPairs, row, startRounds, worstRound } from '../src/report.ts';

const base = { suite: 'S', metric: 'm', baselineName: 'bare' };

describe('meetsTarget', () => {
  it.each([
    ['a rate whose median and every round meet >= 0.7', { unit: 'req/s', target: '>= 0.7' }, [100, 100, 100], [80, 75, 90], true],
    [
      'a rate whose median meets >= 0.7 but one round does not',
      { unit: 'req/s', target: '>= 0.7' },
      [100, 100, 100],
      [80, 60, 90],
      false,
    ],
    [
      'a time whose median meets <= 1.5 but the worst round does not',
      { unit: 'ms', target: '<= 1.5' },
      [10, 10, 10],
      [12, 16, 13],
      false,
    ],
    ['a time whose every round meets <= 1.5', { unit: 'ms', target: '<= 1.5' }, [10, 10, 10], [12, 15, 13], true],
    ['a value target missed by one round', { unit: 'KB', valueTarget: '<= 150' }, [1, 1, 1], [140, 151, 149], false],
  ])('%s', (_case, fields, baselines, values, expected) => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] ?? 0;
    const r = row({
      ...base,
      ...fields,
      baseline: median(baselines),
      value: median(values),
      rounds: roundPairs(baselines, values),
    });
    expect(meetsTarget(r)).toBe(expected);
  });

  it('judges the median alone without rounds, and gives null without a target', () => {
    expect(meetsTarget(row({ ...base, unit: 'ms', target: '<= 2', baseline: 10, value: 15 }))).toBe(true);
    expect(meetsTarget(row({ ...base, unit: 'ms', baseline: 10, value: 15 }))).toBeNull();
  });
});

describe('worstRound', () => {
  const rounds = roundPairs([100, 100, 100], [80, 60, 90]);
  it('is the lowest ratio for rates and the highest for times', () => {
    expect(worstRound(row({ ...base, unit: 'req/s', baseline: 100, value: 80, rounds }))).toEqual({ baseline: 100, value: 60 });
    expect(worstRound(row({ ...base, unit: 'ms', baseline: 100, value: 80, rounds }))).toEqual({ baseline: 100, value: 90 });
  });

  it('appears in the table beside the median ratio, with the verdict that counts it', () => {
    const r: Row = row({ ...base, unit: 'req/s', target: '>= 0.7', baseline: 100, value: 80, rounds });
    expect(markdownTable([r]).split('\n')[2]).toBe(
      '| S | m | bare | 100 req/s | 80.00 req/s | 0.80 | 0.60 (3 rounds) | ratio >= 0.7 ✗ |',
    );
  });
});

describe('startRounds', () => {
  it('makes one round of each run of consecutive starts, from their medians, and drops an unfinished round', () => {
    // One slow start of the subject (a lost scheduler tick) in the first round, one of the baseline in the second.
    const baselines = [100, 102, 98, 101, 250, 99, 100];
    const values = [90, 400, 92, 95, 91, 93, 500];
    expect(startRounds(baselines, values, 3)).toEqual([
      { baseline: 100, value: 92 },
      { baseline: 101, value: 93 },
    ]);
  });

  it('lets a target fail when a whole round is slow, not only one start of it', () => {
    const r = row({
      ...base,
      unit: 'ms',
      target: '<= 1.0',
      baseline: 100,
      value: 90,
      rounds: startRounds([100, 100, 100, 100, 100, 100], [90, 90, 90, 130, 120, 125], 3),
    });
    expect(worstRound(r)).toEqual({ baseline: 100, value: 125 });
    expect(meetsTarget(r)).toBe(false);
  });
});
