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
import { openBank, runWhenMain, type ToolIo } from './context.js';

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

function printReport(report: ImportReport, file: string, io: ToolIo): void {
  const mark = { created: '✓', valid: '✓', duplicate: '=', failed: '✗' } as const;
  for (const warning of report.fileWarnings) io.out(`! ${warning}`);
  for (const r of report.records) {
    const where = r.row === undefined ? `#${r.index}` : `строка ${r.row}`;
    const head =
      `${mark[r.status]} ${where}${r.registryNumber ? ` ${r.registryNumber}` : ''} ${r.title ?? ''}`.trimEnd();
    io.out(r.status === 'duplicate' ? `${head} — уже есть в банке` : head);
    for (const e of r.errors ?? []) io.out(`    ${e.field}: ${e.message}`);
    for (const w of r.status === 'failed' ? [] : (r.warnings ?? [])) io.out(`    ! ${w.field}: ${w.message}`);
    for (const m of r.matches ?? [])
      if (m.kind !== 'exact')
        io.out(`    ~ «${m.value}» → ${m.label && m.kind !== 'keyword' ? `«${m.label}»` : '—'} (${KINDS[m.kind]})`);
  }
  const verb = report.dryRun ? 'прошли бы проверку' : 'добавлено';
  io.out(
    `\n${path.basename(file)}: записей ${report.total}; ${verb} ${report.created}; уже были ${report.duplicates}; с ошибками ${report.failed}; ` +
      `с замечаниями ${report.withWarnings}; новых организаций ${report.organizationsCreated}` +
      `${report.dryRun ? ' (пробный прогон: ничего не записано)' : ''}`,
  );
}

/** Imports (or with --dry-run checks) a file of practices and prints its report; the exit codes above. */
export async function runImport(argv: string[], io: ToolIo): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
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
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    io.out(USAGE);
    return 0;
  }
  const file = args.positionals[0];
  const unknown = args.values.unknown;
  if (!file || args.positionals.length > 1 || (unknown !== undefined && unknown !== 'keyword' && unknown !== 'fail')) {
    io.err(USAGE);
    return 2;
  }
  const bank = openBank(io.env);
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
    if (args.values.json) io.out(JSON.stringify(report, null, 2));
    else printReport(report, file, io);
    return report.failed > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof AppError) {
      io.err(error.message);
      for (const d of error.details ?? []) io.err(`    ${d.field}: ${d.message}`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.err(`Не удалось прочитать ${(error as NodeJS.ErrnoException).path ?? file}: файла нет`);
      return 2;
    }
    throw error;
  } finally {
    bank.close();
  }
}

await runWhenMain(import.meta.url, runImport);
