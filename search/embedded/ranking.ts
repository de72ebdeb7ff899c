/**
 * Ordering matches by relevance. FTS5 scores every match of an expression before it can sort them (bm25, ~1 µs a
 * practice and a phrase), so a widened question over 100,000 practices — most of which hold one of its common
 * words — cost a hundred milliseconds. Here bm25 ranks only the few practices a page needs: the matches are split
 * into tiers by which of the query's words they hold, tiers are taken rarest words first, and only the tiers that
 * reach the page are scored.
 */
import type Database from 'better-sqlite3';
import type { QueryPlan } from '../analysis/query.js';
import { stem } from '../analysis/stem.js';
import { Bitset } from './bitset.js';
import { scorable, type Bm25 } from './bm25.js';
import type { FacetIndex } from './facet-index.js';
import { alternative, toMatchExpression } from './fts-query.js';
import type { Postings } from './postings.js';

/** Past this many groups, tiers (2^groups of them) cost more than they save: the whole match is scored instead. */
const MAX_TIER_GROUPS = 12;
/** How many tiers of a widened query are scored by bm25 (see rankTiers); later ones list newest first. */
const SCORED_TIERS = 2;

/** bm25's inverse document frequency, as FTS5 computes it (never below a millionth). */
const idf = (total: number, holding: number) => Math.max(1e-6, Math.log((total - holding + 0.5) / (holding + 0.5)));

/**
 * Each group's words as typed, without their synonyms and concepts: the alternative spelling the group's own words
 * (a synonym group lists its members in the vocabulary's order, «начальное общее образование…» before «младшие
 * школьники»), else its first.
 */
export function typedWords(plan: QueryPlan): QueryPlan {
  return {
    groups: plan.groups.map((g) => {
      const typed = g.words.map(stem).join(' ');
      const own = g.alternatives.find((a) => !a.expansion && a.stems.join(' ') === typed) ?? g.alternatives[0]!;
      return { ...g, alternatives: [own] };
    }),
  };
}

export class Ranking {
  private readonly ranked: Database.Statement<[string, number], number>;

  /**
   * `broadMatches`: a tier holding more than this is listed newest first rather than scored. `postings` and `bm25`
   * score the words as typed without FTS5 (see bm25.ts).
   */
  constructor(
    sqlite: Database.Database,
    private readonly facets: FacetIndex,
    private readonly broadMatches: number,
    private readonly postings: Postings,
    private readonly bm25: Bm25,
  ) {
    // Equal scores are ordered by rowid: FTS5 alone orders ties by where the index's segments happen to hold them,
    // which merges change — a page boundary or an export must not reorder them. The limit lets SQLite keep only the
    // best rows while sorting instead of sorting every match.
    this.ranked = sqlite
      .prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank, rowid LIMIT ?')
      .pluck() as never;
  }

  /**
   * The best `k` slots of `within` by relevance (FTS5's rank: weighted bm25), skipping `exclude`. (Ranking a
   * candidate list with `rowid IN (…)` instead makes FTS5 evaluate the whole query once per candidate.) Rows are
   * asked for a few times as many as needed, more only when filters or `exclude` left too few.
   */
  rank(expression: string, within: Bitset, k: number, exclude: Set<number> = new Set()): number[] {
    if (k === 0 || within.count() === 0) return [];
    for (let limit = Math.max(32, 2 * (k + exclude.size)); ; limit *= 4) {
      const result: number[] = [];
      let rows = 0;
      for (const id of this.ranked.iterate(expression, limit)) {
        rows += 1;
        const slot = this.facets.slotOf(id);
        if (slot !== undefined && within.has(slot) && !exclude.has(slot)) result.push(slot);
        if (result.length >= k) return result;
      }
      if (rows < limit) return result;
    }
  }

