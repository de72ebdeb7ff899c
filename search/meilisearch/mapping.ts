/** What a Meilisearch document and query look like: analysed stems, so both engines find the same practices. */
import { analyze } from '../analysis/analyze.js';
import type { QueryPlan } from '../analysis/query.js';
import { analyseDocument } from '../document.js';
import type { SearchDocument } from '../port.js';

export interface MeiliDocument {
  id: number;
  title: string;
  terms: string;
  summary: string;
  body: string;
  levels: string[];
  subjects: string[];
  technologies: string[];
  directions: string[];
  municipality: string;
  organizationType: string;
  /** A string, like every facet value, so one escaped filter form serves them all. */
  year: string;
  publishedAt: number;
  views: number;
}

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
