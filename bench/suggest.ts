/**
 * npm run bench:suggest [-- --n 100000] [--bank FILE]
 * At N generated practices (the seed's cached bank, or a copy of FILE: a bank built earlier by `bench/seed.ts`;
 * `--db` is the older name of `--bank`). Times are given on the clock and in CPU time (`process.cpuUsage`): on a
 * shared machine the clock counts the wait for a core too.
 * 1. suggestions as you type (issue 14.3): time to build the prefix tables, their memory, and the latency of
 *    `suggest` in process and through the HTTP route (in-process inject) over prefixes typed from real titles,
 *    terms, organisations and the other keyboard layout. Target: p95 ≤ 10 ms;
 * 2. names and numbers (issue 14.2): every registry number asked for in seven spellings returns its practice first;
 *    after adding a lyceum and a kindergarten with a name (and practices elsewhere told «от лица» in a «3» class),
 *    «Лицей № 3» and «детский сад № 12 «Радуга»» put their practices first, and a number is a whole token.
 * Prints what was measured and checked, and which target was met.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, type App } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import type { SearchQuery } from '../server/search-api/schemas.js';
import { benchEnv } from './bank.js';
import { seededBank } from './seed.js';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '100000' }, bank: { type: 'string' }, db: { type: 'string' } },
});
const bankFile = values.bank ?? values.db;
const N = Number(values.n);
const TARGET_P95_MS = 10;

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1)! };
}
const ms = (v: number) => `${v.toFixed(2)} мс`;
const line = (p: ReturnType<typeof percentiles>) =>
  `p50 ${ms(p.p50)}, p95 ${ms(p.p95)}, p99 ${ms(p.p99)}, max ${ms(p.max)} (${p.n} запросов)`;

/** Prefixes a person types: the starts of words of sampled titles, fixed ones, and the wrong layout. */
function prefixesOf(app: App): string[] {
  const titles = app.bank.db.$client
    .prepare('SELECT title FROM practice_versions WHERE rowid % 500 = 7 LIMIT 200')
    .pluck()
    .all() as string[];
  const typed = titles.flatMap((title, i) => {
    const words = title.split(/\s+/).filter((w) => w.length >= 4);
    const word = words[i % words.length]!.replace(/[«»()]/g, '');
    return [
      word.slice(0, 2 + (i % 5)),
      `${words
        .slice(0, 2)
        .join(' ')
        .slice(0, 12 + (i % 6))}`,
    ];
  });
  const fixed = ['ра', 'ис', 'про', 'дет', 'детский сад № 1', 'мнемо', 'работа с род', 'тёмк', 'смол', 'колледж'];
  const layout = ['nhbp', 'vytvj', 'hj,jn', 'ghbdtn', 'rdtcn'];
  return [...typed, ...fixed, ...layout];
}

/** CPU time this process has used so far, ms (user and system). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs `work`, adding its clock and CPU time to the samples. */
function sample<T>(clock: number[], cpu: number[], work: () => T): T {
  const startedCpu = cpuMs();
  const started = performance.now();
  const result = work();
  clock.push(performance.now() - started);
  cpu.push(cpuMs() - startedCpu);
  return result;
}

