/** What every benchmark's bank shares: its environment, and a catalogue of generated practices. */
import type { App } from '../server/app.js';
import { createGenerator } from './generate.js';

/** A production bank over `dataDir`, without the demo catalogue, with a known admin and no log output. */
export const benchEnv = (dataDir: string, extra: Record<string, string> = {}): Record<string, string | undefined> => ({
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  DEMO_DATA: 'false',
  ADMIN_EMAIL: 'bench@bank.test',
  ADMIN_PASSWORD: 'bench-password-123',
  LOG_LEVEL: 'silent',
  ...extra,
});

/**
 * Imports `n` generated practices (seed 42) through the importer, as `npm run import` does: validation,
 * directory, registry numbers, index. Returns the seconds it took.
 */
export function importGenerated(app: App, n: number): number {
  const generator = createGenerator(42);
  const CHUNK = 2000;
  const started = performance.now();
  for (let from = 0; from < n; from += CHUNK) {
    const report = app.bank.services.importer.importRecords(generator.records(from, Math.min(CHUNK, n - from)), {
      actorName: 'bench',
    });
    if (report.failed > 0)
      throw new Error(`generated records failed: ${JSON.stringify(report.records.find((r) => r.status === 'failed'))}`);
    process.stdout.write(`  импорт: ${Math.min(from + CHUNK, n)}\r`);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`  импорт: ${n} за ${seconds.toFixed(1)} с`);
  return seconds;
}
