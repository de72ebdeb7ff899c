/**
 * npm run backup -- DIR — a consistent copy of the bank (database and every file it references, with
 * `manifest.json`) into the empty or new directory DIR, while the bank keeps serving and writing.
 */
import path from 'node:path';
import { BackupRefused } from '../backup/manifest.js';
import { takeSnapshot } from '../backup/snapshot.js';
import { openBank } from './context.js';

async function main(args: string[]): Promise<number> {
  if (args.length !== 1) {
    console.error('Использование: npm run backup -- КАТАЛОГ (новый или пустой)');
    return 64;
  }
  const target = path.resolve(args[0]!);
  const bank = openBank();
  try {
    await bank.services.store.init();
    // The whole database in one step: the running bank writes from another process, and a copy made step by step
    // would start over at each of its commits. WAL lets those writes go on while the step reads.
    const manifest = await takeSnapshot(bank.db, bank.services.store, target, { pagesPerStep: 0x7fffffff });
    console.log(
      `Резервная копия записана в ${target}: база ${(manifest.database.size / 1024 / 1024).toFixed(1)} МБ, ` +
        `${manifest.files.length} файл(ов), всего ${(manifest.totalBytes / 1024 / 1024).toFixed(1)} МБ, ` +
        `за ${(manifest.durationMs / 1000).toFixed(1)} с (версия ${manifest.bankVersion}, миграция ${manifest.migration.tag ?? manifest.migration.count})`,
    );
    return 0;
  } catch (error) {
    if (error instanceof BackupRefused) {
      console.error(error.message);
      return 1;
    }
    bank.log.error({ err: error }, 'backup failed');
    console.error(`Не удалось сделать копию: ${(error as Error).message}`);
    return 1;
  } finally {
    bank.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
