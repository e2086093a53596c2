import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildSync, type Metafile } from 'esbuild';

const require = createRequire(import.meta.url);
const API_SRC = dirname(require.resolve('@gatehouse/api/lambda'));

/** Lambda entry points bundled from apps/api/src, by the handler file name they produce. */
export const LAMBDA_ENTRIES = {
  api: { source: join(API_SRC, 'lambda.ts'), handler: 'lambda.handler' },
  jobs: { source: join(API_SRC, 'jobs-lambda.ts'), handler: 'jobs-lambda.handler' },
} as const;

/** The Node.js version the bundle targets; the Lambda runtime in the stack matches it. */
export const LAMBDA_NODE_TARGET = 'node22';

/**
 * Lambda's Node ESM has no `require`; the AWS SDK and other CommonJS packages bundled into ESM still call
 * it for Node built-ins, so every chunk gets one made from its own URL.
 */
const REQUIRE_BANNER =
  "import { createRequire as __gatehouseCreateRequire } from 'node:module'; const require = __gatehouseCreateRequire(import.meta.url);";

export interface LambdaBundle {
  /** Directory holding `lambda.mjs`, `jobs-lambda.mjs` and their shared chunks: one Lambda asset. */
  dir: string;
  /** Total size in bytes of every file written. */
  bytes: number;
  metafile: Metafile;
}

/**
 * Bundles the API and jobs Lambda entries with esbuild into `outDir` (emptied first): ESM, minified,
 * with source maps, every dependency included so nothing resolves at run time. Code splitting puts
 * what only some routes import (SAML parsing, its XML schema validator) into chunks loaded on first
 * use, which keeps the discovery route's cold start small. `entries` (output name to source file)
 * replaces the two Lambda entries, so that the benchmarks can bundle a baseline handler the same way.
 */
export function bundleLambdas(outDir: string, entries?: Record<string, string>): LambdaBundle {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = buildSync({
    entryPoints: entries ?? Object.fromEntries(Object.values(LAMBDA_ENTRIES).map((e) => [e.handler.split('.')[0], e.source])),
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: LAMBDA_NODE_TARGET,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // Some packages pick their Node build only under the `module` condition.
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_BANNER },
    // The SAML schema validator's optional WebSocket transport is never used on Lambda.
    external: ['ws'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'error',
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { dir: outDir, bytes, metafile: result.metafile };
}