async function measureSuggest(app: App): Promise<boolean> {
  const { suggestions } = app.bank.services;
  const prefixes = prefixesOf(app);
  const rssBefore = process.memoryUsage().rss;
  // The first lookups after a start: before the tables are ready, they must not wait for them.
  const firstClock: number[] = [];
  const firstCpu: number[] = [];
  for (const q of ['ра', 'мнемо', 'смол']) sample(firstClock, firstCpu, () => suggestions.suggest(q));
  console.log(`  первые запросы после запуска: ${firstClock.map(ms).join(', ')} (ЦП ${firstCpu.map(ms).join(', ')})`);
  const buildCpuStart = cpuMs();
  const buildStart = performance.now();
  await suggestions.warm(); // the tables ready (built now, or the start's background build finished)
  console.log(`  построение таблиц: ${ms(performance.now() - buildStart)} (ЦП ${ms(cpuMs() - buildCpuStart)})`);
  console.log(`  память процесса: +${((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(0)} МБ`);
  const inProcess: number[] = [];
  const inProcessCpu: number[] = [];
  const http: number[] = [];
  const httpCpu: number[] = [];
  let answered = 0;
  for (let round = 0; round < 3; round += 1)
    for (const q of prefixes) {
      const items = sample(inProcess, inProcessCpu, () => suggestions.suggest(q));
      if (round === 0 && items.length > 0) answered += 1;
      const startedCpu = cpuMs();
      const started = performance.now();
      const res = await app.inject({ url: `/api/v1/suggest?q=${encodeURIComponent(q)}` });
      http.push(performance.now() - started);
      httpCpu.push(cpuMs() - startedCpu);
      if (res.statusCode !== 200) throw new Error(`suggest answered ${res.statusCode}: ${res.body}`);
    }
  const service = percentiles(inProcess);
  const serviceCpu = percentiles(inProcessCpu);
  const route = percentiles(http);
  const routeCpu = percentiles(httpCpu);
  console.log(`  с подсказками: ${answered} из ${prefixes.length} префиксов`);
  console.log(`  suggest() в процессе, часы: ${line(service)}`);
  console.log(`  suggest() в процессе, ЦП:   ${line(serviceCpu)}`);
  console.log(`  GET /api/v1/suggest (inject), часы: ${line(route)}`);
  console.log(`  GET /api/v1/suggest (inject), ЦП:   ${line(routeCpu)}`);
  for (const q of ['мнемо', 'nhbp', 'детский сад № 1'])
    console.log(
      `    «${q}» → ${suggestions
        .suggest(q)
        .map((i) => `${i.label} [${i.hint}]`)
        .join(' | ')}`,
    );

  // A publication reaches the suggestions at once, without building the tables again.
  const report = app.bank.services.importer.importRecords([record('Кинезиологические сказки для дошкольников')]);
  if (report.created !== 1) throw new Error(JSON.stringify(report.records[0]));
  const started = performance.now();
  const found = suggestions.suggest('кинезиологические').some((i) => i.label.startsWith('Кинезиологические'));
  console.log(`  после публикации: найдена ${found ? 'да' : 'НЕТ'}, первый запрос ${ms(performance.now() - started)}`);
  const cpuMet = routeCpu.p95 <= TARGET_P95_MS && serviceCpu.p95 <= TARGET_P95_MS;
  const clockMet = route.p95 <= TARGET_P95_MS && service.p95 <= TARGET_P95_MS;
  const met = cpuMet && found;
  console.log(
    `  цель p95 ≤ ${TARGET_P95_MS} мс: ${met ? 'выполнена' : 'НЕ выполнена'} по ЦП; ` +
      `по часам ${clockMet ? 'тоже' : 'нет (часы считают и ожидание ядра)'}`,
  );
  return met;
}

let made = 0;
/** A complete record for the importer, of `organization` (by default one of the generated ones). */
function record(title: string, organization = 'МБОУ «Средняя школа № 5» (Рославль)', body = 'Описание практики.') {
  made += 1;
  return {
    title,
    summary: body,
    relevance: body,
    goals: 'Цель практики.',
    content: body,
    results: 'Результаты.',
    replication: 'Условия.',
    levels: ['basic'],
    subjects: ['literature'],
    technologies: ['storytelling'],
    directions: ['learning'],
    keywords: [],
    organization,
    municipality: organization.includes('Рославль') ? 'Рославльский район' : 'город Смоленск',
    authors: [{ fullName: 'Иванова Анна Петровна', position: 'учитель' }],
    startedYear: 2022,
    publishedAt: `2025-0${1 + (made % 9)}-15`,
  };
}

