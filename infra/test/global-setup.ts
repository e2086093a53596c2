import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleLambdas, bundleTriggerLambdas } from '../src/bundle.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    lambdaBundleDir: string;
    /** bundleTriggerLambdas()'s output: the tenant claims trigger and the attaching custom resource. */
    triggerBundleDir: string;
    triggerBundleBytes: Record<string, number>;
    /** A stand-in for apps/web/dist, so the tests never need a web build. */
    webDistDir: string;
    lambdaBundleBytes: number;
    /** Input files of the main API chunk (lambda.mjs), from esbuild's metafile. */
    apiEntryInputs: string[];
    /** Input files of every chunk a cold start of the API entry loads before its first request. */
    apiStartupInputs: string[];
  }
}

/** Builds the Lambda bundle once for the whole infra suite. */
export default async function setup(project: TestProject) {
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-infra-test-'));
  const bundle = await bundleLambdas(join(work, 'lambda'));
  const triggers = await bundleTriggerLambdas(join(work, 'triggers'));
  project.provide('triggerBundleDir', triggers.dir);
  project.provide('triggerBundleBytes', triggers.bytes);
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
  // The entry and the chunks it imports statically, transitively; dynamic imports load later, on use.
  const loaded = new Set<string>();
  const visit = (file: string) => {
    const output = bundle.metafile.outputs[file];
    if (!output || loaded.has(file)) return;
    loaded.add(file);
    for (const imported of output.imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  if (main) visit(main[0]);
  project.provide(
    'apiStartupInputs',
    [...loaded].flatMap((file) => Object.keys(bundle.metafile.outputs[file]?.inputs ?? {})),
  );
  return () => rmSync(work, { recursive: true, force: true });
}
