/**
 * npm run restore -- DIR — gives back the bank saved by `npm run backup` (or a scheduled backup) into the empty
 * DATA_DIR: the backup is checked whole first (a damaged or incomplete one is refused and nothing is written),
 * then the database and files are copied and the search index is rebuilt.
 */
import path from 'node:path';
import { BackupRefused } from '../backup/manifest.js';
import { restoreBackup } from '../backup/restore.js';
import { ConfigError, loadConfig } from '../config.js';
import { allSearchDocuments } from '../search-api/documents.js';
import { openBank } from './context.js';

async function main(args: string[]): Promise<number> {
  if (args.length !== 1) {
    console.error('Использование: npm run restore -- КАТАЛОГ_КОПИИ (в пустой DATA_DIR)');
    return 64;
  }
  let dataDir: string;
  try {
    dataDir = loadConfig().dataDir;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 78;
  }
  const source = path.resolve(args[0]!);
  try {
    const manifest = await restoreBackup(source, dataDir);
    console.log(
      `Копия от ${manifest.takenAt} проверена и восстановлена в ${dataDir}: ${manifest.files.length} файл(ов), ` +
        `${(manifest.totalBytes / 1024 / 1024).toFixed(1)} МБ`,
    );
  } catch (error) {
    if (!(error instanceof BackupRefused)) throw error;
    console.error(error.message);
    return 1;
  }
  // Opening the database applies the migrations a newer bank has; the search index is rebuilt from it.
  const bank = openBank();
  const { engine, vocabularies } = bank.services;
  try {
    await engine.start();
    const count = await engine.reindex(allSearchDocuments(bank.db, vocabularies));
    console.log(`Поисковый индекс (${engine.name}) перестроен: ${count} практик`);
    return 0;
  } catch (error) {
    bank.log.error({ err: error, engine: engine.name }, 'reindex after restore failed');
    console.error(
      `Данные восстановлены, но индекс не перестроен: ${(error as Error).message}; выполните npm run reindex`,
    );
    return 1;
  } finally {
    await engine.close();
    bank.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
