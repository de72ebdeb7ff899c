/**
 * A bank of N generated practices in minutes rather than the importer's hour: the rows `importRecords` writes,
 * inserted with statements prepared once, in transactions of the importer's own size, each practice indexed by the
 * bank's search engine with the document the importer would give it. The first bank of a size is kept in a cache,
 * keyed by a hash of everything that decides its bytes (generator, fixtures, migrations, the code that writes
 * practices and the search index), and copied for every later run. `test/bench/seed.test.ts` checks that the
 * loader writes what the importer writes, table by table.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, type App } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { writeTransaction } from '../server/db/client.js';
import { importRecordSchema } from '../server/importer/schemas.js';
import { SECTIONS, sectionColumnName } from '../server/model/practice.js';
import { PRACTICE_VOCABULARIES, type PracticeVocabulary } from '../server/model/vocabularies.js';
import { guessOrganizationType } from '../server/organizations/service.js';
import { missingForPublication, type PracticeContent } from '../server/practices/content.js';
import { formatRegistryNumber, publicationYear } from '../server/registry/numbers.js';
import { toSearchDocument } from '../server/search-api/documents.js';
import type { SearchDocument } from '../search/port.js';
import { IMPORT_BATCH } from '../server/importer/service.js';
import { foldKey } from '../server/shared/text.js';
import { benchEnv } from './bank.js';
import { createGenerator } from './generate.js';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Writes generated records `0 … n-1` (seed 42) into `app`'s empty bank as `importRecords` would: the same
 * validation, vocabulary resolution, directory entries (through the bank's own `findOrCreate`), import keys,
 * registry numbers, versions, terms, authors, history and search index. Duplicate and error handling is left out:
 * generated records are valid and distinct, and any that is not stops the load.
 */
export function loadGenerated(app: App, n: number, onProgress: (done: number) => void = () => {}): void {
  const { db } = app.bank;
  const { vocabularies, organizations, engine } = app.bank.services;
  const sqlite = db.$client;
  const generator = createGenerator(42);

  const versionColumns = [
    'practice_id',
    'version_no',
    'state',
    'revision',
    'title',
    'summary',
    ...SECTIONS.map(sectionColumnName),
    'keywords',
    'organization_id',
    'started_year',
    'created_at',
    'updated_at',
    'submitted_at',
    'published_at',
  ];
  const sql = {
    practice: sqlite.prepare('INSERT INTO practices (registry_number, import_key, created_at) VALUES (?, ?, ?)'),
    version: sqlite.prepare(
      `INSERT INTO practice_versions (${versionColumns.join(', ')}) VALUES (${versionColumns.map(() => '?').join(', ')})`,
    ),
    link: sqlite.prepare('UPDATE practices SET latest_version_id = ?, published_version_id = ? WHERE id = ?'),
    term: sqlite.prepare('INSERT INTO practice_terms (version_id, vocabulary, code, ordinal) VALUES (?, ?, ?, ?)'),
    author: sqlite.prepare(
      'INSERT INTO practice_authors (version_id, ordinal, full_name, job_title, user_id) VALUES (?, ?, ?, ?, NULL)',
    ),
    history: sqlite.prepare(
      `INSERT INTO practice_history (practice_id, version_no, actor_user_id, actor_name, action, to_state, details)
       VALUES (?, 1, NULL, 'bench', 'import', 'published', ?)`,
    ),
    // registryCounters' statement (server/registry/numbers.ts): the counter row per year, gap-free.
    counter: sqlite
      .prepare(
        `INSERT INTO registry_counters (year, last_seq) VALUES (?, 1)
         ON CONFLICT (year) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`,
      )
      .pluck(),
  };
  const organizationIds = new Map<string, { id: number; name: string; shortName: string | null; type: string }>();

  const resolve = (vocabulary: PracticeVocabulary | 'municipalities', name: string): string => {
    const code = vocabularies.resolve(vocabulary, name);
    if (!code) throw new Error(`generated record names an unknown ${vocabulary} «${name}»`);
    return code;
  };

  /** Writes one record's rows and returns the search document the importer would index for it. */
  function writeOne(raw: unknown): SearchDocument {
    const record = importRecordSchema.parse(raw);
    if (typeof record.organization !== 'string') throw new Error('generated organisations are names');
    const orgName = record.organization;
    const municipality = resolve('municipalities', record.municipality);
    const codes = Object.fromEntries(
      PRACTICE_VOCABULARIES.map((v) => [v, [...new Set(record[v].map((name) => resolve(v, name)))]]),
    ) as Record<PracticeVocabulary, string[]>;

    const orgKey = `${foldKey(orgName)}|${municipality}`;
    let org = organizationIds.get(orgKey);
    if (!org) {
      const { organization } = organizations.findOrCreate(db, {
        name: orgName,
        type: guessOrganizationType(orgName),
        municipality,
      });
      org = organization;
      organizationIds.set(orgKey, org);
    }

    const content: PracticeContent = {
      title: record.title,
      summary: record.summary,
      ...(Object.fromEntries(SECTIONS.map((s) => [s, record[s]])) as Record<(typeof SECTIONS)[number], string>),
      ...codes,
      keywords: record.keywords,
      organizationId: org.id,
      authors: record.authors.map((a) => ({ fullName: a.fullName, position: a.position, userId: null })),
      startedYear: record.startedYear,
    };
    const missing = missingForPublication(content);
    if (missing.length > 0) throw new Error(`generated record is not publishable: ${JSON.stringify(missing)}`);

    const publishedAt = new Date(record.publishedAt ?? Date.now()).toISOString();
    const year = publicationYear(publishedAt);
    const registryNumber = formatRegistryNumber(year, sql.counter.get(year) as number);
    const importKey = `sha256:${createHash('sha256')
      .update([record.title, orgName, municipality].map(foldKey).join('|'))
      .digest('hex')}`;

    const practiceId = Number(sql.practice.run(registryNumber, importKey, publishedAt).lastInsertRowid);
    // Published at once, as publishVersion leaves an imported version: revision 2, updated when it was published.
    const versionId = Number(
      sql.version.run(
        practiceId,
        1,
        'published',
        2,
        content.title,
        content.summary,
        ...SECTIONS.map((s) => content[s]),
        JSON.stringify(content.keywords),
        org.id,
        content.startedYear,
        publishedAt,
        new Date().toISOString(),
        publishedAt,
        publishedAt,
      ).lastInsertRowid,
    );
    sql.link.run(versionId, versionId, practiceId);
    for (const vocabulary of PRACTICE_VOCABULARIES)
      content[vocabulary].forEach((code, ordinal) => sql.term.run(versionId, vocabulary, code, ordinal));
    content.authors.forEach((a, ordinal) => sql.author.run(versionId, ordinal, a.fullName, a.position));
    sql.history.run(practiceId, JSON.stringify({ registryNumber }));

    return toSearchDocument(
      {
        id: practiceId,
        content,
        attachmentTexts: [],
        organization: { name: org.name, shortName: org.shortName, type: org.type, municipality },
        publishedAt,
        views: 0,
      },
      vocabularies,
    );
  }

  // The importer's batch, so the search index grows through the same commits.
  for (let from = 0; from < n; from += IMPORT_BATCH) {
    const records = generator.records(from, Math.min(IMPORT_BATCH, n - from));
    // The index takes the batch in one call just before the commit, as the importer gives it.
    writeTransaction(db, () => engine.indexMany({}, records.map(writeOne)));
    onProgress(from + records.length);
  }
}

