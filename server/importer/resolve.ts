/**
 * A record's vocabulary values turned into codes through the matcher: what landed, what is only proposed, what
 * is unknown (with the closest terms), and — with «unknown as keyword» — unknown technologies kept as keywords.
 * The same for every file format, the command line and the admin area.
 */
import type { ErrorDetail } from '../errors.js';
import { VOCABULARY_MODEL, type PracticeVocabulary, type VocabularyName } from '../model/vocabularies.js';
import { LIMITS, perPracticeVocabulary } from '../practices/schemas.js';
import { foldKey } from '../shared/text.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import type { Candidate, MatchKind, TermMatcher } from './matcher.js';

/** The mapping target that keeps a value as a keyword instead of a term (technologies only). */
export const AS_KEYWORD = '@keyword';

/** Confirmed mappings: per vocabulary, folded value → code (or AS_KEYWORD). */
export type Mappings = Map<VocabularyName, Map<string, string>>;

/** How one value of a record was read, for the preview and the report. */
export interface ValueMatch {
  vocabulary: VocabularyName;
  value: string;
  kind: MatchKind | 'keyword';
  code?: string;
  label?: string;
  candidates?: Candidate[];
}

export interface ResolveOptions {
  mappings?: Mappings;
  /** Unknown technologies become keywords with a warning instead of failing the record. */
  unknownAsKeyword?: boolean;
}

const quoted = (candidates: Candidate[]) => candidates.map((c) => `«${c.label}»`).join(', ');

/** Reads values against the vocabularies; collects errors, warnings and how each value was matched. */
export function createResolver(matcher: TermMatcher, catalogue: VocabularyCatalogue, options: ResolveOptions) {
  const asKeyword = (vocabulary: VocabularyName) => vocabulary === 'technologies';

  function one(
    vocabulary: VocabularyName,
    value: string,
    field: string,
    out: { errors: ErrorDetail[]; warnings: ErrorDetail[]; matches: ValueMatch[]; keywords: string[] },
  ): string | undefined {
    const match = matcher.match(vocabulary, value, options.mappings?.get(vocabulary));
    const title = VOCABULARY_MODEL[vocabulary].title;
    if (match.kind === 'mapped' && match.code === AS_KEYWORD && asKeyword(vocabulary)) {
      out.keywords.push(value);
      out.matches.push({ vocabulary, value, kind: 'keyword' });
      return undefined;
    }
    const applied = match.kind === 'exact' || match.kind === 'synonym' || match.kind === 'mapped';
    if (applied && match.code && catalogue.has(vocabulary, match.code)) {
      out.matches.push({
        vocabulary,
        value,
        kind: match.kind,
        code: match.code,
        label: catalogue.label(vocabulary, match.code)!,
      });
      return match.code;
    }
    const candidates = match.candidates;
    const proposed =
      match.kind === 'near' && match.code ? { code: match.code, label: catalogue.label(vocabulary, match.code)! } : {};
    if (options.unknownAsKeyword && asKeyword(vocabulary)) {
      out.keywords.push(value);
      out.matches.push({ vocabulary, value, kind: 'keyword', ...proposed, candidates });
      out.warnings.push({ field, message: `«${value}» нет в справочнике «${title}»: оставлено ключевым словом` });
      return undefined;
    }
    out.matches.push({ vocabulary, value, kind: match.kind === 'near' ? 'near' : 'unknown', ...proposed, candidates });
    const hint =
      match.kind === 'near'
        ? `: возможно, «${catalogue.label(vocabulary, match.code!)}» — подтвердите сопоставление`
        : candidates.length > 0
          ? `. Ближайшие: ${quoted(candidates)}`
          : '';
    out.errors.push({ field, message: `Неизвестное значение «${value}» в справочнике «${title}»${hint}` });
    return undefined;
  }

  return {
    /** Codes per practice vocabulary, keywords added from unknown technologies, and the municipality's code. */
    record(record: { municipality: string; keywords: string[] } & Record<PracticeVocabulary, string[]>) {
      const out = {
        errors: [] as ErrorDetail[],
        warnings: [] as ErrorDetail[],
        matches: [] as ValueMatch[],
        keywords: [] as string[],
      };
      const codes = perPracticeVocabulary((v) => [
        ...new Set(record[v].flatMap((value, i) => one(v, value, `${v}.${i}`, out) ?? [])),
      ]);
      const municipality = one('municipalities', record.municipality, 'municipality', out);
      const known = new Set(record.keywords.map(foldKey));
      const keywords = [...record.keywords];
      for (const word of out.keywords) {
        if (known.has(foldKey(word))) continue;
        if (keywords.length >= LIMITS.keywords) {
          out.warnings.push({
            field: 'keywords',
            message: `«${word}» не добавлено: не больше ${LIMITS.keywords} ключевых слов`,
          });
          continue;
        }
        known.add(foldKey(word));
        keywords.push(word);
      }
      return { codes, municipality, keywords, errors: out.errors, warnings: out.warnings, matches: out.matches };
    },
  };
}

export type Resolver = ReturnType<typeof createResolver>;
