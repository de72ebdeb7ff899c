/**
 * npm run import -- FILE.json [--dry-run] [--json]
 * Loads already-reviewed practices into the published state and prints a report per record.
 * Exit code: 0 when every record was created or already there, 1 when any record failed, 2 on a usage error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../errors.js';
import type { ImportReport } from '../importer/service.js';
import { openBank } from './context.js';

const USAGE = 'Использование: npm run import -- ФАЙЛ.json [--dry-run] [--json]';

function printReport(report: ImportReport, file: string): void {
  const mark = { created: '✓', valid: '✓', duplicate: '=', failed: '✗' } as const;
  for (const r of report.records) {
    const head =
      `${mark[r.status]} #${r.index}${r.registryNumber ? ` ${r.registryNumber}` : ''} ${r.title ?? ''}`.trimEnd();
    console.log(r.status === 'duplicate' ? `${head} — уже есть в банке` : head);
    for (const e of r.errors ?? []) console.log(`    ${e.field}: ${e.message}`);
  }
  const verb = report.dryRun ? 'прошли бы проверку' : 'добавлено';
  console.log(
    `\n${path.basename(file)}: записей ${report.total}; ${verb} ${report.created}; уже были ${report.duplicates}; с ошибками ${report.failed}; ` +
      `новых организаций ${report.organizationsCreated}${report.dryRun ? ' (пробный прогон: ничего не записано)' : ''}`,
  );
}

function main(): number {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const file = args.positionals[0];
  if (!file || args.positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`Не удалось прочитать ${file}: ${(error as Error).message}`);
    return 2;
  }
  const bank = openBank();
  try {
    const report = bank.services.importer.importRecords(data, {
      dryRun: args.values['dry-run'],
      actorName: `Импорт из ${path.basename(file)}`,
    });
    if (args.values.json) console.log(JSON.stringify(report, null, 2));
    else printReport(report, file);
    return report.failed > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  } finally {
    bank.close();
  }
}

process.exitCode = main();
