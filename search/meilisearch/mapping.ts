/** What a Meilisearch document and query look like: analysed stems, so both engines find the same practices. */
import { analyze } from '../analysis/analyze.js';
import type { QueryPlan } from '../analysis/query.js';
import { analyseDocument, type AnalysedFields } from '../document.js';
import type { SearchDocument } from '../port.js';

/** The analysed text fields, the facets and the sort keys; `year` a string like every facet value, so one escaped filter form serves them all. */
export type MeiliDocument = AnalysedFields &
  Pick<
    SearchDocument,
    | 'id'
    | 'levels'
    | 'subjects'
    | 'technologies'
    | 'directions'
    | 'municipality'
    | 'organizationType'
    | 'publishedAt'
    | 'views'
  > & { year: string };

export function toMeiliDocument(doc: SearchDocument): MeiliDocument {
  return {
    id: doc.id,
    ...analyseDocument(doc),
    levels: doc.levels,
    subjects: doc.subjects,
    technologies: doc.technologies,
    directions: doc.directions,
    municipality: doc.municipality,
    organizationType: doc.organizationType,
    year: String(doc.year),
    publishedAt: doc.publishedAt,
    views: doc.views,
  };
}

/**
 * The query string: the stems of what was typed (synonyms are the index's `synonyms` setting, typos and the
 * prefix of the last word are Meilisearch's own), quoted phrases kept as phrases.
 */
export function toMeiliQuery(plan: QueryPlan): string {
  return plan.groups
    .map((group) => {
      const stems = analyze(group.words.join(' ')).join(' ');
      return group.quoted ? `"${stems}"` : stems;
    })
    .filter(Boolean)
    .join(' ');
}
