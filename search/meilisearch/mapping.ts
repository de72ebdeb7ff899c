/** What a Meilisearch document and query look like: analysed stems, so both engines find the same practices. */
import { analyze } from '../analysis/analyze.js';
import { isNumberWord } from '../analysis/names.js';
import type { QueryPlan } from '../analysis/query.js';
import { analyseDocument, type AnalysedFields } from '../document.js';
import type { FacetFields, SearchDocument } from '../port.js';

/**
 * The analysed text fields, the sort keys and each declared facet as a top-level attribute: a list for a facet
 * of several values, the single string otherwise (as Meilisearch filters and counts both alike).
 */
export type MeiliDocument = AnalysedFields &
  Pick<SearchDocument, 'id' | 'publishedAt' | 'views' | 'adoptions'> &
  Record<string, string | string[] | number>;

export function toMeiliDocument(doc: SearchDocument, fields: FacetFields): MeiliDocument {
  const facets = Object.fromEntries(
    fields.map((f) => {
      const values = doc.facets[f.name] ?? [];
      return [f.name, f.many ? values : (values[0] ?? '')];
    }),
  );
  return {
    ...facets,
    id: doc.id,
    ...analyseDocument(doc),
    publishedAt: doc.publishedAt,
    views: doc.views,
    adoptions: doc.adoptions,
  };
}

/**
 * The query string: the stems of what was typed (synonyms are the index's `synonyms` setting, typos and the
 * prefix of the last word are Meilisearch's own), quoted phrases kept as phrases. A number last is a whole token, as
 * the query plan takes it: the query then ends with a space, which is how Meilisearch is told the last word is
 * complete, so «школа 3» does not find school 30.
 */
export function toMeiliQuery(plan: QueryPlan): string {
  const q = plan.groups
    .map((group) => {
      const stems = analyze(group.words.join(' ')).join(' ');
      return group.quoted ? `"${stems}"` : stems;
    })
    .filter(Boolean)
    .join(' ');
  const last = plan.groups.at(-1);
  const lastWord = last && !last.quoted ? last.words.at(-1) : undefined;
  return lastWord !== undefined && isNumberWord(lastWord) ? `${q} ` : q;
}
