import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

const require = createRequire(import.meta.url);
const API_SRC = dirname(require.resolve('@gatehouse/api/lambda'));

/** Lambda entry points bundled from apps/api/src, by the handler file name they produce. */
export const LAMBDA_ENTRIES = {
  api: { source: join(API_SRC, 'lambda.ts'), handler: 'lambda.handler' },
  jobs: { source: join(API_SRC, 'jobs-lambda.ts'), handler: 'jobs-lambda.handler' },
  jobsWorker: { source: join(API_SRC, 'jobs-worker-lambda.ts'), handler: 'jobs-worker-lambda.handler' },
  events: { source: join(API_SRC, 'events-lambda.ts'), handler: 'events-lambda.handler' },
} as const;

/** The API's full app, which the API entry imports on its first request off the public paths. */
const FULL_APP_SOURCE = join(API_SRC, 'lambda-full.ts');

/** The Node.js version the bundle targets; the Lambda runtime in the stack matches it. */
export const LAMBDA_NODE_TARGET = 'node24';

/**
 * Lambda's Node ESM has no `require`; the AWS SDK and other CommonJS packages bundled into ESM still call
 * it for Node built-ins, so every chunk gets one made from its own URL.
 */
const REQUIRE_BANNER =
  "import { createRequire as __gatehouseCreateRequire } from 'node:module'; const require = __gatehouseCreateRequire(import.meta.url);";

export interface LambdaBundle {
  /** Directory holding `lambda.mjs`, `jobs-lambda.mjs`, `events-lambda.mjs` and their shared chunks: one Lambda asset. */
  dir: string;
  /** Total size in bytes of every file written. */
  bytes: number;
  metafile: Metafile;
}

/** Options every Lambda build shares. */
const BUILD_OPTIONS = {
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
} as const satisfies BuildOptions;

/** The API entry's import of its full app, left to the second build (see bundleLambdas). */
const fullAppImport: Plugin = {
  name: 'gatehouse-full-app',
  setup(build) {
    build.onResolve({ filter: /\/lambda-full\.ts$/ }, () => ({ path: './lambda-full.mjs', external: true }));
  },
};

/**
 * Bundles the Lambda entries with esbuild into `outDir` (emptied first): ESM, minified, every dependency
 * included so nothing resolves at run time. Code splitting puts what only some routes import (SAML
 * parsing, its XML schema validator) into chunks loaded on first use.
 *
 * The API entry is built on its own, with its import of the full app (lambda-full.ts) left external;
 * the full app, the jobs entry and the event publisher's entry are a second build into the same directory. In one build, esbuild
 * puts every module the public routes share with the full app (zod's core, its locales) whole into a
 * chunk the entry loads at start, which costs a discovery cold start about 20 ms; built apart, the
 * entry carries only the parts it uses. The two builds share no module instances: the full app gets
 * the public app's configuration, logger and item reader as plain values.
 *
 * `entries` (output name to source file) replaces the Lambda entries with one plain build, so that the
 * benchmarks can bundle a baseline handler the same way.
 */
export async function bundleLambdas(outDir: string, entries?: Record<string, string>): Promise<LambdaBundle> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const builds = entries
    ? [await build({ ...BUILD_OPTIONS, entryPoints: entries, outdir: outDir })]
    : await Promise.all([
        build({
          ...BUILD_OPTIONS,
          entryPoints: { lambda: LAMBDA_ENTRIES.api.source },
          outdir: outDir,
          plugins: [fullAppImport],
        }),
        build({
          ...BUILD_OPTIONS,
          entryPoints: {
            'lambda-full': FULL_APP_SOURCE,
            'jobs-lambda': LAMBDA_ENTRIES.jobs.source,
            'jobs-worker-lambda': LAMBDA_ENTRIES.jobsWorker.source,
            'events-lambda': LAMBDA_ENTRIES.events.source,
          },
          outdir: outDir,
        }),
      ]);
  const metafile: Metafile = { inputs: {}, outputs: {} };
  for (const { metafile: part } of builds) {
    Object.assign(metafile.inputs, part.inputs);
    Object.assign(metafile.outputs, part.outputs);
  }
  const bytes = Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { dir: outDir, bytes, metafile };
}

/** The trigger bundles: each its own Lambda asset, in a directory of its own under the output directory. */
export const TRIGGER_ENTRIES = {
  tenantClaims: {
    dir: 'tenant-claims',
    source: join(API_SRC, 'tenant-claims-lambda.ts'),
    handler: 'tenant-claims-lambda.handler',
  },
  ssoEnforcement: {
    dir: 'sso-enforcement',
    source: join(API_SRC, 'sso-enforcement-lambda.ts'),
    handler: 'sso-enforcement-lambda.handler',
  },
  triggerAttachment: {
    dir: 'trigger-attachment',
    source: require.resolve('@gatehouse/user-pool-trigger/custom-resource'),
    handler: 'custom-resource.handler',
  },
} as const;

export interface TriggerBundles {
  /** Holds one directory per entry of TRIGGER_ENTRIES. */
  dir: string;
  /** Bytes written per entry. */
  bytes: Record<keyof typeof TRIGGER_ENTRIES, number>;
}

/**
 * Bundles the Pre Token Generation trigger and the custom resource that attaches it, each alone (no
 * chunks shared with the API): the trigger runs before every token Cognito issues, so its cold start
 * loads only the signed DynamoDB reader and the tenant rules, never the AWS SDK.
 */
export async function bundleTriggerLambdas(outDir: string): Promise<TriggerBundles> {
  rmSync(outDir, { recursive: true, force: true });
  const bytes = {} as Record<keyof typeof TRIGGER_ENTRIES, number>;
  for (const [key, entry] of Object.entries(TRIGGER_ENTRIES) as Array<
    [keyof typeof TRIGGER_ENTRIES, (typeof TRIGGER_ENTRIES)[keyof typeof TRIGGER_ENTRIES]]
  >) {
    const dir = join(outDir, entry.dir);
    mkdirSync(dir, { recursive: true });
    const name = entry.handler.slice(0, entry.handler.lastIndexOf('.'));
    const result = await build({ ...BUILD_OPTIONS, entryPoints: { [name]: entry.source }, outdir: dir });
    // What a cold start loads: the entry file; the SDK's credential chain (a fallback Lambda never takes,
    // as its credentials are in the environment) stays in a chunk loaded on first use.
    bytes[key] = Object.entries(result.metafile.outputs)
      .filter(([file]) => file.endsWith(`/${name}.mjs`))
      .reduce((sum, [, output]) => sum + output.bytes, 0);
  }
  return { dir: outDir, bytes };
}
