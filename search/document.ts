/** What each engine stores of a document: its text analysed into stems, field by field. */
import { analyzeToText } from './analysis/analyze.js';
import { analyseNames } from './analysis/names.js';
import type { SearchDocument } from './port.js';

/*
 * Relevance weighs the fields title > vocabulary terms and keywords > summary > the organisation's names > sections:
 * 10, 5, 3, 2, 1 — kept as the FTS5 table's rank (migration 0019_search_names) and as the order of Meilisearch's
 * searchableAttributes. A query that names an organisation is ranked by the names first, before any of these.
 */

export interface AnalysedFields {
  title: string;
  terms: string;
  summary: string;
  names: string;
  body: string;
}

export function analyseDocument(doc: SearchDocument): AnalysedFields {
  return {
    title: analyzeToText(doc.title),
    terms: analyzeToText(`${doc.keywords.join(' ; ')} ; ${doc.vocabularyText}`),
    summary: analyzeToText(doc.summary),
    names: analyseNames(doc.names),
    body: analyzeToText(doc.body),
  };
}
