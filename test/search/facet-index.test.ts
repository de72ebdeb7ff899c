import { describe, expect, it } from 'vitest';
import { Bitset } from '../../search/embedded/bitset.js';
import { FacetIndex } from '../../search/embedded/facet-index.js';

/** 2,000 practices with dates and views in a shuffled order (seeded), each in one of three subjects. */
function index() {
  const facets = new FacetIndex([{ name: 'subjects', many: true }]);
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let id = 1; id <= 2000; id += 1)
    facets.upsert({
      id,
      facets: { subjects: [['math', 'art', 'music'][id % 3]!] },
      publishedAt: Math.floor(random() * 1000) * 86_400_000,
      views: Math.floor(random() * 50),
      adoptions: Math.floor(random() * 3),
    });
  return facets;
}

/** The expected page: every tier's slots in the sort's order, each slot once, then cut. */
function naivePage(facets: FacetIndex, tiers: Bitset[], sort: 'newest' | 'views', offset: number, limit: number) {
  const all = [...facets.alive.slots()].sort(
    sort === 'newest' ? facets.newer : (a, b) => viewsOf(facets, b) - viewsOf(facets, a) || facets.newer(a, b),
  );
  const seen = new Set<number>();
  const listed = tiers.flatMap((tier) => all.filter((s) => tier.has(s) && !seen.has(s) && seen.add(s)));
  return listed.slice(offset, offset + limit);
}

const viewsOf = (facets: FacetIndex, slot: number) => (facets as unknown as { views: Float64Array }).views[slot]!;

describe('FacetIndex pages over tiers', () => {
  it('lists a small tier, sorted by itself, in the same order as a walk of the whole order would', () => {
    const facets = index();
    const small = new Bitset(facets.alive.capacity);
    for (const slot of [5, 17, 400, 401, 999, 1500, 1999]) small.set(slot);
    const large = facets.alive.clone();
    for (const sort of ['newest', 'views'] as const)
      for (const [offset, limit] of [
        [0, 20],
        [3, 10],
        [5, 40],
      ] as const)
        expect(facets.pageOfTiers([small, large], sort, offset, limit)).toEqual(
          naivePage(facets, [small, large], sort, offset, limit),
        );
  });

  it('follows a change of views in a small tier', () => {
    const facets = index();
    const small = new Bitset(facets.alive.capacity);
    for (const slot of [10, 20, 30]) small.set(slot);
    facets.pageOfTiers([small], 'views', 0, 3);
    facets.setViews(facets.idAt(30), 1_000);
    expect(facets.pageOfTiers([small], 'views', 0, 1)).toEqual([30]);
  });
});