  /**
   * The best `k` slots of `within` ranked by a cheaper plan (the words as typed, one alternative a group, see
   * typedWords) that holds the top of them, then the rest of `within` newest first.
   */
  rankTopTier(typed: QueryPlan, within: Bitset, k: number, exclude: Set<number>): number[] {
    const top =
      this.rankTyped(typed, within, k, exclude) ?? this.rank(toMatchExpression(typed, 'all'), within, k, exclude);
    if (top.length >= k) return top;
    const rest = within.clone();
    for (const slot of [...top, ...exclude]) rest.clear(slot);
    return [...top, ...this.facets.page(rest, 'newest', 0, k - top.length)];
  }

  /**
   * The best `k` slots of `within` for a widened query whose matches are too many to score: practices holding the
   * rarest combination of the query's groups first (by the sum of the groups' inverse document frequencies, the
   * bulk of bm25), each tier by bm25 among itself, or newest first when it is broad. `groups` are the groups'
   * matching slots, in the plan's order. `typedOnly` scores a tier by its groups' words as typed (see rankTopTier):
   * for a plan whose phrases and concepts have too many postings to read on every search.
   */
  rankTiers(
    plan: QueryPlan,
    groups: Bitset[],
    within: Bitset,
    k: number,
    exclude: Set<number>,
    { typedOnly = false }: { typedOnly?: boolean } = {},
  ): number[] {
    if (groups.length > MAX_TIER_GROUPS) return this.rank(toMatchExpression(plan, 'any'), within, k, exclude);
    const result: number[] = [];
    let scored = 0;
    for (const { tier, exact, holding } of this.orderedTiers(groups, within, exclude)) {
      if (result.length >= k) break;
      const need = k - result.length;
      // FTS5 scores every practice holding these groups (those also holding others came in an earlier tier), and
      // bm25 first reads each of their phrases' posting lists whole: 5–15 ms a tier at 100,000 practices, however
      // few it holds. The first tiers are scored; the later ones, holding rarer combinations of common words, list
      // newest first, as broad tiers do.
      if (holding.count() <= this.broadMatches && scored < SCORED_TIERS) {
        scored += 1;
        const chosen = { groups: plan.groups.filter((_, i) => tier & (1 << i)) };
        result.push(
          ...(typedOnly
            ? this.rankTopTier(typedWords(chosen), exact, need, exclude)
            : this.rank(toMatchExpression(chosen, 'all'), exact, need, exclude)),
        );
      } else result.push(...this.facets.page(exact, 'newest', 0, need));
    }
    return result;
  }

  /**
   * What `rank` of the typed plan's AND would give, scored here (bm25.ts): the practices of `within` holding every
   * typed phrase, best first, ties by id as FTS5 orders them. Undefined when a phrase cannot be scored here (a phrase
   * of several words): FTS5 ranks it then.
   */
  private rankTyped(typed: QueryPlan, within: Bitset, k: number, exclude: Set<number>): number[] | undefined {
    const phrases = typed.groups.map((g) => g.alternatives);
    if (k === 0 || phrases.some((alts) => alts.length !== 1 || !scorable(alts[0]!))) return undefined;
    const { rows } = this.bm25.corpus();
    const candidates = within.clone();
    const weighed = phrases.map(([alt]) => {
      const expression = alternative(alt!);
      const holding = new Bitset(within.capacity);
      this.postings.addTo(holding, expression);
      candidates.and(holding);
      const count = holding.count();
      // A phrase at least half the rows hold has bm25's floor idf: its list (tens of thousands) is not read.
      if (count * 2 >= rows) return { holding: count, frequencies: undefined };
      const frequencies = this.postings.frequencies(expression, () =>
        this.bm25.read(alt!, (id) => this.facets.slotOf(id)),
      );
      return { holding: frequencies.rows, frequencies };
    });
    for (const slot of exclude) candidates.clear(slot);
    const slots = Int32Array.from(candidates.slots());
    const ids = slots.map((slot) => this.facets.idAt(slot));
    const scores = this.bm25.score(slots, ids, weighed);
    const order = [...slots.keys()].sort((a, b) => scores[b]! - scores[a]! || ids[a]! - ids[b]!);
    return order.slice(0, k).map((i) => slots[i]!);
  }

