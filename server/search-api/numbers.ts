/**
 * A registry number typed in the search box is a request for that practice, not words to look for: «67» of
 * `67-2099-0001` would otherwise match «Кванториум-67» and whatever else holds a 67.
 */
import type { FacetCounts, Filters, SearchDocument } from '../../search/port.js';
import type { DbOrTx } from '../db/client.js';
import { findPracticeByRegistryNumber } from '../practices/repository.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { loadSearchDocument } from './documents.js';

/** `67-2026-0013`, `№ 67-2026-0013`, `67-2026-0013/v2` or `… v 2`: the number and the version asked for. */
export function registryNumberIn(q: string): { number: string; version: number | undefined } | undefined {
  const match = /^\s*(?:№\s*)?(67-\d{4}-\d{4,})(?:\s*\/?\s*v\s*(\d{1,5}))?\s*$/i.exec(q);
  if (!match) return undefined;
  return { number: match[1]!, version: match[2] ? Number(match[2]) : undefined };
}

/** What the bank holds under a registry number, as search may show it. */
export type NumberLookup = { found: 'published'; doc: SearchDocument } | { found: 'withdrawn' } | { found: 'nothing' };

/** The searchable practice under `number`, or why there is none. */
export function lookUpNumber(db: DbOrTx, number: string, vocabularies: VocabularyCatalogue): NumberLookup {
  const practice = findPracticeByRegistryNumber(db, number);
  if (!practice) return { found: 'nothing' };
  const doc = loadSearchDocument(db, practice, vocabularies);
  return doc ? { found: 'published', doc } : { found: 'withdrawn' };
}

const fits = (doc: SearchDocument, filters: Filters, except?: string) =>
  Object.entries(filters).every(
    ([facet, values]) => facet === except || values.length === 0 || values.some((v) => doc.facets[facet]?.includes(v)),
  );

/** Whether the practice passes the filters, and the facet counts of a result of that one practice. */
export function singlePracticeResult(doc: SearchDocument, filters: Filters): { total: number; facets: FacetCounts } {
  const facets: FacetCounts = {};
  for (const [facet, values] of Object.entries(doc.facets))
    facets[facet] = fits(doc, filters, facet) ? Object.fromEntries(values.map((v) => [v, 1])) : {};
  return { total: fits(doc, filters) ? 1 : 0, facets };
}
