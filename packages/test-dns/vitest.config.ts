import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'test-dns',
    include: ['test/**/*.test.ts'],
    testTimeout: 10_000,
  },
});
