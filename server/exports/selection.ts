/**
 * A selection of published practices that the bank writes out whole — as a spreadsheet, a feed or a list for a
 * report: a search (its query, filters and sort, as the search page and the API take them) or an organisation's
 * practices. A municipality's practices are the search filtered by it.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { FACETS, facetValueLabel } from '../model/practice.js';
import { findOrganization } from '../organizations/repository.js';
import { publishedCollection } from '../collections/repository.js';
import type { SearchQuery } from '../search-api/schemas.js';
import type { SearchService } from '../search-api/service.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';

/** A search without its page: everything it finds. */
export type WholeSearch = Omit<SearchQuery, 'page' | 'perPage'>;

export type Selection =
  { kind: 'search'; query: WholeSearch } | { kind: 'organization'; id: number } | { kind: 'collection'; slug: string };

/** Ids read per chunk: one query for their rows, a few hundred kilobytes of them in memory. */
export const CHUNK = 1000;

export interface SelectionDeps {
  db: Db;
  search: Pick<SearchService, 'allIds'>;
  vocabularies: Pick<VocabularyCatalogue, 'label'>;
}

/**
 * An async iterable whose first step has already run: a selection that is wrong (an unknown filter code, an
 * organisation that is not there) fails before a response starts, not half-way through a download.
 */
async function primed<T>(source: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  return {
    async *[Symbol.asyncIterator]() {
      if (first.done) return;
      yield first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    },
  };
}

export function createSelections({ db, search, vocabularies }: SelectionDeps) {
  /** The organisation's published practices, newest first, in chunks. */
  async function* organizationIds(id: number): AsyncGenerator<number[]> {
    const ids = db.all<{ id: number }>(
      sql`SELECT p.id AS id FROM practices p JOIN practice_versions v ON v.id = p.published_version_id
          WHERE v.organization_id = ${id} AND p.withdrawn_at IS NULL AND p.registry_number IS NOT NULL
            AND v.state = 'published'
          ORDER BY v.published_at DESC, p.id DESC`,
    );
    for (let from = 0; from < ids.length; from += CHUNK) yield ids.slice(from, from + CHUNK).map((r) => r.id);
  }

  function organizationName(id: number): string {
    const row = findOrganization(db, id);
    if (!row) throw new AppError('ORGANIZATION_NOT_FOUND');
    return row.shortName ?? row.name;
  }

  /** What a search selected, in words: «поиск «ТРИЗ», Дошкольное образование», or «все практики». */
  function searchWords(query: WholeSearch): string {
    const chosen = FACETS.flatMap((f) =>
      (query[f.filter] ?? []).map((value) => facetValueLabel(f, value, (v, code) => vocabularies.label(v, code))),
    );
    const q = query.q?.trim();
    const parts = [...(q ? [`поиск «${q}»`] : []), ...chosen.slice(0, 3), ...(chosen.length > 3 ? ['…'] : [])];
    return parts.length > 0 ? parts.join(', ') : 'все практики';
  }

  /** A published collection's public practices in the collection's order (a draft is not there for exports). */
  function collectionOf(slug: string) {
    const found = publishedCollection(db, slug);
    if (!found) throw new AppError('COLLECTION_NOT_FOUND');
    return found;
  }

  return {
    /** The selection's practice ids in its order, checked before the first chunk is asked for. */
    async ids(selection: Selection): Promise<AsyncIterable<number[]>> {
      if (selection.kind === 'collection') {
        const { ids } = collectionOf(selection.slug);
        return (async function* () {
          for (let from = 0; from < ids.length; from += CHUNK) yield ids.slice(from, from + CHUNK);
        })();
      }
      if (selection.kind === 'organization') {
        organizationName(selection.id);
        return organizationIds(selection.id);
      }
      return primed(search.allIds({ ...selection.query, page: 1, perPage: 1 }, CHUNK));
    },

    /** The selection in a few words, for a file name, a sheet's title and a page's heading. */
    describe(selection: Selection): string {
      if (selection.kind === 'collection') return `подборка «${collectionOf(selection.slug).title}»`;
      return selection.kind === 'organization' ? organizationName(selection.id) : searchWords(selection.query);
    },
  };
}

export type Selections = ReturnType<typeof createSelections>;
