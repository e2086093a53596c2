import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'api',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // The first SAML message a worker handles compiles samlify's schema validator (seconds on a busy machine).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
