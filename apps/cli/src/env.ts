import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root (the CLI runs inside the repository): the nearest folder above this module with
 * pnpm-workspace.yaml. Found rather than counted in `..`s, because bundled this module may sit in dist/
 * or in one of its chunks.
 */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No pnpm-workspace.yaml above ${from}: the CLI runs inside the repository.`);
  }
}

export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

export interface CliEnv {
  /** Variables handed to the API's own configuration parser. */
  apiVariables: Record<string, string | undefined>;
  /** Where `gatehouse local` keeps its data and its state file (the state file even with --ephemeral). */
  localDataDir: string;
  /** Where `gatehouse local` with saved data writes its log lines. */
  localLogFile: string;
  /** Whether to print in colour. */
  color: boolean;
}

/** The only place the CLI reads process.env. */
export function loadCliEnv(): CliEnv {
  const dataRoot = process.env.GATEHOUSE_DATA_DIR ?? join(REPO_ROOT, '.data');
  return {
    apiVariables: { ...process.env },
    localDataDir: join(dataRoot, 'local'),
    localLogFile: join(dataRoot, 'logs', 'gatehouse.log'),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}
