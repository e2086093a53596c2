import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the CLI runs from its sources, inside the repository). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface CliEnv {
  /** Variables handed to the API's own configuration parser. */
  apiVariables: Record<string, string | undefined>;
  /** Where `gatehouse local` keeps its data and its state file. */
  localDataDir: string;
  /** Whether to print in colour. */
  color: boolean;
}

/** The only place the CLI reads process.env. */
export function loadCliEnv(): CliEnv {
  return {
    apiVariables: { ...process.env },
    localDataDir: join(process.env.GATEHOUSE_DATA_DIR ?? join(REPO_ROOT, '.data'), 'local'),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}
