/**
 * npm run bench:pages [-- --n 100000 --rounds 30]
 * Builds a bank of N generated practices through the importer (as bench:search does), then checks the budgets of
 * the pages for people:
 * - the search page's server time p95 ≤ the API search's own p95 + 5 ms (same queries, answer cache off, both
 *   measured in process with `inject`, alternating, so only rendering differs);
 * - the home page with its CSS and JS ≤ 60 KB compressed;
 * - a practice page ≤ 40 KB compressed (the largest of a sample, with its own CSS and JS).
 * Prints each budget as met or not and writes JSON under bench/results/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { buildApp, type App } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { benchEnv, importGenerated } from './bank.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: process.env.BENCH_N ?? '100000' },
    rounds: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.n);
const ROUNDS = Number(values.rounds);
const root = path.resolve(import.meta.dirname, '..');
const KB = 1024;

/** The same mix bench:search uses: specific, broad and misspelt queries, and browsing by facets. */
const QUERIES = [
  'q=мнемотехника%20связная%20речь',
  'q=лэпбук',
  'q=ТРИЗ',
  'q=наставничество%20молодых%20педагогов',
  'q=дети',
  'q=развитие',
  'q=работа%20с%20родителями',
  'q=робототехнека',
  'q=сказкотерапея',
  '',
  'level=preschool',
  'level=primary&municipality=smolensk',
  'technology=triz',
  'year=2024',
  'municipality=vyazemsky&organizationType=school',
  'subject=speech&level=preschool,primary',
  'q=дети&page=3',
];

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99) };
}

async function timed(app: App, url: string, accept: string): Promise<number> {
  const t = performance.now();
  const res = await app.inject({ url, headers: { accept } });
  const ms = performance.now() - t;
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} for ${url}`);
  return ms;
}

/** Bytes on the wire of a page and of every stylesheet and script it links, as a browser asks for them. */
async function wireSize(app: App, url: string) {
  const headers = { accept: 'text/html', 'accept-encoding': 'br, gzip' };
  const page = await app.inject({ url, headers });
  if (page.statusCode !== 200) throw new Error(`${page.statusCode} for ${url}`);

  // The page arrives compressed; its links are read from the decoded text.
  const encoding = page.headers['content-encoding'];
  const html = (
    encoding === 'br'
      ? brotliDecompressSync(page.rawPayload)
      : encoding === 'gzip'
        ? gunzipSync(page.rawPayload)
        : page.rawPayload
  ).toString('utf8');
  const assets = [...html.matchAll(/<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"/g)].map((m) =>
    m[1]!.replaceAll('&amp;', '&'),
  );
  let assetBytes = 0;
  for (const asset of assets) {
    const res = await app.inject({ url: asset, headers });
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} for ${asset}`);
    assetBytes += res.rawPayload.length;
  }
  return {
    encoding: String(page.headers['content-encoding'] ?? 'нет'),
    htmlBytes: page.rawPayload.length,
    assets,
    assetBytes,
    total: page.rawPayload.length + assetBytes,
  };
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bank-bench-pages-'));
  try {
    console.log(`Банк практик — бюджеты страниц: ${N} практик, данные в ${dataDir}`);
    const app = await buildApp(
      // Every request computes its answer: the budget compares rendering, not the answer cache.
      loadConfig(benchEnv(dataDir, { SEARCH_CACHE_SIZE: '0' })),
    );
    importGenerated(app, N);

    // Warm both paths once, then alternate API and page for each query, round after round.
    for (const q of QUERIES) {
      await timed(app, `/api/v1/search?${q}`, 'application/json');
      await timed(app, `/?${q}`, 'text/html');
    }
    const api: number[] = [];
    const pageTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const q of QUERIES) {
        api.push(await timed(app, `/api/v1/search?${q}`, 'application/json'));
        pageTimes.push(await timed(app, `/?${q}`, 'text/html'));
      }
    }
    const apiP = percentiles(api);
    const pageP = percentiles(pageTimes);

    // Practice pages: a sample across the bank, timed and weighed; the largest sets the budget.
    const numbers = (
      app.bank.db.$client
        .prepare(
          `SELECT registry_number AS n FROM practices WHERE registry_number IS NOT NULL
           ORDER BY id LIMIT 40 OFFSET ?`,
        )
        .all(Math.floor(N / 3)) as { n: string }[]
    ).map((r) => r.n);
    const practiceTimes: number[] = [];
    let largest = { url: '', size: await wireSize(app, '/') };
    largest.size.total = 0;
    for (const n of numbers) {
      const url = `/practices/${n}`;
      practiceTimes.push(await timed(app, url, 'text/html'));
      const size = await wireSize(app, url);
      if (size.total > largest.size.total) largest = { url, size };
    }
    const practiceP = percentiles(practiceTimes);
    const home = await wireSize(app, '/');
    await app.close();

    const budgets = {
      [`страница поиска p95 ${pageP.p95.toFixed(2)} мс ≤ API p95 ${apiP.p95.toFixed(2)} мс + 5 мс`]:
        pageP.p95 <= apiP.p95 + 5,
      [`главная с CSS и JS ${(home.total / KB).toFixed(1)} КБ сжатой ≤ 60 КБ`]: home.total <= 60 * KB,
      [`страница практики с CSS и JS ${(largest.size.total / KB).toFixed(1)} КБ сжатой ≤ 40 КБ`]:
        largest.size.total <= 40 * KB,
    };
    console.table({
      'API поиска': { p50: apiP.p50.toFixed(2), p95: apiP.p95.toFixed(2), p99: apiP.p99.toFixed(2), n: apiP.n },
      'страница поиска': {
        p50: pageP.p50.toFixed(2),
        p95: pageP.p95.toFixed(2),
        p99: pageP.p99.toFixed(2),
        n: pageP.n,
      },
      'страница практики': {
        p50: practiceP.p50.toFixed(2),
        p95: practiceP.p95.toFixed(2),
        p99: practiceP.p99.toFixed(2),
        n: practiceP.n,
      },
    });
    console.log(
      `Главная: HTML ${(home.htmlBytes / KB).toFixed(1)} КБ (сжатие: ${home.encoding}) + CSS и JS ${(home.assetBytes / KB).toFixed(1)} КБ (${home.assets.length} файлов)`,
    );
    console.log(
      `Самая большая страница практики из ${numbers.length} (${largest.url}): HTML ${(largest.size.htmlBytes / KB).toFixed(1)} КБ (сжатие: ${largest.size.encoding}) + CSS и JS ${(largest.size.assetBytes / KB).toFixed(1)} КБ`,
    );
    for (const [budget, met] of Object.entries(budgets))
      console.log(`${met ? '✓ выполнен' : '✗ не выполнен'}: ${budget}`);

    const result = {
      date: new Date().toISOString(),
      node: process.version,
      practices: N,
      serverMs: { apiSearch: apiP, searchPage: pageP, practicePage: practiceP },
      home,
      largestPracticePage: largest,
      budgets,
    };
    const file = path.join(
      root,
      'bench',
      'results',
      `pages-${N}-${result.date.slice(0, 19).replace(/[:T]/g, '-')}.json`,
    );
    writeFileSync(file, JSON.stringify(result, null, 2));
    console.log(`Результаты: ${path.relative(root, file)}`);
    if (Object.values(budgets).some((met) => !met)) process.exitCode = 1;
  } finally {
    if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
