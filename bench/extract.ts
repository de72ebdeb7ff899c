/**
 * npm run bench:extract [-- --mib 60]
 * Starts the bank in its own process, uploads a .docx holding N MiB of plain paragraphs (under every ratio and
 * size cap, like the author's document of issue 8), and while its text is extracted asks /health over and over:
 * reports /health latency (p50, p95, max) and the server's peak RSS. Targets: /health < 100 ms, RSS < 400 MB.
 * Writes JSON under bench/results/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchEnv } from './bank.js';
import { memoryOf, startServerProcess } from './server-process.js';
import { makeLongDocx, multipart } from '../test/support/files.js';

const { values } = parseArgs({ options: { mib: { type: 'string', default: '60' } } });
const MIB = Number(values.mib);
const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'bank-extract-'));
const env = benchEnv(dataDir);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** A .docx whose document.xml is about `mib` MiB: paragraphs of made-up Russian words (about 195 bytes each). */
function buildDocx(mib: number): Buffer {
  const docx = makeLongDocx(Math.round((mib * 1024 * 1024) / 195));
  console.log(`Документ: ${(docx.length / 1048576).toFixed(1)} МБ в архиве, ≈${mib} МиБ текста с разметкой`);
  return docx;
}

async function main() {
  const docx = buildDocx(MIB);
  const upload = multipart([{ name: 'Большой конспект.docx', data: docx }]);
  const { server, base } = await startServerProcess(env, 60);
  try {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@bank.test', password: 'bench-password-123' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const headers = { cookie, 'x-csrf-token': csrf };
    const draft = await fetch(`${base}/api/v1/practices`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Практика для замера извлечения текста' }),
    });
    const id = ((await draft.json()) as { id: number }).id;

    await new Promise((r) => setTimeout(r, 1500)); // let start-up work settle before the idle reading
    // Forget the start-up peak (Linux: writing 5 to clear_refs resets VmHWM), so the peak is this file's own.
    writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
    const idleRss = memoryOf(server.pid!, 'VmRSS');

    /** Asks /health one request after another until `until` says stop; returns the latencies in ms, sorted. */
    const pollHealth = async (until: () => boolean) => {
      const latencies: number[] = [];
      while (!until()) {
        const t = performance.now();
        const res = await fetch(`${base}/health`);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`/health answered ${res.status}`);
        latencies.push(performance.now() - t);
      }
      return latencies.sort((a, b) => a - b);
    };
    // The same machine with nothing being extracted: what /health costs here anyway (a shared machine is noisy).
    const idleUntil = performance.now() + 3000;
    const idle = await pollHealth(() => performance.now() > idleUntil);

    const uploaded = await fetch(`${base}/api/v1/practices/${id}/attachments`, {
      method: 'POST',
      headers: { ...headers, 'content-type': upload.contentType },
      // A plain Uint8Array: with the DOM's types in the program (preact's JSX brings them) a Buffer is no BodyInit.
      body: new Uint8Array(upload.body),
    });
    if (uploaded.status !== 201) throw new Error(`upload failed: ${uploaded.status} ${await uploaded.text()}`);
    const afterUploadPeak = memoryOf(server.pid!, 'VmHWM');
    const started = performance.now();
    let done = false;
    let textStatus = 'pending';
    const watcher = (async () => {
      while (!done) {
        const list = await fetch(`${base}/api/v1/practices/${id}/attachments`, { headers });
        textStatus = ((await list.json()) as { items: { textStatus: string }[] }).items[0]!.textStatus;
        if (textStatus !== 'pending') done = true;
        else await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const sorted = await pollHealth(() => done || performance.now() - started > 120_000);
    await watcher;
    const extractionMs = performance.now() - started;
    const peakRss = memoryOf(server.pid!, 'VmHWM');
    const figures = {
      date: new Date().toISOString(),
      textMiB: MIB,
      docxMb: docx.length / 1048576,
      textStatus,
      extractionMs,
      health: {
        requests: sorted.length,
        p50Ms: percentile(sorted, 0.5),
        p95Ms: percentile(sorted, 0.95),
        maxMs: sorted.at(-1) ?? NaN,
      },
      healthIdle: {
        requests: idle.length,
        p50Ms: percentile(idle, 0.5),
        p95Ms: percentile(idle, 0.95),
        maxMs: idle.at(-1) ?? NaN,
      },
      serverIdleRssMb: idleRss,
      serverPeakRssAfterUploadMb: afterUploadPeak,
      serverPeakRssMb: peakRss,
    };
    console.table([
      { замер: 'извлечение текста', значение: `${(extractionMs / 1000).toFixed(2)} с (${textStatus})` },
      {
        замер: `/health во время извлечения (${sorted.length} запросов)`,
        значение: `p50 ${figures.health.p50Ms.toFixed(1)} мс, p95 ${figures.health.p95Ms.toFixed(1)} мс, max ${figures.health.maxMs.toFixed(1)} мс`,
      },
      {
        замер: `/health без извлечения, 3 с (${idle.length} запросов)`,
        значение: `p50 ${figures.healthIdle.p50Ms.toFixed(1)} мс, p95 ${figures.healthIdle.p95Ms.toFixed(1)} мс, max ${figures.healthIdle.maxMs.toFixed(1)} мс`,
      },
      {
        замер: 'RSS сервера: простой → пик',
        значение: `${idleRss.toFixed(0)} → ${peakRss.toFixed(0)} МБ (после загрузки ${afterUploadPeak.toFixed(0)} МБ)`,
      },
    ]);
    console.log(`${figures.health.maxMs < 100 ? '✓' : '✗'} /health < 100 мс во время извлечения`);
    console.log(`${peakRss < 400 ? '✓' : '✗'} пиковый RSS сервера < 400 МБ`);
    const file = path.join(root, 'bench', 'results', `extract-${figures.date.slice(0, 19).replace(/[:T]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(figures, null, 2));
    console.log(`Результаты: ${path.relative(root, file)}`);
  } finally {
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
