import { defineConfig } from 'vitest/config';
import { LongFirstSequencer } from './test/support/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one file at a time on a two-core machine. Browser files
    // spend their time in chromium and child processes; two files at once keep both cores busy. (Three were tried:
    // 641 s against 663 s, and the crash test's five restarts then overran their time.)
    maxWorkers: 2,
    // Each file builds its own banks (a fresh data directory and database per app), so files need no module
    // isolation: a worker imports the server once and keeps it for the next file. With isolation every file
    // imported the whole server again through tsx — about 4 of the suite's 12 minutes. Measured on 10 files at
    // load 22: 468 s isolated, 268 s shared, the same 117 tests passing.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Files and the tests inside them run in a random order (the seed is printed): no test may lean on another. The
    // files' order is then the long ones first (test/support/sequencer.ts), so the two workers finish together.
    sequence: { shuffle: { files: false, tests: true }, sequencer: LongFirstSequencer },
  },
});
