import { join } from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

const repository = join(import.meta.dirname, '..', '..', '..');

describe('the source of every package', () => {
  // A circle makes module load order matter and lets a change ripple back to where it started; shared
  // shapes go in a module of their own instead (docs/development.md). Type-only imports count too.
  it('has no import circles', async () => {
    const tree = await parseDependencyTree(
      ['apps/*/src/**/*.{ts,tsx}', 'packages/*/src/**/*.{ts,tsx}', 'infra/src/**/*.ts', 'bench/src/**/*.ts'],
      { context: repository, cwd: repository, transform: false, exclude: /node_modules|\.d\.ts$/ },
    );
    expect(Object.keys(tree).length).toBeGreaterThan(200);
    expect(parseCircular(tree, true)).toEqual([]);
  }, 60_000);
});
