/** What a first start does: an administrator and, on a fresh database, the demo catalogue. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { AuthService } from './auth/service.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Importer } from './importer/service.js';
import { countPractices } from './practices/repository.js';
import { fixturesDir } from './shared/paths.js';

const DEMO_DIR = path.join(fixturesDir, 'demo');

/** Reads every JSON file of the demo catalogue, in name order. */
export function readDemoCatalogue(dir = DEMO_DIR): unknown[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as unknown[]);
}

/**
 * Makes the first administrator and loads the demo catalogue. Returns the one-time password of `admin@localhost`
 * when one was issued: the process prints it to the operator, never into the logs.
 */
export async function bootstrap(deps: {
  config: Config;
  db: Db;
  auth: AuthService;
  importer: Importer;
  log: FastifyBaseLogger;
}): Promise<{ email: string; password: string } | undefined> {
  const { config, db, auth, importer, log } = deps;
  const oneTime = await auth.ensureFirstAdmin(config.admin);
  if (config.demoData && countPractices(db) === 0) {
    const report = importer.importRecords(readDemoCatalogue(), { actorName: 'Демонстрационный каталог' });
    log.info(
      { created: report.created, failed: report.failed, organizations: report.organizationsCreated },
      'demo catalogue loaded',
    );
    for (const record of report.records.filter((r) => r.status === 'failed'))
      log.error({ record }, 'demo record rejected');
  }
  return oneTime;
}
