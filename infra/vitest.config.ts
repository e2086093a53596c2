import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'infra',
    include: ['test/**/*.test.ts'],
    // The Lambda bundle is built once per run and shared by every test file.
    globalSetup: ['test/global-setup.ts'],
    env: { CDK_VALIDATION: 'false' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
