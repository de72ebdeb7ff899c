/** The rule both engines share for widening a query, and the conversational filler a query drops. */
import { describe, expect, it } from 'vitest';
import { informativeWords, withoutFiller } from '../../search/analysis/fillers.js';
import { parseQuery, type QueryPlan } from '../../search/analysis/query.js';
import {
  carriedShare,
  groupDocs,
  groupWeights,
  heldWeights,
  mayRelax,
  rarity,
  RELAX_SHARE,
} from '../../search/analysis/relax.js';
import { SynonymIndex } from '../../search/analysis/synonyms.js';
import { relaxFromResults, relaxQueries } from '../../search/meilisearch/relax.js';
import { withSituations } from '../../search/meilisearch/settings.js';

const synonyms = new SynonymIndex([['ДОУ', 'детский сад']]);
const plan = (q: string): QueryPlan => parseQuery(`${q} `, synonyms);

describe('informative weight', () => {
  it('weighs a rare word above a common one, and a word no practice holds most', () => {
    expect(rarity(0, 1000)).toBeGreaterThan(rarity(3, 1000));
    expect(rarity(3, 1000)).toBeGreaterThan(rarity(400, 1000));
    expect(rarity(1000, 1000)).toBeGreaterThan(0);
  });

  it('counts a group by its typed words, a phrase by its rarest word, never by an expansion', () => {
    const docs: Record<string, number> = { детск: 500, сад: 300, доу: 20, агрессивн: 2 };
    const group = plan('ДОУ').groups[0]!;
    expect(groupDocs(group, (s) => docs[s] ?? 0)).toBe(300);
    const expanded = {
      ...group,
      alternatives: [...group.alternatives, { stems: ['агрессивн'], prefix: false, expansion: 'situation' as const }],
    };
    expect(groupDocs(expanded, (s) => (s === 'агрессивн' ? 900 : (docs[s] ?? 0)))).toBe(300);
  });
});

describe('whether a query may be widened', () => {
  // «расписание электричек до Вязьмы» in a bank of 66: «Вязьма» is in two practices, the rest in none.
  const query = plan('расписание электричек до Вязьмы');
  const weights = groupWeights(query, (s) => (s === 'вязьм' ? 2 : 0), 66);

  it('answers nothing when the widened matches share only a small part of the query’s weight', () => {
    const holdsVyazma = heldWeights(query, (g) => query.groups[g]!.words[0] === 'вязьмы');
    expect(carriedShare(weights, holdsVyazma)).toBeLessThan(RELAX_SHARE);
    expect(mayRelax(weights, [holdsVyazma, holdsVyazma])).toBe(false);
  });

  it('widens when one of the best matches holds most of the weight', () => {
    const holdsTwo = heldWeights(query, (g) => g > 0);
    expect(mayRelax(weights, [query.groups.map(() => 0), holdsTwo])).toBe(true);
  });

  it('counts a group held only through an expansion at a lower weight than a typed word', () => {
    const group = plan('дерется').groups[0]!;
    const expanded: QueryPlan = {
      groups: [
        {
          ...group,
          alternatives: [...group.alternatives, { stems: ['агрессивн'], prefix: false, expansion: 'situation' }],
        },
      ],
    };
    const throughConcept = heldWeights(expanded, (_, kind) => kind === 'situation')[0]!;
    expect(throughConcept).toBeGreaterThan(0);
    expect(throughConcept).toBeLessThan(heldWeights(expanded, (_, kind) => kind === undefined)[0]!);
  });

  it('asks Meilisearch the same question in one multi-search and applies the same rule to its answers', () => {
    const queries = relaxQueries(query, 'practices', [7, 9]);
    expect(queries).toHaveLength(1 + 2 * query.groups.length);
    expect(queries.at(-1)).toMatchObject({ q: 'вязьм', filter: 'id IN [7, 9]', matchingStrategy: 'all' });
    const counts = [66, 0, 0, 2].map((totalHits) => ({ totalHits, hits: [] }));
    const onlyVyazma = [[], [], [{ id: 7 }]].map((hits) => ({ totalHits: hits.length, hits }));
    expect(relaxFromResults(query, [7, 9], [...counts, ...onlyVyazma] as never)).toBe(false);
    const most = [[{ id: 9 }], [{ id: 9 }], [{ id: 7 }]].map((hits) => ({ totalHits: hits.length, hits }));
    expect(relaxFromResults(query, [7, 9], [...counts, ...most] as never)).toBe(true);
  });

  it('sends the thesaurus to Meilisearch one way: a phrase gains its concepts, a concept gains nothing', () => {
    const merged = withSituations({ 'детск сад': ['доу'], доу: ['детск сад'] }, { дерет: ['агрессивн поведен'] });
    expect(merged).toEqual({ 'детск сад': ['доу'], доу: ['детск сад'], дерет: ['агрессивн поведен'] });
  });
});

describe('conversational filler', () => {
  it('drops filler and «что делать», keeps the words that say what about', () => {
    expect(withoutFiller(['ребенок', 'вечно', 'дерется', 'что', 'делать', 'помогите'])).toEqual([
      'ребенок',
      'дерется',
      'что',
    ]);
    expect(informativeWords(['как', 'все', 'таки', 'прямо', 'научить', 'читать'])).toEqual(['научить', 'читать']);
    expect(withoutFiller(['делать', 'поделки'])).toEqual(['делать', 'поделки']);
  });

  it('keeps a query of filler alone as typed, and filler inside quotes', () => {
    expect(informativeWords(['очень', 'просто'])).toEqual(['очень', 'просто']);
    expect(parseQuery('«очень просто» шахматы', synonyms).groups[0]!.words).toEqual(['очень', 'просто']);
    expect(parseQuery('подскажите очень нужно шахматы', synonyms).groups.map((g) => g.words)).toEqual([['шахматы']]);
  });
});
