import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'demo-saas',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
