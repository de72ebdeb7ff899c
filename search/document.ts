/** What each engine stores of a document: its text analysed into stems, field by field. */
import { analyzeToText } from './analysis/analyze.js';
import type { SearchDocument } from './port.js';

/*
 * Relevance weighs the fields title > vocabulary terms and keywords > summary > sections: 10, 5, 3, 1 — kept as the
 * FTS5 table's rank (migration 0005_search_rank) and as the order of Meilisearch's searchableAttributes.
 */

export interface AnalysedFields {
  title: string;
  terms: string;
  summary: string;
  body: string;
}

export function analyseDocument(doc: SearchDocument): AnalysedFields {
  return {
    title: analyzeToText(doc.title),
    terms: analyzeToText(`${doc.keywords.join(' ; ')} ; ${doc.vocabularyText}`),
    summary: analyzeToText(doc.summary),
    body: analyzeToText(doc.body),
  };
}