async function checkNamesAndNumbers(app: App): Promise<boolean> {
  const { search } = app.bank.services;
  const ask = (q: string) => search.searchUncached({ q, page: 1, perPage: 20 } as SearchQuery);
  const failures: string[] = [];
  const numbers = app.bank.db.$client
    .prepare('SELECT registry_number FROM practices WHERE registry_number IS NOT NULL AND id % 4999 = 3')
    .pluck()
    .all() as string[];
  let asked = 0;
  const times: number[] = [];
  for (const number of numbers)
    for (const q of [
      number,
      `  ${number} `,
      `№ ${number}`,
      `№${number}`,
      `${number}/v1`,
      `${number} V1`,
      `${number}/в1`,
    ]) {
      asked += 1;
      const started = performance.now();
      const result = await ask(q);
      times.push(performance.now() - started);
      if (result.hits[0]?.registryNumber !== number) failures.push(`«${q}» → ${result.hits[0]?.registryNumber}`);
    }
  console.log(
    `  номера реестра: ${asked - failures.length} из ${asked} — своя практика первой; ${line(percentiles(times))}`,
  );

  const lyceum = 'МБОУ «Лицей № 3»';
  const raduga = 'МБДОУ «Детский сад № 12 «Радуга»»';
  const added = app.bank.services.importer.importRecords([
    record('Олимпиадный клуб программирования', lyceum),
    record('Перевёрнутый класс на уроках биологии', lyceum),
    record('Театральная студия для лицеистов', lyceum),
    record('Играем в магазин: финансовая грамотность', raduga),
    record('Песочная терапия в группе раннего возраста', raduga),
    record('История от лица предмета', undefined, 'Ученики 3 класса рассказывают от лица предмета.'),
    record('Рассказ от лица героя', undefined, 'Пересказ от лица второстепенного героя в 3 классе лицея.'),
  ]);
  if (added.created !== 7) throw new Error(JSON.stringify(added.records.find((r) => r.status !== 'created')));
  const orgOf = (hit: { organization: { name: string } | null }) => hit.organization?.name ?? '';
  const expectFirst = async (q: string, count: number, name: string) => {
    const result = await ask(q);
    const first = result.hits.slice(0, count).map(orgOf);
    const ok = first.length === count && first.every((n) => n === name);
    console.log(
      `  «${q}»: первые ${count} — ${ok ? 'её практики' : `НЕТ: ${first.join(' | ')}`} (всего ${result.total})`,
    );
    if (!ok) failures.push(q);
  };
  await expectFirst('Лицей № 3', 3, lyceum);
  await expectFirst('лицей 3', 3, lyceum);
  await expectFirst('МБОУ «Лицей № 3»', 3, lyceum);
  await expectFirst('детский сад № 12 «Радуга»', 2, raduga);
  await expectFirst('Радуга 12', 2, raduga);
  const twelve = await ask('детский сад № 12');
  const whole = twelve.hits.every((hit) => /№ 12[»\s]/.test(orgOf(hit)));
  console.log(
    `  «детский сад № 12»: ${twelve.total} практик, первые 20 — ${whole ? 'все из садов № 12' : 'НЕ только № 12'}`,
  );
  if (!whole) failures.push('детский сад № 12');
  const face = await ask('от лица');
  const stems = face.hits.slice(0, 2).every((hit) => orgOf(hit) !== lyceum);
  console.log(`  «от лица»: первые — ${stems ? 'тексты «от лица», не лицей' : 'НЕТ: лицей'}`);
  if (!stems) failures.push('от лица');
  for (const f of failures.slice(0, 10)) console.log(`    ✗ ${f}`);
  return failures.length === 0;
}

const dataDir = bankFile ? mkdtempSync(path.join(tmpdir(), 'bank-suggest-')) : (await seededBank(N)).dataDir;
try {
  if (bankFile) copyFileSync(bankFile, path.join(dataDir, 'bank.db'));
  const app = await buildApp(loadConfig(benchEnv(dataDir, { SEARCH_CACHE_SIZE: '0' })));
  try {
    const practices = app.bank.db.$client.prepare('SELECT count(*) FROM practices').pluck().get() as number;
    console.log(`Подсказки, имена и номера на ${practices} практиках (Node ${process.version})`);
    console.log('Подсказки при наборе (14.3):');
    const suggestMet = await measureSuggest(app);
    console.log('Имена и номера (14.2):');
    const namesMet = await checkNamesAndNumbers(app);
    console.log(
      `Итог: подсказки — ${suggestMet ? 'цель выполнена' : 'НЕТ'}; имена и номера — ${namesMet ? 'все проверки прошли' : 'есть провалы'}`,
    );
  } finally {
    await app.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
