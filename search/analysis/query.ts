/**
 * A search query as both engines understand it: groups of alternatives. Every group must match (unless the
 * search is relaxed); any one alternative of a group is enough. Synonyms, typo corrections and the prefix of
 * the word being typed become alternatives.
 */
import { informativeWords } from './fillers.js';
import { isNumberWord } from './names.js';
import { normalize, words } from './normalize.js';
import type { SituationIndex } from './situations.js';
import { stem } from './stem.js';
import { STOP_WORDS } from './stopwords.js';
import type { SynonymIndex } from './synonyms.js';

export interface Alternative {
  /** One stem, or several for a phrase that must appear in this order. */
  stems: readonly string[];
  /** The last stem matches as a prefix (the word being typed). */
  prefix: boolean;
  /**
   * The stems match in any order within a few words of each other rather than as a phrase: a thesaurus concept
   * («одарённые дети», «эмоционально-волевая сфера») is worded by practices in many ways.
   */
  near?: boolean;
  /**
   * Not typed but added for what was typed, and weighed less: a concept the situational thesaurus gives an everyday
   * phrase, a term of the best matches (pseudo-relevance feedback), or an engine's guess at a mistyped word.
   * Absent for typed words and their synonyms.
   */
  expansion?: 'situation' | 'feedback' | 'correction';
}

export interface TermGroup {
  /** The words of the query this group stands for, normalised. */
  words: string[];
  alternatives: Alternative[];
  /** A quoted phrase: matched as written, never widened. */
  quoted: boolean;
}

export interface QueryPlan {
  groups: TermGroup[];
}

/** The shortest word matched as a prefix: shorter prefixes match half the index and help nobody. */
const MIN_PREFIX = 3;

interface Segment {
  text: string;
  quoted: boolean;
}

function segments(query: string): Segment[] {
  const result: Segment[] = [];
  const quote = /"([^"]*)"|«([^»]*)»/g;
  let last = 0;
  for (const match of query.matchAll(quote)) {
    if (match.index > last) result.push({ text: query.slice(last, match.index), quoted: false });
    result.push({ text: match[1] ?? match[2] ?? '', quoted: true });
    last = match.index + match[0].length;
  }
  if (last < query.length) result.push({ text: query.slice(last).replaceAll(/["«»]/g, ' '), quoted: false });
  return result;
}

/**
 * Parses what a person typed into groups of alternatives. Conversational filler is dropped outside quotes; an
 * everyday phrase of the situational thesaurus adds its concepts to the groups it covers, as weaker alternatives.
 */
export function parseQuery(query: string, synonyms: SynonymIndex, situations?: SituationIndex): QueryPlan {
  const groups: TermGroup[] = [];
  const typingLastWord = /[\p{L}\p{N}]$/u.test(query);
  const parts = segments(query);

  for (const [partIndex, part] of parts.entries()) {
    const all = words(normalize(part.text));
    const kept = part.quoted ? all.filter((w) => !STOP_WORDS.has(w)) : informativeWords(all);
    if (kept.length === 0) continue;
    const stems = kept.map(stem);
    if (part.quoted) {
      groups.push({ words: kept, alternatives: [{ stems, prefix: false }], quoted: true });
      continue;
    }
    const partFrom = groups.length;
    /** Where each group of this part starts in `stems`: the situations below are found by position. */
    const starts: number[] = [];
    let i = 0;
    while (i < stems.length) {
      starts.push(i);
      let matched = false;
      for (let length = Math.min(synonyms.longest, stems.length - i); length >= 1; length -= 1) {
        const members = synonyms.lookup(stems.slice(i, i + length));
        if (!members) continue;
        groups.push({
          words: kept.slice(i, i + length),
          alternatives: members.map((m) => ({ stems: m, prefix: false })),
          quoted: false,
        });
        i += length;
        matched = true;
        break;
      }
      if (!matched) {
        groups.push({ words: [kept[i]!], alternatives: [{ stems: [stems[i]!], prefix: false }], quoted: false });
        i += 1;
      }
    }
    if (situations) addSituations(groups.slice(partFrom), starts, stems, situations);
    const isLastPart = partIndex === parts.length - 1;
    const lastGroup = groups.at(-1)!;
    const lastWord = kept.at(-1)!;
    // A number is a whole token: «школа 3» must not find school 30, nor «школа 12» school 120.
    if (isLastPart && typingLastWord && [...lastWord].length >= MIN_PREFIX && !isNumberWord(lastWord)) {
      // The word being typed may be unfinished: its stem also matches as a prefix («робототех» → «робототехника»).
      const lastStem = stems.at(-1)!;
      if (lastGroup.words.length === 1) {
        // The prefix covers the exact stem: keeping both only makes the engine look the term up twice.
        lastGroup.alternatives = lastGroup.alternatives.filter(
          (a) => !(a.stems.length === 1 && a.stems[0] === lastStem),
        );
        lastGroup.alternatives.unshift({ stems: [lastStem], prefix: true });
      }
    }
  }
  return { groups: withoutRepeats(groups) };
}

/**
 * Gives every group a phrase of the thesaurus covers that phrase's concepts: the words of «сидят в телефонах» are
 * each satisfied by a practice about «цифровая гигиена», so requiring every group still finds it.
 */
function addSituations(groups: TermGroup[], starts: number[], stems: string[], situations: SituationIndex): void {
  for (const found of situations.find(stems)) {
    groups.forEach((group, g) => {
      const from = starts[g]!;
      const to = from + group.words.length;
      if (to <= found.from || from >= found.to) return;
      const have = new Set(group.alternatives.map((a) => a.stems.join(' ')));
      for (const concept of found.concepts) {
        if (have.has(concept.join(' '))) continue;
        have.add(concept.join(' '));
        group.alternatives.push({
          stems: concept,
          prefix: false,
          ...(concept.length > 1 ? { near: true } : {}),
          expansion: 'situation',
        });
      }
    });
  }
}

/**
 * One group per meaning: «наставничество молодых педагогов» names the mentoring group twice (both phrases are its
 * members), and asking the engine for the same alternatives twice only doubles its work.
 */
function withoutRepeats(groups: TermGroup[]): TermGroup[] {
  const seen = new Map<string, TermGroup>();
  for (const group of groups) {
    const key = group.alternatives
      .map((a) => `${a.near ? '~' : ''}${a.stems.join(' ')}${a.prefix ? '*' : ''}`)
      .sort()
      .join('|');
    const earlier = seen.get(key);
    if (earlier) earlier.words = [...earlier.words, ...group.words];
    else seen.set(key, { ...group });
  }
  return [...seen.values()];
}

/** The stems and prefixes a highlighter marks. */
export function highlightTerms(plan: QueryPlan): { stems: Set<string>; prefixes: string[] } {
  const stems = new Set<string>();
  const prefixes: string[] = [];
  for (const group of plan.groups) {
    for (const alt of group.alternatives) {
      alt.stems.forEach((s, i) => (alt.prefix && i === alt.stems.length - 1 ? prefixes.push(s) : stems.add(s)));
    }
  }
  return { stems, prefixes };
}
