/**
 * Restoring a backup into an empty data directory. Everything is checked before anything is written: the
 * manifest (present, unedited), every file it lists (there, same size, same sha256), and every file the database
 * references (listed). A backup that fails any check is refused with the reason, and the target stays empty.
 */
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BackupRefused, DATABASE_FILE, hashFile, readManifest, type Manifest, type ManifestEntry } from './manifest.js';

/** Problems shown at most, so a badly damaged backup gives a readable message. */
const SHOWN_PROBLEMS = 10;

async function problemOf(dir: string, entry: ManifestEntry): Promise<string | undefined> {
  const actual = await hashFile(path.join(dir, entry.path)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!actual) return `${entry.path}: файла нет`;
  if (actual.size !== entry.size) return `${entry.path}: размер ${actual.size} байт, а в описании ${entry.size}`;
  if (actual.sha256 !== entry.sha256) return `${entry.path}: содержимое повреждено (не сходится sha256)`;
  return undefined;
}

/** Every stored file the backup's database references, by sha256. */
function referencedBy(databasePath: string): string[] {
  const sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    // A backup taken before innovation platforms existed has no table of their files.
    const platforms = sqlite
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'platform_files'`)
      .get()
      ? ' UNION SELECT sha256 FROM platform_files'
      : '';
    // Nor, before adoption reports carried a file, that column.
    const adoptionFiles = sqlite
      .prepare(`SELECT 1 FROM pragma_table_info('adoptions') WHERE name = 'file_sha256'`)
      .get()
      ? ' UNION SELECT file_sha256 FROM adoptions WHERE file_sha256 IS NOT NULL'
      : '';
    return (
      sqlite
        .prepare(
          `SELECT sha256 AS sha FROM attachments WHERE sha256 IS NOT NULL
           UNION SELECT preview_sha FROM attachments WHERE preview_sha IS NOT NULL${platforms}${adoptionFiles}`,
        )
        .all() as { sha: string }[]
    ).map((r) => r.sha);
  } finally {
    sqlite.close();
  }
}

/** Checks a backup without writing anything; throws BackupRefused naming what is wrong. */
export async function verifyBackup(dir: string): Promise<Manifest> {
  const manifest = await readManifest(dir);
  const problems: string[] = [];
  for (const entry of [manifest.database, ...manifest.files]) {
    const problem = await problemOf(dir, entry);
    if (problem) problems.push(problem);
  }
  if (problems.length === 0) {
    const listed = new Set(manifest.files.map((f) => f.sha256));
    for (const sha of referencedBy(path.join(dir, DATABASE_FILE)))
      if (!listed.has(sha))
        problems.push(`files/${sha.slice(0, 2)}/${sha}: база ссылается на файл, которого нет в копии`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `  - ${p}`);
    if (problems.length > SHOWN_PROBLEMS) shown.push(`  … и ещё ${problems.length - SHOWN_PROBLEMS}`);
    throw new BackupRefused(`Копия в ${dir} повреждена или неполна, восстанавливать её нельзя:\n${shown.join('\n')}`);
  }
  return manifest;
}

/** Whether a directory is absent or empty: the only places a backup is restored into. */
async function isEmptyDir(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return names.length === 0;
}

/** Restores the backup in `dir` into the empty `dataDir`: the database and every file, checked first. */
export async function restoreBackup(dir: string, dataDir: string): Promise<Manifest> {
  if (!(await isEmptyDir(dataDir)))
    throw new BackupRefused(
      `Каталог данных ${dataDir} не пуст: копия восстанавливается только в пустой (DATA_DIR), чтобы ничего не смешать`,
    );
  const manifest = await verifyBackup(dir);
  await mkdir(dataDir, { recursive: true });
  try {
    for (const entry of manifest.files) {
      const target = path.join(dataDir, entry.path);
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(path.join(dir, entry.path), target);
    }
    // The database last and renamed into place: a bank never starts on a half-copied database.
    const partial = path.join(dataDir, `${DATABASE_FILE}.partial`);
    await copyFile(path.join(dir, DATABASE_FILE), partial);
    if ((await hashFile(partial)).sha256 !== manifest.database.sha256)
      throw new BackupRefused('База данных исказилась при копировании: восстановление отменено');
    await rename(partial, path.join(dataDir, DATABASE_FILE));
  } catch (error) {
    for (const name of await readdir(dataDir).catch(() => []))
      await rm(path.join(dataDir, name), { recursive: true, force: true });
    throw error;
  }
  return manifest;
}
