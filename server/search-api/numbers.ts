/**
 * A registry number typed in the search box is a request for that practice, not words to look for: «67» of
 * `67-2099-0001` would otherwise match «Кванториум-67» and whatever else holds a 67.
 */
import type { FacetCounts, Filters, SearchDocument } from '../../search/port.js';
import type { DbOrTx } from '../db/client.js';
import { findPracticeByRegistryNumber } from '../practices/repository.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { loadSearchDocument } from './documents.js';

/** Any dash a person may type or paste between the parts: hyphen, en and em dashes, minus. */
const DASH = String.raw`(?:\s*[-\u2010-\u2015\u2212]\s*|\s+)`;
const NUMBER = new RegExp(
  String.raw`^\s*(?:№\s*)?(67)${DASH}(\d{4})${DASH}(\d{4,})(?:\s*\/?\s*(?:v|в|версия)\s*(\d{1,5}))?\s*$`,
  'iu',
);

/**
 * `67-2026-0013`, `№ 67-2026-0013`, `67 – 2026 – 0013` or `67 2026 0013` (dashes of any kind or spaces, as
 * citations print them and people retype them), `67-2026-0013/v2`, `… V 2` or `… /в2` (the version's letter typed in Cyrillic): the number and the
 * version asked for.
 */
export function registryNumberIn(q: string): { number: string; version: number | undefined } | undefined {
  const match = NUMBER.exec(q);
  if (!match) return undefined;
  return { number: `${match[1]}-${match[2]}-${match[3]}`, version: match[4] ? Number(match[4]) : undefined };
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
