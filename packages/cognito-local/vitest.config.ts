import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cognito-local',
    include: ['test/**/*.test.ts'],
    // Files share a worker's module cache: samlify's XML schema validator compiles once per worker rather
    // than once per file (seconds each). Every file starts its own servers, so no state leaks across.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
