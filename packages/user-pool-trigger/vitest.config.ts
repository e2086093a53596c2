import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'user-pool-trigger',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
