/**
 * What the embedded engine does differently once a bank is large (100,000 practices), reached here with a few
 * practices by lowering the engine's threshold of a broad match set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../search/analysis/query.js';
import { EmbeddedEngine } from '../../search/embedded/engine.js';
import { typedWords } from '../../search/embedded/ranking.js';
import { openDatabase, writeTransaction, type Db } from '../../server/db/client.js';
import { SEARCH_FACETS, sqliteHost } from '../../server/search-api/engine.js';
import { DOCUMENTS, synonyms } from './contract.js';

const QUESTION = 'шахматы в начальной школе для второго класса';

describe('embedded engine at scale: a widened question ranked by tiers', () => {
  let db: Db;
  let small: EmbeddedEngine;
  let large: EmbeddedEngine;
  const search = (engine: EmbeddedEngine, offset: number, limit: number) =>
    engine.search({ plan: parseQuery(QUESTION, synonyms), filters: {}, sort: 'relevance', offset, limit });

  beforeAll(async () => {
    db = openDatabase(':memory:');
    // Two engines over one index: the default one scores every match, the other takes the path of a large bank.
    small = new EmbeddedEngine(sqliteHost(db), SEARCH_FACETS);
    large = new EmbeddedEngine(sqliteHost(db), SEARCH_FACETS, { broadMatches: 2 });
    await small.start();
    writeTransaction(db, (tx) => DOCUMENTS.forEach((d) => small.index(tx, d)));
    await large.start();
  });
  afterAll(() => db.$client.close());

  it('lists the practice holding every word first, and the same matches as scoring them all', async () => {
    const everything = await search(small, 0, 100);
    const tiered = await search(large, 0, 100);
    expect(tiered.relaxed).toBe(true);
    expect(tiered.total).toBe(everything.total);
    expect(tiered.ids[0]).toBe(7);
    expect([...tiered.ids].sort()).toEqual([...everything.ids].sort());
    expect(tiered.facets).toEqual(everything.facets);
  });

  it('pages through the tiers without repeating or losing a practice', async () => {
    const whole = (await search(large, 0, 100)).ids;
    const pages: number[] = [];
    for (let offset = 0; offset < whole.length; offset += 2) pages.push(...(await search(large, offset, 2)).ids);
    expect(pages).toEqual(whole);
  });
});

describe('the words as typed, which a large bank scores instead of every synonym', () => {
  it('takes the alternative spelling what was typed, not the synonym group’s first member', () => {
    const plan = parseQuery('младшие школьники финансы', synonyms);
    const group = plan.groups[0]!;
    expect(group.alternatives.length).toBeGreaterThan(1);
    expect(group.alternatives[0]!.stems.join(' ')).not.toBe('младш школьник');
    expect(typedWords(plan).groups.map((g) => g.alternatives.map((a) => a.stems.join(' ')))).toEqual([
      ['младш школьник'],
      [plan.groups[1]!.alternatives[0]!.stems.join(' ')],
    ]);
  });
});