/** Every file under `dir` (relative to the project), sorted, skipping folders named in `skip`. */
function filesUnder(dir: string, skip: string[] = []): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter((f) => !skip.some((s) => f.startsWith(s)))
    .sort();
}

/**
 * What a cached bank depends on: the generator and this loader, the fixtures it draws from, the migrations, the
 * server's code outside the pages (importer, model, registry, search documents, engine wiring) and the search
 * package, and the SQLite build (FTS5's format). A page or a benchmark changing keeps the cache.
 */
export function seedKey(n: number): string {
  const hash = createHash('sha256').update(`n=${n};seed=42;`);
  const files = [
    'bench/generate.ts',
    'bench/seed.ts',
    'node_modules/better-sqlite3/package.json',
    ...['fixtures', 'migrations', 'search'].flatMap((d) => filesUnder(d)),
    ...filesUnder('server', ['server/web/']),
  ];
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(root, file)))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** Where built banks are kept between runs (`BENCH_CACHE_DIR`, else the system's temporary folder). */
const cacheDir = () => process.env.BENCH_CACHE_DIR ?? path.join(tmpdir(), 'practice-bank-bench-cache');

export interface SeededBank {
  /** A fresh data directory holding the bank's database: the caller owns it and removes it. */
  dataDir: string;
  /** Whether the database came from the cache. */
  cached: boolean;
  /** Seconds to build it (0 when cached) and to copy it into place. */
  buildSeconds: number;
  copySeconds: number;
}

/**
 * A data directory with a bank of `n` generated practices: copied from the cache when a bank built from the same
 * code is there, built (and cached) otherwise. `fresh` builds anew whatever the cache holds.
 */
export async function seededBank(n: number, { fresh = false } = {}): Promise<SeededBank> {
  const key = seedKey(n);
  const cached = path.join(cacheDir(), `bank-${n}-${key}.db`);
  let buildSeconds = 0;
  const wasCached = existsSync(cached) && !fresh;
  if (!wasCached) {
    const started = performance.now();
    const buildDir = mkdtempSync(path.join(tmpdir(), 'bank-seed-'));
    try {
      const app = await buildApp(loadConfig(benchEnv(buildDir)));
      // A throw-away build: a power cut costs a rebuild, not a bank. The setting lasts for this connection only.
      app.bank.db.$client.pragma('synchronous = OFF');
      loadGenerated(app, n, (done) => process.stdout.write(`  загрузка: ${done}\r`));
      await app.close(); // the last connection checkpoints the WAL into bank.db
      mkdirSync(cacheDir(), { recursive: true });
      for (const old of readdirSync(cacheDir()).filter((f) => f.startsWith(`bank-${n}-`)))
        rmSync(path.join(cacheDir(), old), { force: true });
      copyFileSync(path.join(buildDir, 'bank.db'), `${cached}.part`);
      renameSync(`${cached}.part`, cached);
    } finally {
      rmSync(buildDir, { recursive: true, force: true });
    }
    buildSeconds = (performance.now() - started) / 1000;
    console.log(`  банк из ${n} практик построен за ${buildSeconds.toFixed(1)} с (кэш: ${cached})`);
  }
  const copyStarted = performance.now();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bank-bench-'));
  copyFileSync(cached, path.join(dataDir, 'bank.db'));
  const copySeconds = (performance.now() - copyStarted) / 1000;
  if (wasCached) console.log(`  банк из ${n} практик взят из кэша за ${copySeconds.toFixed(1)} с (${cached})`);
  return { dataDir, cached: wasCached, buildSeconds, copySeconds };
}
