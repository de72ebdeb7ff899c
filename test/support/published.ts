/** Published practices for the outputs' tests: imported straight into the published state, withdrawn as moderators do. */
import { eq } from 'drizzle-orm';
import type { App } from '../../server/app.js';
import { practices } from '../../server/db/schema.js';
import { call, signUp } from '../helper.js';

let made = 0;

/** Imports one published practice and returns its registry number and id. */
export function importPractice(app: App, overrides: Record<string, unknown> = {}): { number: string; id: number } {
  made += 1;
  const report = app.bank.services.importer.importRecords([
    {
      title: `Шахматный всеобуч в начальной школе ${made}`,
      summary: 'Шахматы на уроках и во **внеурочной** деятельности.',
      relevance: 'Развитие логического мышления.',
      goals: 'Цель — логика.',
      content: 'Уроки шахмат раз в неделю.',
      results: 'Рост результатов.',
      replication: 'Нужны шахматные доски.',
      levels: ['primary'],
      subjects: ['mathematics'],
      technologies: ['chess'],
      directions: ['learning'],
      keywords: ['шахматы', 'логика'],
      organization: 'МБОУ «СШ № 7» г. Рославля',
      municipality: 'Рославльский район',
      authors: [
        { fullName: 'Орлова Наталья Викторовна', position: 'учитель' },
        { fullName: 'Петров Иван Сергеевич', position: 'учитель физической культуры' },
      ],
      startedYear: 2020,
      publishedAt: '2024-09-01',
      ...overrides,
    },
  ]);
  const number = report.records[0]?.registryNumber;
  if (!number) throw new Error(JSON.stringify(report));
  const id = app.bank.db.select().from(practices).where(eq(practices.registryNumber, number)).get()!.id;
  return { number, id };
}

/** Withdraws a published practice as a moderator does, with a reason. */
export async function withdraw(app: App, id: number): Promise<void> {
  const moderator = await signUp(app, { roles: ['moderator'] });
  const read = await call(app, moderator, 'GET', `/api/v1/practices/${id}`);
  const done = await call(
    app,
    moderator,
    'POST',
    `/api/v1/practices/${id}/transitions`,
    { action: 'withdraw', comment: 'Авторы нашли ошибку в расчётах' },
    { 'if-match': read.headers.etag as string },
  );
  if (done.statusCode !== 200) throw new Error(`withdraw failed: ${done.statusCode} ${done.body}`);
}

/** The registry numbers of a search through the API, in order, every page of it. */
export async function searchNumbers(app: App, query: string): Promise<{ total: number; numbers: string[] }> {
  const numbers: string[] = [];
  let total = 0;
  for (let page = 1; ; page += 1) {
    const res = await app.inject({ url: `/api/v1/search?${query}&perPage=100&page=${page}` });
    if (res.statusCode !== 200) throw new Error(`search failed: ${res.statusCode} ${res.body}`);
    const body = res.json() as { total: number; hits: { registryNumber: string }[] };
    total = body.total;
    numbers.push(...body.hits.map((h) => h.registryNumber));
    if (numbers.length >= total || body.hits.length === 0) return { total, numbers };
  }
}
