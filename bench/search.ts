/**
 * npm run bench:search [-- --n 100000 --seconds 10]
 * Generates N realistic practices deterministically, imports them through the importer, then measures search:
 * in-process latency, HTTP latency at one connection (a server in its own process) and throughput at eight
 * (autocannon), per kind of query, and peak RSS. Prints a table and writes JSON under bench/results/.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { benchEnv, importGenerated } from './bank.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: process.env.BENCH_N ?? '100000' },
    seconds: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.n);
const SECONDS = Number(values.seconds);
const root = path.resolve(import.meta.dirname, '..');

const MIX: Record<string, string[]> = {
  specific: [
    'мнемотехника связная речь',
    'лэпбук',
    'шахматы',
    'экологическая тропа',
    'ТРИЗ',
    'квест',
    'наставничество молодых педагогов',
    'песочная терапия',
    'финансовая грамотность',
    'школьный музей',
  ],
  broad: ['дети', 'развитие', 'технология', 'обучение', 'педагог', 'работа с родителями'],
  typos: ['робототехнека', 'сказкотерапея', 'наставнечество', 'мнемотехнека', 'геймификацыя'],
  browse: [
    '',
    'level=preschool',
    'level=primary&municipality=smolensk',
    'technology=triz',
    'year=2024',
    'municipality=vyazemsky&organizationType=school',
    'subject=speech&level=preschool,primary',
  ],
};
const urlFor = (kind: string, item: string) =>
  kind === 'browse' ? `/api/v1/search?${item}` : `/api/v1/search?q=${encodeURIComponent(item)}`;

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99) };
}

const peakRss = (pid: number | 'self') => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'bank-bench-'));
const env = benchEnv(dataDir);

async function main() {
  console.log(`Банк практик — бенчмарк поиска: ${N} практик, данные в ${dataDir}`);
  const app = await buildApp(loadConfig(env));
  const ingestSeconds = importGenerated(app, N);
  const ingestRss = peakRss('self');

  // In-process: the search service alone, no HTTP.
  const inProcess: Record<string, ReturnType<typeof percentiles>> = {};
  for (const [kind, items] of Object.entries(MIX)) {
    const samples: number[] = [];
    for (let round = 0; round < 30; round += 1) {
      for (const item of items) {
        const query = Object.fromEntries(
          new URLSearchParams(kind === 'browse' ? item : `q=${encodeURIComponent(item)}`),
        );
        const params = {
          page: 1,
          perPage: 20,
          ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, k === 'q' ? v : v.split(',')])),
        };
        const t = performance.now();
        await app.bank.services.search.searchUncached(params as never);
        samples.push(performance.now() - t);
      }
    }
    inProcess[kind] = percentiles(samples.slice(items.length)); // the first round warms caches
  }
  await app.close();

  // HTTP: the bank as `npm start` runs it, in its own process: once with the answer cache off (the engine's own
  // latency and throughput), once with it on (the same mix as people repeat it).
  const uncached = await measureHttp({ SEARCH_CACHE_SIZE: '0' });
  const cached = await measureHttp({});
  const http = uncached.latency;
  const load = uncached.load;
  const serverRss = Math.max(uncached.peakRss, cached.peakRss);

  const targets = {
    'HTTP p95 ≤ 30 ms (1 соединение, все запросы)':
      Math.max(...['specific', 'broad', 'typos'].map((k) => http[k]!.p95)) <= 30,
    'HTTP p99 ≤ 60 ms (1 соединение)': Math.max(...Object.values(http).map((p) => p.p99)) <= 60,
    '≥ 500 поисков/с на 8 соединениях (без кэша ответов)': load.requests.average >= 500,
    'просмотр с фасетами без запроса p95 ≤ 10 ms': http.browse!.p95 <= 10,
    'импорт ≥ 2000 практик/с': N / ingestSeconds >= 2000,
    'пиковая RSS сервера ≤ 500 МБ': serverRss <= 500,
  };

  const rows = Object.keys(MIX).map((kind) => ({
    'вид запросов': kind,
    'в процессе p50': inProcess[kind]!.p50.toFixed(2),
    p95: inProcess[kind]!.p95.toFixed(2),
    p99: inProcess[kind]!.p99.toFixed(2),
    'HTTP p50': http[kind]!.p50.toFixed(2),
    'HTTP p95': http[kind]!.p95.toFixed(2),
    'HTTP p99': http[kind]!.p99.toFixed(2),
  }));
  console.table(rows);
  console.log(
    `Импорт: ${(N / ingestSeconds).toFixed(0)} практик/с (${ingestSeconds.toFixed(1)} с); пиковая RSS импорта ${ingestRss.toFixed(0)} МБ`,
  );
  console.log(
    `8 соединений без кэша ответов: ${load.requests.average.toFixed(0)} поисков/с, p50 ${load.latency.p50} мс, p99 ${load.latency.p99} мс, ошибок ${load.errors + load.non2xx}`,
  );
  console.log(
    `8 соединений с кэшем ответов: ${cached.load.requests.average.toFixed(0)} поисков/с; 1 соединение с кэшем: p95 ${Math.max(...Object.values(cached.latency).map((p) => p.p95)).toFixed(2)} мс`,
  );
  console.log(`Пиковая RSS сервера: ${serverRss.toFixed(0)} МБ`);
  for (const [target, ok] of Object.entries(targets)) console.log(`${ok ? '✓' : '✗'} ${target}`);

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    practices: N,
    ingest: { seconds: ingestSeconds, perSecond: N / ingestSeconds, peakRssMb: ingestRss },
    inProcessMs: inProcess,
    httpOneConnectionMs: http,
    httpEightConnections: {
      requestsPerSecond: load.requests.average,
      latencyMs: { p50: load.latency.p50, p99: load.latency.p99 },
      errors: load.errors,
      non2xx: load.non2xx,
    },
    withAnswerCache: { oneConnectionMs: cached.latency, eightConnectionsPerSecond: cached.load.requests.average },
    serverPeakRssMb: serverRss,
    targets,
  };
  const file = path.join(
    root,
    'bench',
    'results',
    `search-${N}-${result.date.slice(0, 19).replace(/[:T]/g, '-')}.json`,
  );
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`Результаты: ${path.relative(root, file)}`);
}

async function measureHttp(extraEnv: Record<string, string>) {
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env, ...extraEnv, PORT: String(port) },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 300; i += 1) {
      if (
        await fetch(`${base}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const latency: Record<string, ReturnType<typeof percentiles>> = {};
    for (const [kind, items] of Object.entries(MIX)) {
      const samples: number[] = [];
      for (let round = 0; round < 40; round += 1) {
        for (const item of items) {
          const t = performance.now();
          const res = await fetch(base + urlFor(kind, item));
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`${res.status} for ${urlFor(kind, item)}`);
          samples.push(performance.now() - t);
        }
      }
      latency[kind] = percentiles(samples.slice(items.length));
    }
    const all = Object.entries(MIX).flatMap(([kind, items]) => items.map((item) => urlFor(kind, item)));
    const load = await autocannon({
      url: base,
      connections: 8,
      duration: SECONDS,
      requests: all.map((p) => ({ method: 'GET', path: p })),
    });
    return { latency, load, peakRss: peakRss(server.pid!) };
  } finally {
    server.kill('SIGTERM');
  }
}

try {
  await main();
} finally {
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
}
