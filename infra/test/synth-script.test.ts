import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const infraDir = dirname(dirname(fileURLToPath(import.meta.url)));
const out = mkdtempSync(join(tmpdir(), 'gatehouse-synth-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run synth (infra/bin/synth.ts)', () => {
  it('writes the template offline and passes the CDK template validator', async () => {
    const env: Record<string, string | undefined> = { ...process.env, GATEHOUSE_VERSION: '7.7.7' };
    // The validator is the point here, so it runs (the rest of the suite turns it off for speed).
    delete env.CDK_VALIDATION;
    const { stdout } = await run(
      join(infraDir, 'node_modules', '.bin', 'tsx'),
      [
        'bin/synth.ts',
        '--out',
        out,
        '--web-dist',
        inject('webDistDir'),
        '--lambda-bundle',
        inject('lambdaBundleDir'),
        '--trigger-bundle',
        inject('triggerBundleDir'),
      ],
      { cwd: infraDir, env },
    );
    expect(stdout).toContain('Synthesised Gatehouse');
    const template = JSON.parse(readFileSync(join(out, 'Gatehouse.template.json'), 'utf8'));
    expect(Object.keys(template.Resources).length).toBeGreaterThan(20);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['manifest.json', 'Gatehouse.assets.json']));
    const report = JSON.parse(readFileSync(join(out, 'validation-report.json'), 'utf8'));
    const violations = report.pluginReports.flatMap((p: { violations: unknown[] }) => p.violations);
    expect(violations).toEqual([]);
  }, 120_000);

  it('refuses to synthesise without a web build, saying how to get one', async () => {
    const error = await run(
      join(infraDir, 'node_modules', '.bin', 'tsx'),
      ['bin/synth.ts', '--out', out, '--web-dist', join(out, 'missing')],
      {
        cwd: infraDir,
      },
    ).catch((e: { code: number; stderr: string }) => e);
    expect((error as { code: number }).code).toBe(1);
    expect((error as { stderr: string }).stderr).toContain('npm run synth');
  });
});