  /**
   * The first `k` slots of `within` in the order of its tiers (rarest combination of groups first), newest first
   * within a tier: no practice is scored. What a widened query's best matches are at 100,000 practices, where
   * scoring the whole widened expression to find them reads every posting list of it (~100 ms).
   */
  firstOfTiers(groups: Bitset[], within: Bitset, k: number): number[] {
    const result: number[] = [];
    const tiered = groups.length > MAX_TIER_GROUPS ? groups.slice(0, MAX_TIER_GROUPS) : groups;
    for (const { exact } of this.orderedTiers(tiered, within, new Set())) {
      if (result.length >= k) break;
      result.push(...this.facets.page(exact, 'newest', 0, k - result.length));
    }
    return result;
  }

  /**
   * The tiers of `within` (without `exclude`), rarest combination first: each tier's mask, its slots, and every slot
   * holding its groups.
   */
  private *orderedTiers(groups: Bitset[], within: Bitset, exclude: Set<number>) {
    const sizes = this.tierSizes(groups, within, exclude);
    const total = this.facets.size;
    const weights = groups.map((g) => idf(total, g.count()));
    const weight = (tier: number) => weights.reduce((sum, w, i) => (tier & (1 << i) ? sum + w : sum), 0);
    const order = [...sizes.keys()].filter((t) => sizes[t]! > 0).sort((a, b) => weight(b) - weight(a) || a - b);
    for (const tier of order) {
      // Word by word: the tier's groups held, every other group not held.
      const holding = within.clone();
      const exact = within.clone();
      const held = holding.words;
      const only = exact.words;
      groups.forEach((group, g) => {
        const other = group.words;
        const inTier = (tier & (1 << g)) !== 0;
        for (let w = 0; w < only.length; w += 1) {
          const bits = other[w] ?? 0;
          if (inTier) {
            held[w]! &= bits;
            only[w]! &= bits;
          } else only[w]! &= ~bits;
        }
      });
      for (const slot of exclude) exact.clear(slot);
      yield { tier, exact, holding };
    }
  }

  /** The last search's tier sizes: a widened query's tiers are counted once for the widening rule and its page. */
  private counted: { groups: Bitset[]; within: Bitset; sizes: Int32Array } | undefined;

  /** How many slots of `within` (not in `exclude`) hold each combination of the groups (a bit mask of them). */
  private tierSizes(groups: Bitset[], within: Bitset, exclude: Set<number>): Int32Array {
    if (this.counted?.groups !== groups || this.counted.within !== within)
      this.counted = { groups, within, sizes: countTiers(groups, within) };
    const sizes = this.counted.sizes;
    if (exclude.size === 0) return sizes;
    const left = sizes.slice();
    for (const slot of exclude) {
      if (!within.has(slot)) continue;
      let tier = 0;
      groups.forEach((group, g) => {
        if (group.has(slot)) tier |= 1 << g;
      });
      left[tier]! -= 1;
    }
    return left;
  }
}

/** How many slots of `within` hold each combination of the groups (a bit mask of them). */
function countTiers(groups: Bitset[], within: Bitset): Int32Array {
  const sizes = new Int32Array(1 << groups.length);
  const words = within.words;
  const groupWords = groups.map((g) => g.words);
  const local = new Int32Array(groups.length);
  for (let w = 0; w < words.length; w += 1) {
    let bits = words[w]!;
    if (bits === 0) continue;
    for (let g = 0; g < local.length; g += 1) local[g] = groupWords[g]![w] ?? 0;
    while (bits !== 0) {
      const bit = bits & -bits;
      bits ^= bit;
      let tier = 0;
      for (let g = 0; g < local.length; g += 1) if (local[g]! & bit) tier |= 1 << g;
      sizes[tier]! += 1;
    }
  }
  return sizes;
}
