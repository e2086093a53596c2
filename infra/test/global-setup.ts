import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleLambdas } from '../src/bundle.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    lambdaBundleDir: string;
    /** A stand-in for apps/web/dist, so the tests never need a web build. */
    webDistDir: string;
    lambdaBundleBytes: number;
    /** Input files of the main API chunk (lambda.mjs), from esbuild's metafile. */
    apiEntryInputs: string[];
  }
}

/** Builds the Lambda bundle once for the whole infra suite. */
export default function setup(project: TestProject) {
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-infra-test-'));
  const bundle = bundleLambdas(join(work, 'lambda'));
  const webDistDir = join(work, 'web');
  mkdirSync(join(webDistDir, 'assets'), { recursive: true });
  writeFileSync(
    join(webDistDir, 'index.html'),
    '<!doctype html><title>Gatehouse</title><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(join(webDistDir, 'assets', 'app.js'), 'document.title = "Gatehouse";');
  const main = Object.entries(bundle.metafile.outputs).find(([file]) => file.endsWith('/lambda.mjs'));
  project.provide('lambdaBundleDir', bundle.dir);
  project.provide('webDistDir', webDistDir);
  project.provide('lambdaBundleBytes', bundle.bytes);
  project.provide('apiEntryInputs', Object.keys(main?.[1].inputs ?? {}));
  return () => rmSync(work, { recursive: true, force: true });
}
