import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one file at a time on a two-core machine. Browser files
    // spend their time in chromium and child processes; two files at once keep both cores busy.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Files and the tests inside them run in a random order (the seed is printed): no test may lean on another.
    sequence: { shuffle: { files: true, tests: true } },
  },
});
