/**
 * `GET /api/v1/search` and the search page answered by the worker pool (SEARCH_WORKERS) over a bank on disk: the
 * same answers as the main thread gives, and every write the main thread commits seen by the very next search.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/history/admin.js';
import type { SearchQuery } from '../../server/search-api/schemas.js';
import { publishedPractice } from '../adoptions/fixtures.js';
import { buildApp, type App } from '../../server/app.js';
import { EmbeddedEngine } from '../../search/embedded/engine.js';
import { openDatabase, writeTransaction } from '../../server/db/client.js';
import { SEARCH_FACETS, sqliteHost } from '../../server/search-api/engine.js';
import { DOCUMENTS } from '../search/contract.js';
import { call, signUp, tempDir, testConfig, type Client } from '../helper.js';
import { act } from '../moderation/fixtures.js';

describe('searches answered by the worker pool', () => {
  const data = tempDir('bank-pool-');
  let bank: App | undefined;
  const app = () => bank!;
  const pool = () => app().bank.services.searchPool!;
  let sent: ReturnType<typeof vi.spyOn>;
  // The demo catalogue, then two threads each loading the whole search side (through tsx from the sources): far
  // longer than a hook's default at a load of 20.
  beforeAll(async () => {
    const env = { DATA_DIR: data.dir, DEMO_DATA: 'true', SEARCH_WORKERS: '2', SEARCH_CACHE_SIZE: '0' };
    bank = await buildApp(testConfig(env, { databasePath: path.join(data.dir, 'bank.db') }));
    await bank.ready();
    await pool().whenReady();
    sent = vi.spyOn(pool(), 'search');
  }, 180_000);
  afterAll(async () => {
    await bank?.close();
    data.remove();
  });
  const search = async (params: Record<string, string>) =>
    call(app(), null, 'GET', `/api/v1/search?${new URLSearchParams(params).toString()}`);
  const titles = async (q: string) => ((await search({ q })).json().hits as { title: string }[]).map((h) => h.title);
  /** Searches the pool answered (each resolved by a worker, never by the main thread's fallback). */
  const answeredByWorkers = async (work: () => Promise<unknown>) => {
    const before = sent.mock.results.length;
    await work();
    return sent.mock.results.slice(before).length;
  };

  it('answers on two worker threads exactly what the main thread answers', async () => {
    expect(pool().size).toBe(2);
    const queries: Record<string, string>[] = [
      { q: 'ТРИЗ' },
      { q: 'развитие речи', level: 'preschool' },
      { q: 'ьуьщеучтшсф' }, // «мнемотехника» typed in the Latin layout
      { sort: 'newest', page: '2', perPage: '5' },
      { q: 'технология', technology: 'triz,robotics' },
    ];
    for (const params of queries) {
      let res: Awaited<ReturnType<typeof search>> | undefined;
      expect(await answeredByWorkers(async () => (res = await search(params)))).toBe(1);
      expect(res!.statusCode).toBe(200);
      const query = app().bank.services.search;
      const parsed = Object.fromEntries(
        Object.entries({ page: '1', perPage: '20', ...params }).map(([k, v]) =>
          ['page', 'perPage'].includes(k) ? [k, Number(v)] : ['q', 'sort'].includes(k) ? [k, v] : [k, v.split(',')],
        ),
      ) as SearchQuery;
      expect(res!.json()).toEqual(await query.searchUncached(parsed));
    }
  });

  it('answers a bad filter from a worker with the same 400 and field details', async () => {
    const res = await search({ q: 'ТРИЗ', level: 'university' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      details: [{ field: 'level.0', message: 'Неизвестный код «university»' }],
    });
  });

  it('finds a practice published through the API at the very next search, and not once it is withdrawn', async () => {
    const title = 'Квазипедагогика зазеркальных прогулок';
    expect(await titles('квазипедагогика')).toEqual([]);
    const { id, moderator } = await publishedPractice(app(), title);
    expect(await titles('квазипедагогика')).toEqual([title]);
    const withdrawn = await act(app(), moderator, id, 'withdraw', 'Дублирует другую практику');
    expect(withdrawn.statusCode).toBe(200);
    expect(await titles('квазипедагогика')).toEqual([]);
  });

  it('applies an edit of the situational thesaurus and a new synonym at the very next search', async () => {
    const title = 'Гиперборейская медиация конфликтов на переменах';
    await publishedPractice(app(), title);
    expect(await titles('грызутся на подоконниках')).not.toContain(title);
    await app().bank.services.situationAdmin.add(SYSTEM_ACTOR, {
      area: 'behaviour',
      phrases: ['грызутся на подоконниках'],
      concepts: ['гиперборейская медиация'],
    });
    expect(await titles('грызутся на подоконниках')).toContain(title);

    const admin: Client = await signUp(app(), { roles: ['admin'] });
    expect((await search({ q: 'киберконструктор' })).json().total).toBe(0);
    const added = await call(app(), admin, 'POST', '/api/v1/admin/vocabularies/technologies/terms/robotics/synonyms', {
      synonym: 'Киберконструктор',
    });
    expect(added.statusCode).toBe(200);
    const found = (await search({ q: 'киберконструктор' })).json();
    expect(found.total).toBeGreaterThan(0);
    expect(found.hits.some((h: { technologies: string[] }) => h.technologies.includes('robotics'))).toBe(true);
    // What the main thread's own synonyms, rebuilt by the edit, answer.
    const inThread = await app().bank.services.search.searchUncached({ q: 'киберконструктор', page: 1, perPage: 20 });
    expect(found).toEqual(inThread);
  });

  it('follows what another process writes to the bank: the main thread notices it and the workers reload', async () => {
    // Another connection to the same file stands for `npm run import` or `npm run reindex` beside the running bank.
    const other = openDatabase(path.join(data.dir, 'bank.db'));
    const engine = new EmbeddedEngine(sqliteHost(other), SEARCH_FACETS);
    await engine.start();
    const doc = { ...DOCUMENTS[0]!, id: 900_001, title: 'Ультрамариновая дидактика соседнего процесса' };
    expect((await search({ q: 'ультрамариновая' })).json().total).toBe(0);
    writeTransaction(other, (tx) => engine.index(tx, doc));
    expect((await search({ q: 'ультрамариновая' })).json().total).toBe(1);
    writeTransaction(other, (tx) => engine.remove(tx, doc.id));
    expect((await search({ q: 'ультрамариновая' })).json().total).toBe(0);
    other.$client.close();
  });

  it('serves the search page through the pool too', async () => {
    let page: Awaited<ReturnType<typeof call>> | undefined;
    expect(await answeredByWorkers(async () => (page = await call(app(), null, 'GET', '/?q=ТРИЗ')))).toBe(1);
    expect(page!.statusCode).toBe(200);
    expect(page!.body).toContain('<mark>ТРИЗ</mark>');
  });
});
