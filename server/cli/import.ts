/**
 * npm run import -- FILE.json|FILE.csv|FILE.xlsx [--map MAP.json|MAP.csv] [--unknown keyword] [--dry-run] [--json]
 * Loads already-reviewed practices into the published state and prints a report per record: the same rules and
 * the same report as the admin area's import. Exit code: 0 when every record was created or already there, 1 when
 * any record failed, 2 on a usage error or a file that cannot be read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../errors.js';
import { parseMappingFile } from '../importer/mapping.js';
import { importFile } from '../importer/run.js';
import type { ImportReport } from '../importer/service.js';
import { openBank } from './context.js';

const USAGE =
  'Использование: npm run import -- ФАЙЛ.json|.csv|.xlsx [--map СОПОСТАВЛЕНИЯ.json|.csv] [--unknown keyword] [--dry-run] [--json]';

const KINDS = {
  exact: 'точно',
  synonym: 'синоним',
  mapped: 'подтверждено',
  near: 'предложено',
  unknown: 'неизвестно',
  keyword: 'ключевое слово',
};

function printReport(report: ImportReport, file: string): void {
  const mark = { created: '✓', valid: '✓', duplicate: '=', failed: '✗' } as const;
  for (const warning of report.fileWarnings) console.log(`! ${warning}`);
  for (const r of report.records) {
    const where = r.row === undefined ? `#${r.index}` : `строка ${r.row}`;
    const head =
      `${mark[r.status]} ${where}${r.registryNumber ? ` ${r.registryNumber}` : ''} ${r.title ?? ''}`.trimEnd();
    console.log(r.status === 'duplicate' ? `${head} — уже есть в банке` : head);
    for (const e of r.errors ?? []) console.log(`    ${e.field}: ${e.message}`);
    for (const w of r.status === 'failed' ? [] : (r.warnings ?? [])) console.log(`    ! ${w.field}: ${w.message}`);
    for (const m of r.matches ?? [])
      if (m.kind !== 'exact')
        console.log(
          `    ~ «${m.value}» → ${m.label && m.kind !== 'keyword' ? `«${m.label}»` : '—'} (${KINDS[m.kind]})`,
        );
  }
  const verb = report.dryRun ? 'прошли бы проверку' : 'добавлено';
  console.log(
    `\n${path.basename(file)}: записей ${report.total}; ${verb} ${report.created}; уже были ${report.duplicates}; с ошибками ${report.failed}; ` +
      `с замечаниями ${report.withWarnings}; новых организаций ${report.organizationsCreated}` +
      `${report.dryRun ? ' (пробный прогон: ничего не записано)' : ''}`,
  );
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        map: { type: 'string' },
        unknown: { type: 'string' },
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
  const unknown = args.values.unknown;
  if (!file || args.positionals.length > 1 || (unknown !== undefined && unknown !== 'keyword' && unknown !== 'fail')) {
    console.error(USAGE);
    return 2;
  }
  const bank = openBank();
  try {
    const report = await importFile(bank.services.importer, file, {
      dryRun: args.values['dry-run'],
      source: path.basename(file),
      actor: { userId: null, name: 'Командная строка (npm run import)' },
      ...(args.values.map
        ? { mappings: parseMappingFile(readFileSync(args.values.map), bank.services.vocabularies) }
        : {}),
      unknownAsKeyword: unknown === 'keyword',
    });
    if (args.values.json) console.log(JSON.stringify(report, null, 2));
    else printReport(report, file);
    return report.failed > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.message);
      for (const d of error.details ?? []) console.error(`    ${d.field}: ${d.message}`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`Не удалось прочитать ${(error as NodeJS.ErrnoException).path ?? file}: файла нет`);
      return 2;
    }
    throw error;
  } finally {
    bank.close();
  }
}

process.exitCode = await main();
