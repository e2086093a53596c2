import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'guarded-fetch', include: ['test/**/*.test.ts'] },
});
