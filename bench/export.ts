/**
 * npm run bench:export [-- --n 100000 --fresh] [-- --bank FILE] [-- --heap 320]
 * Exports the whole bank of N generated practices (bench/seed.ts, cached) as CSV and as XLSX from the bank
 * running in its own process, as a methodist's browser would download it, and reports for each: the time to the
 * last byte, the server's CPU time (the figure a busy shared machine does not distort), the size, and the server's
 * RSS — idle after a warm-up, sampled while the file streams, and the peak (VmHWM, reset before each export). The
 * budget: 100,000 rows in under 30 s each, with memory that does not grow with the rows.
 * Then the same exports from a bank whose JS heap is capped (`--heap`, MiB): V8 lets its heap grow while garbage is
 * plentiful and collects it later, so RSS rising during a long export may be garbage not yet collected or memory
 * held per row; an export that finishes under a cap far below its rows' size holds no memory per row.
 * `--bank FILE` takes an already built bank.db instead (copied, never changed): the seed's cache is keyed by the
 * server's code, so any change outside the pages builds it anew — half an hour on a busy two-core machine — while
 * a bank built by another checkout of the same migrations holds the same rows.
 * Writes JSON under bench/results/.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    heap: { type: 'string', default: '320' },
  },
});
const N = Number(values.n);
const BUDGET_SECONDS = 30;
const root = path.resolve(import.meta.dirname, '..');

interface Run {
  format: 'csv' | 'xlsx';
  /** The server's JS heap cap in MiB, or null for Node's default. */
  heapCapMb: number | null;
  seconds: number;
  /** The server's CPU time (user + system) during the export. */
  cpuSeconds: number;
  megabytes: number;
  rows: number | null;
  idleRssMb: number;
  peakRssMb: number;
  /** RSS at each tenth of the time, in MiB: flat memory shows as a flat line. */
  rssSamplesMb: number[];
}

/** The process's CPU time so far in seconds (`/proc/PID/stat` utime + stime, in ticks of 1/100 s). */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Downloads one export, counting bytes (and CSV lines) as they arrive, sampling the server's RSS meanwhile. */
async function exportOnce(base: string, pid: number, format: 'csv' | 'xlsx', heapCapMb: number | null): Promise<Run> {
  // Forget the earlier peak (Linux: writing 5 to clear_refs resets VmHWM), so the peak is this export's own.
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const idleRssMb = memoryOf(pid, 'VmRSS');
  const samples: { at: number; rss: number }[] = [];
  const cpuBefore = cpuOf(pid);
  const started = performance.now();
  const sampler = setInterval(() => samples.push({ at: performance.now(), rss: memoryOf(pid, 'VmRSS') }), 100);
  let bytes = 0;
  let lines = 0;
  try {
    const res = await fetch(`${base}/api/v1/search/export?format=${format}&sort=newest`);
    if (!res.ok || !res.body) throw new Error(`${res.status} for the ${format} export`);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      if (format === 'csv') for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuOf(pid) - cpuBefore;
  const tenths = Array.from({ length: 10 }, (_, i) => {
    const at = started + ((i + 1) * seconds * 1000) / 10;
    return samples.findLast((s) => s.at <= at)?.rss ?? idleRssMb;
  });
  return {
    format,
    heapCapMb,
    seconds,
    cpuSeconds,
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
  const runs: Run[] = [];
  try {
    for (const heapCapMb of [null, Number(values.heap)]) {
      const env = benchEnv(bank.dataDir, {
        SEARCH_CACHE_SIZE: '0',
        ...(heapCapMb === null ? {} : { NODE_OPTIONS: `--max-old-space-size=${heapCapMb}` }),
      });
      const { server, base } = await startServerProcess(env, 120);
      try {
        // What a bank that has served a while holds (the engine's lazily built structures, compiled code) is not
        // the export's memory: one small export of each kind first, then the idle RSS is read.
        for (const format of ['csv', 'xlsx'] as const)
          await (
            await fetch(`${base}/api/v1/search/export?format=${format}&q=${encodeURIComponent('шахматы')}`)
          ).arrayBuffer();
        for (const format of ['csv', 'xlsx'] as const) {
          const run = await exportOnce(base, server.pid!, format, heapCapMb);
          runs.push(run);
          const verdict = run.seconds < BUDGET_SECONDS ? 'в бюджете' : 'НЕ в бюджете';
          console.log(
            `${format.toUpperCase()}${heapCapMb === null ? '' : ` (куча ≤ ${heapCapMb} МБ)`}: ${run.seconds.toFixed(1)} с ` +
              `(${verdict}: < ${BUDGET_SECONDS} с), процессор сервера ${run.cpuSeconds.toFixed(1)} с, ` +
              `${run.megabytes.toFixed(1)} МБ${run.rows === null ? '' : `, строк: ${run.rows}`}; ` +
              `RSS сервера: в покое ${run.idleRssMb.toFixed(0)} МБ, пик ${run.peakRssMb.toFixed(0)} МБ; ` +
              `по десятым долям времени: ${run.rssSamplesMb.join(' ')} МБ`,
          );
        }
      } finally {
        server.kill();
      }
    }
  } finally {
    rmSync(bank.dataDir, { recursive: true, force: true });
  }
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `export-${N}-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`);
  writeFileSync(file, JSON.stringify({ n: N, budgetSeconds: BUDGET_SECONDS, runs }, null, 2));
  console.log(`Результаты: ${path.relative(root, file)}`);
  if (runs.some((r) => r.heapCapMb === null && r.seconds >= BUDGET_SECONDS)) process.exitCode = 1;
}

await main();
