/** What a first start does: an administrator and, on a fresh database, the demo catalogue with its materials. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import type { AttachmentImport, ImportedMaterials } from './attachments/import.js';
import type { AuthService } from './auth/service.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Importer, ImportReport } from './importer/service.js';
import { countPractices } from './practices/repository.js';
import { seedDemoCollections } from './collections/demo.js';
import { loadDemoPlatforms, numbersByTitle } from './platforms/demo.js';
import type { PlatformService } from './platforms/service.js';
import type { VocabularyCatalogue } from './vocabularies/service.js';
import { fixturesDir } from './shared/paths.js';

const DEMO_DIR = path.join(fixturesDir, 'demo');

/** Reads every JSON file of the demo catalogue, in name order. */
export function readDemoCatalogue(dir = DEMO_DIR): unknown[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as unknown[]);
}

/** Files and video links of some demo practices, named by title: `materials/index.json` beside the files. */
const demoMaterialsSchema = z.array(
  z.object({
    practice: z.string(),
    files: z.array(z.string()),
    videos: z.array(z.object({ url: z.string(), title: z.string() })),
  }),
);

/** The demo catalogue's materials, with each file's full path. */
export function readDemoMaterials(
  dir = path.join(DEMO_DIR, 'materials'),
): (ImportedMaterials & { practice: string })[] {
  const entries = demoMaterialsSchema.parse(JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')));
  return entries.map((e) => ({ ...e, files: e.files.map((f) => path.join(dir, f)) }));
}

/** Attaches the demo materials to the practices the import just created; a bad entry is logged, never fatal. */
async function attachDemoMaterials(report: ImportReport, attachmentImport: AttachmentImport, log: FastifyBaseLogger) {
  const created = new Map(report.records.filter((r) => r.status === 'created').map((r) => [r.title, r.practiceId]));
  let attached = 0;
  for (const { practice, ...materials } of readDemoMaterials()) {
    const practiceId = created.get(practice);
    try {
      if (practiceId === undefined) throw new Error('no such demo practice');
      attached += (await attachmentImport.attach(practiceId, materials, ACTOR)).length;
    } catch (error) {
      log.error({ err: error, practice }, 'demo materials not attached');
    }
  }
  log.info({ attached }, 'demo materials attached');
}

const ACTOR = 'Демонстрационный каталог';

/**
 * Makes the first administrator and loads the demo catalogue. Returns the one-time password of `admin@localhost`
 * when one was issued: the process prints it to the operator, never into the logs.
 */
export async function bootstrap(deps: {
  config: Config;
  db: Db;
  auth: AuthService;
  importer: Importer;
  attachmentImport: AttachmentImport;
  /** The demo innovation platforms are added with the catalogue when both are given. */
  platforms?: PlatformService;
  vocabularies?: VocabularyCatalogue;
  log: FastifyBaseLogger;
}): Promise<{ email: string; password: string } | undefined> {
  const { config, db, auth, importer, attachmentImport, log } = deps;
  const oneTime = await auth.ensureFirstAdmin(config.admin);
  if (config.demoData && countPractices(db) === 0) {
    const report = importer.importRecords(readDemoCatalogue(), { actorName: ACTOR });
    log.info(
      { created: report.created, failed: report.failed, organizations: report.organizationsCreated },
      'demo catalogue loaded',
    );
    for (const record of report.records.filter((r) => r.status === 'failed'))
      log.error({ record }, 'demo record rejected');
    await attachDemoMaterials(report, attachmentImport, log);
    const created = new Map(
      report.records.flatMap((r) =>
        r.status === 'created' && r.practiceId && r.title ? [[r.title, r.practiceId] as const] : [],
      ),
    );
    log.info({ collections: seedDemoCollections(db, created) }, 'demo collections published');
    if (deps.platforms && deps.vocabularies) {
      const added = loadDemoPlatforms(
        { db, platforms: deps.platforms, vocabularies: deps.vocabularies },
        numbersByTitle(report.records),
        (theme, problem) => log.error({ theme, problem }, 'demo platform not added'),
      );
      log.info({ added }, 'demo platforms added');
    }
  }
  return oneTime;
}
