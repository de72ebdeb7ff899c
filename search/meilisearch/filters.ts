/**
 * Meilisearch filter expressions. Every value is quoted and escaped: a value never becomes filter syntax,
 * whatever a caller puts in it.
 */
import type { FacetFields, Filters } from '../port.js';

/** A value as a Meilisearch string literal: double-quoted, with backslashes and quotes escaped. */
export function quoteValue(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/**
 * `levels IN ["preschool", "primary"] AND year IN ["2025"]` over the declared facets (whose names are plain
 * identifiers, see `checkFacetFields`), leaving out `except`; undefined when nothing filters.
 */
export function buildFilter(filters: Filters, fields: FacetFields, except?: string): string | undefined {
  const clauses = fields
    .map((f) => f.name)
    .filter((facet) => facet !== except && (filters[facet]?.length ?? 0) > 0)
    .map((facet) => `${facet} IN [${filters[facet]!.map(quoteValue).join(', ')}]`);
  return clauses.length > 0 ? clauses.join(' AND ') : undefined;
}
