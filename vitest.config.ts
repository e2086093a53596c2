import { defineConfig } from 'vitest/config';

// Each package with tests has its own vitest.config.ts; this file only lists where they are.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'infra*/vitest.config.ts', 'bench/vitest.config.ts'],
  },
});
