/**
 * Vocabulary values as a person reads them. A list kept by hand says «ИКТ-технологии», «Игровая технология» or
 * «Критическое мышление (РКМЧП)» where the vocabulary says «ИКТ и цифровые образовательные ресурсы», «Игровые
 * технологии» and «Технология развития критического мышления». The matcher compares them after the search's own
 * Russian analysis (case, ё/е, quotes and hyphens gone, Snowball stems, word order ignored), without bracketed
 * remarks and the word «технология», and proposes the nearest terms for what is still unknown.
 * A near spelling is only a proposal: it is applied once a person confirms it (`--map`, the admin preview).
 */
import { analyze } from '../../search/analysis/analyze.js';
import { allowedTypos, boundedDistance } from '../../search/analysis/fuzzy.js';
import type { VocabularyName } from '../model/vocabularies.js';
import { foldKey } from '../shared/text.js';
import type { Term, VocabularyCatalogue } from '../vocabularies/service.js';

/** How a value found its term: by code or label, by a synonym, confirmed by a person, or only proposed. */
export type MatchKind = 'exact' | 'synonym' | 'mapped' | 'near' | 'unknown';

export interface Candidate {
  code: string;
  label: string;
}

export interface TermMatch {
  kind: MatchKind;
  /** The term's code: applied for exact/synonym/mapped, proposed for near, absent for unknown. */
  code?: string;
  /** The closest terms (up to three), for near and unknown values. */
  candidates: Candidate[];
}

/** Words that say nothing about which term is meant: «Технология «Лэпбук»» is the lapbook. */
const NOISE_STEMS = new Set(['технолог']);

/** Abbreviations a list writes for words the vocabulary spells out. */
const ABBREVIATIONS: [RegExp, string][] = [
  [/(?<!\p{L})р-н(?!\p{L})/gu, 'район'],
  [/(?<!\p{L})м\.\s*о\.?(?!\p{L})/gu, 'муниципальный округ'],
];

const BRACKETS = /\(([^()]*)\)|\[([^[\]]*)\]/g;

/** Sorted distinct stems without noise words and single letters («г.», «д.»); the noise stays if it is all there is. */
function stemKey(text: string): string {
  let expanded = text.toLowerCase();
  for (const [pattern, replacement] of ABBREVIATIONS) expanded = expanded.replace(pattern, replacement);
  const stems = [...new Set(analyze(expanded).filter((s) => [...s].length > 1))];
  const meaningful = stems.filter((s) => !NOISE_STEMS.has(s));
  return (meaningful.length > 0 ? meaningful : stems).sort().join(' ');
}

/** The keys a name is known by: the whole without bracketed remarks, and each remark on its own. */
function looseKeys(name: string): string[] {
  const remarks = [...name.matchAll(BRACKETS)].map((m) => m[1] ?? m[2] ?? '');
  const keys = [stemKey(name.replace(BRACKETS, ' ')), ...remarks.map(stemKey)];
  return [...new Set(keys.filter(Boolean))];
}

/** A term the vocabulary editors retired is kept on old practices but matches nothing new. */
const isActive = (term: Term): boolean => !term.retired;

interface IndexedTerm {
  term: Term;
  /** Folded and stemmed forms of the label and code, then of each synonym, for ranking. */
  forms: string[];
}

interface VocabularyIndex {
  terms: IndexedTerm[];
  /** Folded name → code, by kind; labels and codes win over synonyms, the first term over later ones. */
  exact: Map<string, { code: string; kind: 'exact' | 'synonym' }>;
  loose: Map<string, { code: string; kind: 'exact' | 'synonym' }>;
}

function buildIndex(terms: Term[]): VocabularyIndex {
  const index: VocabularyIndex = { terms: [], exact: new Map(), loose: new Map() };
  const active = terms.filter(isActive);
  for (const pass of ['exact', 'synonym'] as const) {
    for (const term of active) {
      const names = pass === 'exact' ? [term.code, term.label] : term.synonyms;
      for (const name of names) {
        if (!index.exact.has(foldKey(name))) index.exact.set(foldKey(name), { code: term.code, kind: pass });
        for (const key of looseKeys(name))
          if (!index.loose.has(key)) index.loose.set(key, { code: term.code, kind: pass });
      }
    }
  }
  for (const term of active) {
    const forms = [term.label, ...term.synonyms].flatMap((n) => [foldKey(n), ...looseKeys(n)]);
    index.terms.push({ term, forms: [...new Set(forms)] });
  }
  return index;
}

