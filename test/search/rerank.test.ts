/** The shared reordering of expanded queries and pseudo-relevance feedback, on hand-made evidence. */
import { describe, expect, it } from 'vitest';
import { feedbackCandidates, feedbackTerms, wantsFeedback } from '../../search/analysis/feedback.js';
import type { QueryPlan } from '../../search/analysis/query.js';
import { evidenceSets, heldShares, rerank } from '../../search/analysis/rerank.js';
import { conceptStems } from '../../search/analysis/situations.js';
import { alternative } from '../../search/embedded/fts-query.js';
import { holderQueries, holdersFromResults } from '../../search/meilisearch/evidence.js';

const plan: QueryPlan = {
  groups: [
    {
      words: ['скучно'],
      quoted: false,
      alternatives: [
        { stems: ['скучн'], prefix: false },
        { stems: ['одарен'], prefix: false, expansion: 'situation' },
      ],
    },
    { words: ['урок'], quoted: false, alternatives: [{ stems: ['урок'], prefix: false }] },
  ],
};

/** A pool as long as the one reordered: neighbours in it are a thirtieth apart in the engine's order. */
const pool = Array.from({ length: 30 }, (_, i) => i + 1);

const fields = (body: string) => ({ title: '', terms: '', summary: '', names: '', body });

describe('reordering the first matches of a long question', () => {
  it('asks for each group’s typed and expanded alternatives apart, then for each feedback term', () => {
    const sets = evidenceSets(plan, [{ stem: 'олимпиад', weight: 1 }]);
    expect(sets.map((s) => s.map((a) => a.stems.join(' ')))).toEqual([['скучн'], ['одарен'], ['урок'], ['олимпиад']]);
  });

  it('counts a group held only through a concept at 0.9 of the typed word, and one not held at 0', () => {
    const holders = [new Set([2]), new Set([1]), new Set([1, 2, 3])];
    const shares = heldShares(plan, [1, 2, 3], { weights: [3, 3], holders });
    expect(shares.map((s) => Number(s.toFixed(3)))).toEqual([0.95, 1, 0.5]);
  });

  it('keeps the engine’s order without feedback terms', () => {
    const holders = [new Set([1, 2]), new Set<number>(), new Set([1, 2])];
    expect(rerank(plan, [1, 2, 3], { weights: [3, 3], holders })).toEqual([1, 2, 3]);
  });

  it('lifts a practice holding the feedback terms over its neighbour', () => {
    const holders = [new Set(pool), new Set<number>(), new Set(pool), new Set([2])];
    const feedback = [{ stem: 'олимпиад', weight: 1 }];
    expect(rerank(plan, pool, { weights: [3, 3], holders }, feedback).slice(0, 3)).toEqual([2, 1, 3]);
  });
});

describe('pseudo-relevance feedback', () => {
  const long: QueryPlan = {
    groups: ['подростки', 'бросают', 'кружок', 'пропадает', 'интерес'].map((w) => ({
      words: [w],
      quoted: false,
      alternatives: [{ stems: [w.slice(0, 5)], prefix: false }],
    })),
  };

  it('is asked only for questions of five informative words or more', () => {
    expect(wantsFeedback(long)).toBe(true);
    expect(wantsFeedback(plan)).toBe(false);
  });

  it('takes terms two of the best matches share, not those of one practice alone nor those already asked', () => {
    const candidates = feedbackCandidates(long, [
      fields('геймификац уровн достижен интер подро'),
      fields('геймификац робототехник уровн'),
      fields('шахмат'),
    ]);
    expect([...candidates.keys()].sort()).toEqual(['геймификац', 'уровн']);
  });

  it('prefers terms rare in the bank and drops those most practices hold', () => {
    const candidates = new Map([
      ['геймификац', 0.1],
      ['уровн', 0.1],
      ['работ', 0.3],
    ]);
    const terms = feedbackTerms(candidates, [3, 40, 900], 1000);
    expect(terms.map((t) => t.stem)).toEqual(['геймификац', 'уровн']);
    expect(feedbackTerms(candidates, [0, 0, 0], 1000)).toEqual([]);
  });
});

describe('thesaurus concepts', () => {
  it('are matched by their informative stems near each other, framing words out', () => {
    expect(conceptStems('работа с одарёнными детьми')).toEqual(['одарен']);
    expect(conceptStems('эмоционально-волевая сфера')).toEqual(['эмоциональн', 'волев', 'сфер']);
    expect(conceptStems('дети')).toEqual(['дет']);
    expect(alternative({ stems: ['цифров', 'гиг'], prefix: false, near: true })).toBe('NEAR("цифров" "гиг", 6)');
    expect(alternative({ stems: ['цифров', 'гиг'], prefix: false })).toBe('"цифров гиг"');
  });

  it('are asked of Meilisearch as their stems, each limited to the pooled ids, and read back per set', () => {
    const sets = [[{ stems: ['цифров', 'гиг'], prefix: false, near: true }], [{ stems: ['урок'], prefix: false }]];
    const queries = holderQueries(sets, [4, 7], 'practices');
    expect(queries.map((q) => [q.q, q.filter])).toEqual([
      ['цифров гиг ', 'id IN [4, 7]'],
      ['урок ', 'id IN [4, 7]'],
    ]);
    const holders = holdersFromResults(sets, [{ hits: [{ id: 7 }] }, { hits: [{ id: 4 }, { id: 7 }] }] as never);
    expect(holders).toEqual([new Set([7]), new Set([4, 7])]);
  });
});
