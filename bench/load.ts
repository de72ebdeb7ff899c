/**
 * npm run bench:load [-- --n 2000 --duration 20 --connections 16]
 * Mixed reads under a concurrent writer: the bank runs as a child process (as `npm start`) over a seeded bank of N
 * generated practices (bench/seed.ts); autocannon sends the API search, the search page, practice pages and the
 * API list of practices in turn, while one writer creates and edits drafts through the API. Prints throughput,
 * latency p50/p99, errors, non-2xx answers and how often the database was busy (503 SERVICE_UNAVAILABLE is how
 * the bank answers SQLITE_BUSY), for the readers and for the writer.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { benchEnv } from './bank.js';
import { seededBank } from './seed.js';
import { startServerProcess } from './server-process.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '16' },
  },
});
const N = Number(values.n);

/** Written as a person types them; encoded once when sent. */
const SEARCHES = ['q=ТРИЗ', 'q=дети', 'q=мнемотехника связная речь', 'level=preschool', 'q=робототехнека', ''];

/** Registry numbers of some practices of the seeded bank, for their pages. */
function someNumbers(dataDir: string): string[] {
  const db = new Database(path.join(dataDir, 'bank.db'), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT registry_number AS n FROM practices WHERE registry_number IS NOT NULL ORDER BY id LIMIT 50')
      .all() as { n: string }[];
    return rows.map((r) => r.n);
  } finally {
    db.close();
  }
}

interface WriterFigures {
  writes: number;
  busy: number;
  errors: number;
  latencies: number[];
}

/** Creates a draft and edits it, again and again, until `stop` says so. */
async function writer(base: string, stop: () => boolean): Promise<WriterFigures> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@bank.test', password: 'bench-password-123' }),
  });
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.includes('pb_session='))!
    .split(';')[0]!;
  const auth = { cookie, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
  const figures: WriterFigures = { writes: 0, busy: 0, errors: 0, latencies: [] };
  let draft: { id: number; etag: string } | undefined;
  for (let i = 0; !stop(); i += 1) {
    const t = performance.now();
    const res = draft
      ? await fetch(`${base}/api/v1/practices/${draft.id}`, {
          method: 'PATCH',
          headers: { ...auth, 'content-type': 'application/json', 'if-match': draft.etag },
          body: JSON.stringify({ summary: `Правка ${i}: ${'текст '.repeat(50)}` }),
        })
      : await fetch(`${base}/api/v1/practices`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ title: `Нагрузочная практика ${i}`, keywords: ['нагрузка'] }),
        });
    figures.latencies.push(performance.now() - t);
    const body = (await res.json()) as { id: number; code?: string };
    if (res.status === 503) figures.busy += 1;
    else if (res.status >= 400) figures.errors += 1;
    else {
      figures.writes += 1;
      // Ten edits to a draft, then a new one: the index and the history grow as people's work does.
      draft = i % 10 === 9 ? undefined : { id: body.id, etag: res.headers.get('etag')! };
    }
  }
  return figures;
}

const at = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

async function main() {
  console.log(
    `Банк практик — смешанная нагрузка: ${N} практик, ${values.connections} соединений, ${values.duration} с`,
  );
  const bank = await seededBank(N);
  const { server, base } = await startServerProcess(benchEnv(bank.dataDir, { LOGIN_RATE_LIMIT: '10000' }));
  try {
    const numbers = someNumbers(bank.dataDir);
    const paths = [
      ...SEARCHES.map((q) => `/api/v1/search?${q}`),
      ...SEARCHES.slice(0, 3).map((q) => `/?${q}`),
      ...numbers.slice(0, 10).map((n) => `/practices/${n}`),
      '/api/v1/practices?page=1',
      '/api/v1/practices?page=7',
    ];
    let readerBusy = 0;
    let done = false;
    const writing = writer(base, () => done);
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: base,
          connections: Number(values.connections),
          duration: Number(values.duration),
          requests: paths.map((p) => ({ method: 'GET', path: encodeURI(p), headers: { accept: 'text/html' } })),
        },
        (error, finished) => (error ? reject(error) : resolve(finished)),
      );
      instance.on('response', (_client, status) => {
        if (status === 503) readerBusy += 1;
      });
    });
    done = true;
    const w = await writing;
    const wl = [...w.latencies].sort((a, b) => a - b);
    console.log(`Чтение: ${result.requests.average.toFixed(0)} запросов/с (всего ${result.requests.total})`);
    console.log(`  задержка: p50 ${result.latency.p50} мс, p99 ${result.latency.p99} мс, max ${result.latency.max} мс`);
    console.log(`  ошибки соединения: ${result.errors}, тайм-ауты: ${result.timeouts}, не 2xx: ${result.non2xx}`);
    const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => `${code}: ${s.count ?? 0}`);
    console.log(`  ответы по кодам: ${statuses.join(', ')}`);
    console.log(`  SQLITE_BUSY (503): ${readerBusy}`);
    console.log(`Запись: ${w.writes} подтверждённых, ошибок ${w.errors}, SQLITE_BUSY (503): ${w.busy}`);
    console.log(`  задержка: p50 ${at(wl, 0.5).toFixed(1)} мс, p99 ${at(wl, 0.99).toFixed(1)} мс`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(bank.dataDir, { recursive: true, force: true });
  }
}

await main();
