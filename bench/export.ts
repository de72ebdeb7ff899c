/**
 * npm run bench:export [-- --n 100000 --fresh] [-- --bank FILE]
 * Exports the whole bank of N generated practices (bench/seed.ts, cached) as CSV and as XLSX from the bank
 * running in its own process, as a methodist's browser would download it, and reports for each: the time to the
 * last byte, the size, and the server's RSS — idle, sampled while the file streams, and the peak (VmHWM, reset
 * before each export). The budget: 100,000 rows in under 30 s each, with memory that does not grow with the rows.
 * `--bank FILE` takes an already built bank.db instead (copied, never changed): the seed's cache is keyed by the
 * server's code, so any change outside the pages builds it anew — half an hour on a busy two-core machine — while
 * a bank built by another checkout of the same migrations holds the same rows.
 * Writes JSON under bench/results/.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchEnv } from './bank.js';
import { seededBank, type SeededBank } from './seed.js';
import { memoryOf, startServerProcess } from './server-process.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: process.env.BENCH_N ?? '100000' },
    fresh: { type: 'boolean', default: false },
    bank: { type: 'string' },
  },
});
const N = Number(values.n);
const BUDGET_SECONDS = 30;
const root = path.resolve(import.meta.dirname, '..');

interface Run {
  format: 'csv' | 'xlsx';
  seconds: number;
  megabytes: number;
  rows: number | null;
  idleRssMb: number;
  peakRssMb: number;
  /** RSS at each tenth of the time, in MiB: flat memory shows as a flat line. */
  rssSamplesMb: number[];
}

/** Downloads one export, counting bytes (and CSV lines) as they arrive, sampling the server's RSS meanwhile. */
async function exportOnce(base: string, pid: number, format: 'csv' | 'xlsx'): Promise<Run> {
  // Forget the earlier peak (Linux: writing 5 to clear_refs resets VmHWM), so the peak is this export's own.
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const idleRssMb = memoryOf(pid, 'VmRSS');
  const samples: { at: number; rss: number }[] = [];
  const started = performance.now();
  const sampler = setInterval(() => samples.push({ at: performance.now(), rss: memoryOf(pid, 'VmRSS') }), 100);
  let bytes = 0;
  let lines = 0;
  try {
    const res = await fetch(`${base}/api/v1/search/export?format=${format}&sort=newest`);
    if (!res.ok || !res.body) throw new Error(`${res.status} for the ${format} export`);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      if (format === 'csv') for (const byte of chunk) if (byte === 10) lines += 1;
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const tenths = Array.from({ length: 10 }, (_, i) => {
    const at = started + ((i + 1) * seconds * 1000) / 10;
    return samples.findLast((s) => s.at <= at)?.rss ?? idleRssMb;
  });
  return {
    format,
    seconds,
    megabytes: bytes / 1024 / 1024,
    // Every field is one line (summaries and citations are plain text), so lines minus the header are the rows.
    rows: format === 'csv' ? lines - 1 : null,
    idleRssMb,
    peakRssMb: memoryOf(pid, 'VmHWM'),
    rssSamplesMb: tenths.map((r) => Math.round(r)),
  };
}

/** A data directory holding a copy of the given bank.db. */
function givenBank(file: string): SeededBank {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bank-export-'));
  copyFileSync(file, path.join(dataDir, 'bank.db'));
  console.log(`  банк: копия ${file}`);
  return { dataDir, cached: true, buildSeconds: 0, copySeconds: (performance.now() - started) / 1000 };
}

async function main() {
  console.log(`Выгрузка ${N} практик: подготовка банка…`);
  const bank = values.bank ? givenBank(values.bank) : await seededBank(N, { fresh: values.fresh });
  if (!values.bank)
    console.log(
      `  банк ${bank.cached ? 'из кэша' : `собран за ${bank.buildSeconds.toFixed(0)} с`}, скопирован за ${bank.copySeconds.toFixed(1)} с`,
    );
  const { server, base } = await startServerProcess(benchEnv(bank.dataDir, { SEARCH_CACHE_SIZE: '0' }), 120);
  const runs: Run[] = [];
  try {
    for (const format of ['csv', 'xlsx'] as const) {
      const run = await exportOnce(base, server.pid!, format);
      runs.push(run);
      const verdict = run.seconds < BUDGET_SECONDS ? 'в бюджете' : 'НЕ в бюджете';
      console.log(
        `${format.toUpperCase()}: ${run.seconds.toFixed(1)} с (${verdict}: < ${BUDGET_SECONDS} с), ` +
          `${run.megabytes.toFixed(1)} МБ${run.rows === null ? '' : `, строк: ${run.rows}`}; ` +
          `RSS сервера: в покое ${run.idleRssMb.toFixed(0)} МБ, пик ${run.peakRssMb.toFixed(0)} МБ; ` +
          `по десятым долям времени: ${run.rssSamplesMb.join(' ')} МБ`,
      );
    }
  } finally {
    server.kill();
    rmSync(bank.dataDir, { recursive: true, force: true });
  }
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `export-${N}-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`);
  writeFileSync(file, JSON.stringify({ n: N, budgetSeconds: BUDGET_SECONDS, runs }, null, 2));
  console.log(`Результаты: ${path.relative(root, file)}`);
  if (runs.some((r) => r.seconds >= BUDGET_SECONDS)) process.exitCode = 1;
}

await main();