/** How alike two forms are, 0…1: the better of spelling (edit distance) and shared stems. */
function similarity(a: string, b: string): number {
  const longest = Math.max([...a].length, [...b].length);
  if (longest === 0) return 0;
  const spelling = 1 - boundedDistance(a, b, longest) / longest;
  const wordsA = new Set(a.split(' '));
  const wordsB = new Set(b.split(' '));
  const shared = [...wordsA].filter((w) => wordsB.has(w)).length;
  const overlap = shared / new Set([...wordsA, ...wordsB]).size;
  return Math.max(spelling, overlap);
}

/** A near spelling worth proposing: a typo or two, or every stem of the value is in the term (or the reverse). */
function isNear(value: string, form: string): boolean {
  if (!value || !form) return false;
  if (boundedDistance(value, form, allowedTypos(form)) <= allowedTypos(form)) return true;
  const a = value.split(' ');
  const b = new Set(form.split(' '));
  const contained = (x: string[], y: Set<string>) => x.every((w) => y.has(w)) && x.some((w) => [...w].length >= 4);
  return contained(a, b) || contained(form.split(' '), new Set(a));
}

/** Matches vocabulary values; one per import run, over the catalogue as it is at its start. */
export function createTermMatcher(catalogue: Pick<VocabularyCatalogue, 'terms'>) {
  const indexes = new Map<VocabularyName, VocabularyIndex>();
  const cache = new Map<string, TermMatch>();
  /** Values as folded: a register repeats the same few hundred values thousands of times. */
  const folded = new Map<string, string>();
  const foldedOf = (value: string) => {
    let key = folded.get(value);
    if (key === undefined) folded.set(value, (key = foldKey(value)));
    return key;
  };
  const indexOf = (vocabulary: VocabularyName) => {
    let index = indexes.get(vocabulary);
    if (!index) indexes.set(vocabulary, (index = buildIndex(catalogue.terms(vocabulary))));
    return index;
  };

  function rank(index: VocabularyIndex, keys: string[]): { candidates: Candidate[]; near?: string } {
    const scored = index.terms.map(({ term, forms }) => {
      let score = 0;
      let near = false;
      for (const key of keys)
        for (const form of forms) {
          score = Math.max(score, similarity(key, form));
          near ||= isNear(key, form);
        }
      return { term, score: near ? score + 1 : score, near };
    });
    scored.sort((x, y) => y.score - x.score);
    const top = scored.filter((s) => s.score > 0.3).slice(0, 3);
    const best = top[0];
    return {
      candidates: top.map((s) => ({ code: s.term.code, label: s.term.label })),
      ...(best?.near ? { near: best.term.code } : {}),
    };
  }

  function compute(vocabulary: VocabularyName, value: string): TermMatch {
    const index = indexOf(vocabulary);
    const direct = index.exact.get(foldKey(value));
    if (direct) return { kind: direct.kind, code: direct.code, candidates: [] };
    const keys = looseKeys(value);
    for (const key of keys) {
      const hit = index.loose.get(key);
      if (hit) return { kind: hit.kind, code: hit.code, candidates: [] };
    }
    const { candidates, near } = rank(index, keys.length > 0 ? keys : [foldKey(value)]);
    return near ? { kind: 'near', code: near, candidates } : { kind: 'unknown', candidates };
  }

  return {
    /** The term a value means, a proposal, or the closest terms; `confirmed` (folded value → code) comes first. */
    match(vocabulary: VocabularyName, value: string, confirmed?: ReadonlyMap<string, string>): TermMatch {
      const mapped = confirmed && confirmed.size > 0 ? confirmed.get(foldedOf(value)) : undefined;
      if (mapped !== undefined) return { kind: 'mapped', code: mapped, candidates: [] };
      const key = `${vocabulary}:${value}`;
      let result = cache.get(key);
      if (!result) cache.set(key, (result = compute(vocabulary, value)));
      return result;
    },
    /** The active terms a person may choose from for a vocabulary. */
    choices(vocabulary: VocabularyName): Candidate[] {
      return indexOf(vocabulary).terms.map(({ term }) => ({ code: term.code, label: term.label }));
    },
  };
}

export type TermMatcher = ReturnType<typeof createTermMatcher>;
