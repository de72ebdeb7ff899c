import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Files and the tests inside them run in a random order (the seed is printed): no test may lean on another.
    sequence: { shuffle: { files: true, tests: true } },
  },
});
