/** What each engine stores of a document: its text analysed into stems, field by field. */
import { analyzeToText } from './analysis/analyze.js';
import type { SearchDocument } from './port.js';

/** Field weights of relevance: title > vocabulary terms and keywords > summary > sections. */
export const FIELD_WEIGHTS = { title: 10, terms: 5, summary: 3, body: 1 } as const;

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
