/**
 * The situational thesaurus at query time: an everyday phrase («дерётся», «сидят в телефонах») names the concepts
 * practices use for it («агрессивное поведение», «цифровая гигиена»). One-way, unlike synonyms: a practice about
 * digital hygiene is what a teacher whose pupils sit in their phones needs, not the other way round. Phrases and
 * concepts are kept analysed, as stems, so both engines match them as they match what was typed.
 */
import { analyze } from './analyze.js';
import { phraseStems } from './fillers.js';
import { normalize } from './normalize.js';
import { stem } from './stem.js';
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
  /** Phrases by their first stem: where `find` looks from each word of a query. */
  private byFirst = new Map<string, { stems: StemPhrase; concepts: StemPhrase[] }[]>();

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
      const analysed = entry.concepts.map(conceptStems).filter((stems) => stems.length > 0);
      if (analysed.length === 0) continue;
      for (const phrase of entry.phrases) {
        const stems = phraseStems(phrase);
        if (stems.length === 0) continue;
        const key = stems.join(' ');
        longest = Math.max(longest, stems.length);
        concepts.set(key, dedupe([...(concepts.get(key) ?? []), ...analysed]));
      }
    }
    const byFirst = new Map<string, { stems: StemPhrase; concepts: StemPhrase[] }[]>();
    for (const [key, phraseConcepts] of concepts) {
      const stems = key.split(' ');
      byFirst.set(stems[0]!, [...(byFirst.get(stems[0]!) ?? []), { stems, concepts: phraseConcepts }]);
    }
    this.concepts = concepts;
    this.byFirst = byFirst;
    this.longestPhrase = longest;
  }

  /** The concepts a whole phrase (as stems) stands for; undefined if it is no phrase of the thesaurus. */
  lookup(stems: StemPhrase): StemPhrase[] | undefined {
    return this.concepts.get(stems.join(' '));
  }

  /**
   * Every phrase found in a query's stems: `[from, to)` in stems and its concepts. A phrase's words must come in
   * its order, with at most MAX_GAP other words between them in all: «опыты видят только на картинке» holds «опыты
   * только на картинке». Where two phrases start at one word, the longer is taken.
   */
  find(stems: StemPhrase): { from: number; to: number; concepts: StemPhrase[] }[] {
    const found: { from: number; to: number; concepts: StemPhrase[] }[] = [];
    for (let i = 0; i < stems.length; i += 1) {
      let best: { from: number; to: number; concepts: StemPhrase[]; length: number } | undefined;
      for (const phrase of this.byFirst.get(stems[i]!) ?? []) {
        const to = endOf(phrase.stems, stems, i);
        if (to !== undefined && (!best || phrase.stems.length > best.length))
          best = { from: i, to, concepts: phrase.concepts, length: phrase.stems.length };
      }
      if (best) found.push({ from: best.from, to: best.to, concepts: best.concepts });
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

/**
 * Words that only frame a concept: «работа с одарёнными детьми» is what practices call «одарённые дети», «дети с ОВЗ»
 * is «ОВЗ». Nearly every practice holds them, and their forms stem apart («детьми» → «детьм», «дети» → «дет»), so
 * requiring them would lose the practices that word the concept another way.
 */
const FRAME_WORDS: ReadonlySet<string> = new Set(
  ['работа', 'работы', 'дети', 'детей', 'детьми', 'детям', 'ребенок', 'ребенка', 'формы', 'форма'].map((w) =>
    stem(normalize(w)),
  ),
);

/**
 * A concept as the query matches it: its informative stems, framing words out (unless nothing else is left). The
 * engines require them near each other, in any order (`Alternative.near`), not as the exact phrase.
 */
export function conceptStems(concept: string): string[] {
  const stems = analyze(concept);
  const informative = stems.filter((s) => !FRAME_WORDS.has(s));
  return informative.length > 0 ? informative : stems;
}

/** Words of the query that may stand between a phrase's words («сидят весь урок в телефонах»). */
const MAX_GAP = 2;

/** Where `phrase` ends in `stems` when it starts at `from` (its words in order, MAX_GAP others at most), if it does. */
function endOf(phrase: StemPhrase, stems: StemPhrase, from: number): number | undefined {
  let at = from + 1;
  let gaps = 0;
  for (const word of phrase.slice(1)) {
    while (at < stems.length && stems[at] !== word && gaps <= MAX_GAP) {
      at += 1;
      gaps += 1;
    }
    if (at >= stems.length || gaps > MAX_GAP) return undefined;
    at += 1;
  }
  return at;
}

function dedupe(phrases: StemPhrase[]): StemPhrase[] {
  const seen = new Map<string, StemPhrase>();
  for (const p of phrases) seen.set(p.join(' '), p);
  return [...seen.values()];
}
