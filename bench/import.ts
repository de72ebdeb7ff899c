/**
 * npm run bench:import [-- 1000,10000]: for each count (1,000 and 10,000 rows), writes a register of that many rows
 * with varied labels as XLSX, then imports it into a fresh bank as the admin area and `npm run import` do: read
 * the sheet, a dry run (the preview), the import with unknown technologies kept as keywords, and the same file
 * again (all duplicates). Prints each step's time on the clock and in CPU time (`process.cpuUsage`: on a shared
 * machine the clock counts the wait for a core too), the report's summary, and the import's practices a second
 * against the target: PostgreSQL's COPY into an indexed table on the same documents, 1,170 a second (issue 14.5).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
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

const TARGET_PER_SECOND = 1170;
const counts = (process.argv[2] ?? '1000,10000').split(',').map(Number);

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * The main thread's time on a core and waiting in the run queue for one, in seconds (Linux's schedstat): what the
 * clock spent that was neither is the thread asleep — on the disk (fsync), a lock or a timer.
 */
const SCHEDSTAT = '/proc/thread-self/schedstat';
const schedstat = () => {
  if (!existsSync(SCHEDSTAT)) return undefined;
  const [running, waiting] = readFileSync(SCHEDSTAT, 'utf8').split(' ').map(Number);
  return { running: running! / 1e9, waiting: waiting! / 1e9 };
};

/** Runs `work`, prints its clock and CPU seconds (and where the clock went), and returns its result with both. */
async function timed<T>(label: string, work: () => T | Promise<T>) {
  const cpuStarted = cpuSeconds();
  const schedStarted = schedstat();
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpuStarted;
  const sched = schedstat();
  const where =
    sched && schedStarted
      ? (() => {
          const running = sched.running - schedStarted.running;
          const queued = sched.waiting - schedStarted.waiting;
          return (
            `; часы основного потока: на ядре ${running.toFixed(2)} с, в очереди к ядру ${queued.toFixed(2)} с, ` +
            `в ожидании (диск, блокировки) ${Math.max(0, seconds - running - queued).toFixed(2)} с`
          );
        })()
      : '';
  console.log(`  ${label}: ${seconds.toFixed(2)} с (ЦП ${cpu.toFixed(2)} с${where})`);
  return { result, seconds, cpu };
}

const summary = (r: ImportReport) =>
  `записей ${r.total}; ${r.dryRun ? 'прошли бы' : 'добавлено'} ${r.created}; уже были ${r.duplicates}; ` +
  `с ошибками ${r.failed}; с замечаниями ${r.withWarnings}; новых организаций ${r.organizationsCreated}`;

/** Imports a register of `count` rows into a fresh bank; true when the import met the target in CPU time. */
async function benchImport(count: number): Promise<boolean> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const file = path.join(dataDir, 'реестр.xlsx');
  try {
    const app = await buildApp(loadConfig(benchEnv(dataDir)));
    try {
      console.log(`Импорт реестра из ${count} строк (${os.cpus().length} ядра, Node ${process.version})`);
      await timed('запись XLSX', () => writeXlsx(file, REGISTER_HEADERS, registerRows(count)));
      console.log(`  размер файла: ${(statSync(file).size / 1024).toFixed(0)} КБ`);
      const { result: loaded } = await timed('чтение листа', () => loadImportFile(file));
      const { importer } = app.bank.services;
      const options = { rows: loaded.rows!, unknownAsKeyword: true, actorName: 'bench', source: 'реестр.xlsx' };
      const { result: preview } = await timed('пробный прогон (предпросмотр)', () =>
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
      const imported = await timed('импорт с подтверждёнными сопоставлениями', () =>
        importer.importRecords(loaded.data, { ...options, mappings, actor: { userId: null, name: 'bench' } }),
      );
      const report = imported.result;
      console.log(`    ${summary(report)}`);
      const kinds = new Map<string, number>();
      for (const m of report.records.flatMap((r) => r.matches ?? [])) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
      console.log(`    значения справочников: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
      const failed = report.records.filter((r) => r.status === 'failed');
      for (const r of failed.slice(0, 3))
        console.log(`    ✗ строка ${r.row}: ${r.errors?.map((e) => e.message).join('; ')}`);
      const { result: again } = await timed('тот же файл ещё раз', () =>
        importer.importRecords(loaded.data, { ...options, mappings }),
      );
      console.log(`    ${summary(again)}`);
      const byClock = report.created / imported.seconds;
      const byCpu = report.created / imported.cpu;
      const met = byCpu >= TARGET_PER_SECOND;
      console.log(
        `  скорость импорта: ${byCpu.toFixed(0)} практик/с по ЦП, ${byClock.toFixed(0)} практик/с по часам; ` +
          `цель ≥ ${TARGET_PER_SECOND}/с ${met ? 'выполнена' : 'НЕ выполнена'} по ЦП` +
          (met && byClock < TARGET_PER_SECOND ? ' (по часам нет: часы считают и ожидание ядра)' : ''),
      );
      console.log(
        `  нагрузка машины (load average за 1, 5, 15 мин): ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(', ')}`,
      );
      return met;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: boolean[] = [];
for (const count of counts) results.push(await benchImport(count));
console.log(`Итог: цель ≥ ${TARGET_PER_SECOND} практик/с ${results.every(Boolean) ? 'выполнена' : 'НЕ выполнена'}`);
