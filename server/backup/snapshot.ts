/**
 * Taking a backup while the bank serves and writes: SQLite's online backup API copies the database page by page
 * (the event loop turns between steps, so requests go on; pages written meanwhile by this connection are carried
 * into the copy, so the copy is the database as of its last step), then every file the copy references is copied
 * and hashed, and `manifest.json` is written last.
 */
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BlobStore } from '../attachments/storage.js';
import type { Db } from '../db/client.js';
import { migrationsDir, projectRoot } from '../shared/paths.js';
import {
  BackupRefused,
  DATABASE_FILE,
  hashFile,
  MANIFEST,
  manifestChecksum,
  type Manifest,
  type ManifestEntry,
} from './manifest.js';

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

export interface SnapshotOptions {
  /** Pages copied per step; fewer means shorter pauses for requests and a longer backup. */
  pagesPerStep?: number;
  /** Called after each step of the database copy (tests write between steps). */
  onProgress?: (progress: BackupProgress) => void;
  now?: () => Date;
}

const DEFAULT_PAGES_PER_STEP = 1000;

/** The bank's version (package.json), written into each manifest. */
export const BANK_VERSION: string = (
  JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }
).version;

/** How many migrations a database has applied, and the name of the last one. */
export function migrationLevel(sqlite: Database.Database): Manifest['migration'] {
  const row = sqlite.prepare('SELECT count(*) AS count, max(created_at) AS last FROM __drizzle_migrations').get() as {
    count: number;
    last: number | null;
  };
  const journal = JSON.parse(readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number; tag: string }[];
  };
  return { count: row.count, tag: journal.entries.find((e) => e.when === Number(row.last))?.tag ?? null };
}

/** Every stored file a database references: attachments, their previews, platforms' files, adoption reports' files. */
function referencedFiles(sqlite: Database.Database): string[] {
  return (
    sqlite
      .prepare(
        `SELECT sha256 AS sha FROM attachments WHERE sha256 IS NOT NULL
         UNION SELECT preview_sha FROM attachments WHERE preview_sha IS NOT NULL
         UNION SELECT sha256 FROM platform_files
         UNION SELECT file_sha256 FROM adoptions WHERE file_sha256 IS NOT NULL ORDER BY 1`,
      )
      .all() as { sha: string }[]
  ).map((r) => r.sha);
}

/** Writes a consistent backup of the bank into `dir` (created if absent; it must be empty) and returns its manifest. */
export async function takeSnapshot(
  db: Db,
  store: BlobStore,
  dir: string,
  options: SnapshotOptions = {},
): Promise<Manifest> {
  const now = options.now ?? (() => new Date());
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) throw new BackupRefused(`Каталог ${dir} не пуст: копия пишется только в пустой`);
  const started = performance.now();
  const takenAt = now().toISOString();
  const release = await store.holdSweep();
  try {
    const databasePath = path.join(dir, DATABASE_FILE);
    await db.$client.backup(databasePath, {
      progress: (progress) => {
        options.onProgress?.(progress);
        return options.pagesPerStep ?? DEFAULT_PAGES_PER_STEP;
      },
    });
    // One self-contained file: the copy leaves WAL mode, so restoring it needs no -wal or -shm beside it.
    const copy = new Database(databasePath);
    let shas: string[];
    let migration: Manifest['migration'];
    try {
      copy.pragma('journal_mode = DELETE');
      shas = referencedFiles(copy);
      migration = migrationLevel(copy);
    } finally {
      copy.close();
    }
    const files: ManifestEntry[] = [];
    for (const sha of shas) {
      const relative = path.posix.join('files', sha.slice(0, 2), sha);
      const target = path.join(dir, relative);
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(store.pathOf(sha), target).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT')
          throw new BackupRefused(`В хранилище банка нет файла ${sha}, на который ссылается база`);
        throw error;
      });
      const copied = await hashFile(target);
      if (copied.sha256 !== sha)
        throw new BackupRefused(`Файл ${sha} в хранилище банка повреждён: его содержимое не совпадает с именем`);
      files.push({ path: relative, ...copied });
    }
    const database = { path: DATABASE_FILE, ...(await hashFile(databasePath)) };
    const body = {
      format: 1 as const,
      bankVersion: BANK_VERSION,
      migration,
      takenAt,
      durationMs: Math.round(performance.now() - started),
      database,
      files,
      totalBytes: database.size + files.reduce((sum, f) => sum + f.size, 0),
    };
    const manifest: Manifest = { ...body, checksum: manifestChecksum(body) };
    // Written last and renamed into place: a backup with a manifest is a whole backup.
    const partial = path.join(dir, `${MANIFEST}.partial`);
    await writeFile(partial, JSON.stringify(manifest, null, 2));
    await rename(partial, path.join(dir, MANIFEST));
    return manifest;
  } catch (error) {
    // Nothing half-made is left to be mistaken for a backup.
    for (const name of await readdir(dir).catch(() => []))
      await rm(path.join(dir, name), { recursive: true, force: true });
    throw error;
  } finally {
    await release();
  }
}
