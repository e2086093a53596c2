// Whether apps/cli/dist holds a bundle built from the current sources. Node built-ins only: the CLI's bin,
// scripts/run.mjs and the build itself read it, the first two before anything is transpiled or bundled.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root; source paths in the manifest are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));
/** The bundled CLI: `node apps/cli/dist/gatehouse.mjs <args>`. */
export const BUNDLE_FILE = fileURLToPath(new URL('../dist/gatehouse.mjs', import.meta.url));
/** Written last by the build: when it started and every file it was built from. */
export const MANIFEST_FILE = fileURLToPath(new URL('../dist/manifest.json', import.meta.url));

/**
 * True when the bundle exists and no file it was built from (the workspace sources esbuild read, the
 * lockfile, the build script) changed after the build started; false when one is newer or gone.
 */
export function bundleIsFresh() {
  if (!existsSync(BUNDLE_FILE)) return false;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8'));
  } catch {
    return false;
  }
  if (typeof manifest?.startedAt !== 'number' || !Array.isArray(manifest.sources)) return false;
  for (const source of manifest.sources) {
    const stat = statSync(join(REPO_ROOT, source), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > manifest.startedAt) return false;
  }
  return true;
}
