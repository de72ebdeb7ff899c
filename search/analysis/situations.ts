/**
 * The situational thesaurus at query time: an everyday phrase («дерётся», «сидят в телефонах») names the concepts
 * practices use for it («агрессивное поведение», «цифровая гигиена»). One-way, unlike synonyms: a practice about
 * digital hygiene is what a teacher whose pupils sit in their phones needs, not the other way round. Phrases and
 * concepts are kept analysed, as stems, so both engines match them as they match what was typed.
 */
import { analyze } from './analyze.js';
import { phraseStems } from './fillers.js';
import type { StemPhrase } from './synonyms.js';

/** One entry of the thesaurus: everyday phrases, and the concepts of the practices that help in that situation. */
export interface SituationEntry {
  phrases: readonly string[];
  concepts: readonly string[];
}

export class SituationIndex {
  /** Analysed phrase («сид телефон») → the analysed concepts of every entry holding it. */
  private concepts = new Map<string, StemPhrase[]>();
  private longestPhrase = 1;

  constructor(entries: readonly SituationEntry[] = []) {
    this.rebuild(entries);
  }

  /** The longest phrase, in stems: how far a query is scanned for a match. */
  get longest(): number {
    return this.longestPhrase;
  }

  /** How many phrases the index holds. */
  get size(): number {
    return this.concepts.size;
  }

  /**
   * Replaces every entry at once, in place: the query parser and the Meilisearch settings hold this index and see
   * an admin's new entry without being rebuilt themselves.
   */
  rebuild(entries: readonly SituationEntry[]): void {
    const concepts = new Map<string, StemPhrase[]>();
    let longest = 1;
    for (const entry of entries) {
      const analysed = entry.concepts.map((c) => analyze(c)).filter((stems) => stems.length > 0);
      if (analysed.length === 0) continue;
      for (const phrase of entry.phrases) {
        const stems = phraseStems(phrase);
        if (stems.length === 0) continue;
        const key = stems.join(' ');
        longest = Math.max(longest, stems.length);
        concepts.set(key, dedupe([...(concepts.get(key) ?? []), ...analysed]));
      }
    }
    this.concepts = concepts;
    this.longestPhrase = longest;
  }

  /** The concepts a whole phrase (as stems) stands for; undefined if it is no phrase of the thesaurus. */
  lookup(stems: StemPhrase): StemPhrase[] | undefined {
    return this.concepts.get(stems.join(' '));
  }

  /**
   * Every phrase found in a query's stems, longest first where two overlap: `[from, to)` in stems and its
   * concepts. «кусает других детей» is one phrase, not «детей» alone.
   */
  find(stems: StemPhrase): { from: number; to: number; concepts: StemPhrase[] }[] {
    const found: { from: number; to: number; concepts: StemPhrase[] }[] = [];
    let i = 0;
    while (i < stems.length) {
      let length = Math.min(this.longestPhrase, stems.length - i);
      for (; length >= 1; length -= 1) {
        const concepts = this.lookup(stems.slice(i, i + length));
        if (!concepts) continue;
        found.push({ from: i, to: i + length, concepts });
        break;
      }
      i += Math.max(length, 1);
    }
    return found;
  }

  /** Phrase → its concepts: Meilisearch's `synonyms` setting takes one-way synonyms in this shape. */
  toMap(): Record<string, string[]> {
    const map: Record<string, string[]> = {};
    for (const [key, concepts] of this.concepts) map[key] = concepts.map((c) => c.join(' '));
    return map;
  }
}

function dedupe(phrases: StemPhrase[]): StemPhrase[] {
  const seen = new Map<string, StemPhrase>();
  for (const p of phrases) seen.set(p.join(' '), p);
  return [...seen.values()];
}
