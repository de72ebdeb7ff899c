/**
 * npm run bench:import [-- COUNT]: writes a register of COUNT (1,000) rows with varied labels as XLSX, then imports
 * it into a fresh bank as the admin area and `npm run import` do: read the sheet, a dry run (the preview), the
 * import with unknown technologies kept as keywords, and the same file again (all duplicates). Prints each step's
 * time and the report's summary.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { loadImportFile } from '../server/importer/files.js';
import { buildMappings } from '../server/importer/mapping.js';
import { decisionsOf } from '../server/importer/run.js';
import type { ImportReport } from '../server/importer/service.js';
import { benchEnv } from './bank.js';
import { REGISTER_HEADERS, registerRows, writeXlsx } from './import-data.js';

const count = Number(process.argv[2] ?? 1000);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
const file = path.join(dataDir, 'реестр.xlsx');

async function timed<T>(label: string, work: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(2)} с`);
  return result;
}

const summary = (r: ImportReport) =>
  `записей ${r.total}; ${r.dryRun ? 'прошли бы' : 'добавлено'} ${r.created}; уже были ${r.duplicates}; ` +
  `с ошибками ${r.failed}; с замечаниями ${r.withWarnings}; новых организаций ${r.organizationsCreated}`;

try {
  const app = await buildApp(loadConfig(benchEnv(dataDir)));
  try {
    console.log(`Импорт реестра из ${count} строк (${os.cpus().length} ядра, Node ${process.version})`);
    await timed('запись XLSX', () => writeXlsx(file, REGISTER_HEADERS, registerRows(count)));
    console.log(`  размер файла: ${(statSync(file).size / 1024).toFixed(0)} КБ`);
    const loaded = await timed('чтение листа', () => loadImportFile(file));
    const { importer } = app.bank.services;
    const options = { rows: loaded.rows!, unknownAsKeyword: true, actorName: 'bench', source: 'реестр.xlsx' };
    const preview = await timed('пробный прогон (предпросмотр)', () =>
      importer.importRecords(loaded.data, { ...options, dryRun: true }),
    );
    console.log(`    ${summary(preview)}`);
    // As an administrator who accepts every proposed near spelling in the preview and presses «Импортировать».
    const proposals = decisionsOf(preview).filter((d) => d.kind === 'near');
    console.log(`    предложено сопоставлений: ${proposals.map((d) => `«${d.value}» → «${d.label}»`).join(', ')}`);
    const mappings = buildMappings(
      proposals.map((d) => ({ vocabulary: d.vocabulary, value: d.value, target: d.code! })),
      app.bank.services.vocabularies,
    );
    const report = await timed('импорт с подтверждёнными сопоставлениями', () =>
      importer.importRecords(loaded.data, { ...options, mappings, actor: { userId: null, name: 'bench' } }),
    );
    console.log(`    ${summary(report)}`);
    const kinds = new Map<string, number>();
    for (const m of report.records.flatMap((r) => r.matches ?? [])) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
    console.log(`    значения справочников: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    const failed = report.records.filter((r) => r.status === 'failed');
    for (const r of failed.slice(0, 3))
      console.log(`    ✗ строка ${r.row}: ${r.errors?.map((e) => e.message).join('; ')}`);
    const again = await timed('тот же файл ещё раз', () =>
      importer.importRecords(loaded.data, { ...options, mappings }),
    );
    console.log(`    ${summary(again)}`);
  } finally {
    await app.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
