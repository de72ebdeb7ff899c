/**
 * What the public pages of organisations and municipalities show: an organisation's details and its published
 * practices, the directory with practice counts, and a municipality's organisations, practices and levels.
 * Only published, non-withdrawn practices are ever counted or listed.
 */
import type { Db } from '../db/client.js';
import { AppError, validationError, type ErrorDetail } from '../errors.js';
import { publishedOfOrganization, type ListedPractice } from '../registry/repository.js';
import type { SearchService } from '../search-api/service.js';
import { searchQuery } from '../search-api/schemas.js';
import { foldKey } from '../shared/text.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import * as repo from './repository.js';

export const PRACTICES_PER_PAGE = 50;
export const ORGANIZATIONS_PER_PAGE = 30;

export interface OrganizationDetails {
  id: number;
  name: string;
  shortName: string | null;
  type: string;
  typeLabel: string;
  municipality: string;
  municipalityLabel: string;
  inn: string | null;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
}

const pagesOf = (total: number, perPage: number) => Math.max(1, Math.ceil(total / perPage));

export interface ProfileDeps {
  db: Db;
  vocabularies: VocabularyCatalogue;
  search: Pick<SearchService, 'search'>;
}

export function createOrganizationProfiles({ db, vocabularies, search }: ProfileDeps) {
  const details = (row: repo.OrganizationRow): OrganizationDetails => ({
    id: row.id,
    name: row.name,
    shortName: row.shortName,
    type: row.type,
    typeLabel: vocabularies.label('organizationTypes', row.type) ?? row.type,
    municipality: row.municipality,
    municipalityLabel: vocabularies.label('municipalities', row.municipality) ?? row.municipality,
    inn: row.inn,
  });

  function municipalityLabel(code: string): string {
    const label = vocabularies.label('municipalities', code);
    if (!label)
      throw new AppError('MUNICIPALITY_NOT_FOUND', `Муниципального образования с кодом «${code}» нет в справочнике`);
    return label;
  }

  return {
    /**
     * An organisation with a page of its published practices, or where a merged entry now lives
     * (`movedTo`), so old links keep working.
     */
    organization(
      id: number,
      page: number,
    ): { movedTo: number } | { movedTo: null; organization: OrganizationDetails; practices: Paged<ListedPractice> } {
      const row = repo.findOrganization(db, id);
      if (!row) throw new AppError('ORGANIZATION_NOT_FOUND');
      if (row.mergedIntoId !== null) {
        const target = repo.followMerges(db, id);
        if (!target) throw new AppError('ORGANIZATION_NOT_FOUND');
        return { movedTo: target.id };
      }
      const { items, total } = publishedOfOrganization(db, id, {
        limit: PRACTICES_PER_PAGE,
        offset: (page - 1) * PRACTICES_PER_PAGE,
      });
      // An entry an author added and no admin confirmed has no page of its own until a practice of it is published:
      // otherwise anyone could put a page with a name of their choosing on the bank's site.
      if (row.status === 'new' && total === 0) throw new AppError('ORGANIZATION_NOT_FOUND');
      return {
        movedTo: null,
        organization: details(row),
        practices: { items, total, page, pages: pagesOf(total, PRACTICES_PER_PAGE) },
      };
    },

    /** The directory: by words of the name, municipality and type, with each entry's count of practices. */
    directory(query: {
      q?: string | undefined;
      municipality?: string | undefined;
      type?: string | undefined;
      page: number;
    }) {
      const problems: ErrorDetail[] = [];
      if (query.municipality && !vocabularies.has('municipalities', query.municipality))
        problems.push({ field: 'querystring.municipality', message: `Неизвестный код «${query.municipality}»` });
      if (query.type && !vocabularies.has('organizationTypes', query.type))
        problems.push({ field: 'querystring.type', message: `Неизвестный код «${query.type}»` });
      if (problems.length > 0) throw validationError(problems);
      const { items, total } = repo.searchOrganizations(db, {
        q: query.q ? foldKey(query.q) : undefined,
        municipality: query.municipality,
        type: query.type,
        limit: ORGANIZATIONS_PER_PAGE,
        offset: (query.page - 1) * ORGANIZATIONS_PER_PAGE,
      });
      const counts = repo.publishedCounts(
        db,
        items.map((o) => o.id),
      );
      return {
        items: items.map((o) => ({ ...details(o), practices: counts.get(o.id) ?? 0 })),
        total,
        page: query.page,
        pages: pagesOf(total, ORGANIZATIONS_PER_PAGE),
      };
    },

    /** A municipality: its organisations (busiest first), its newest practices and their counts by level. */
    async municipality(code: string, page: number) {
      const label = municipalityLabel(code);
      const orgs = repo.organizationsByPractices(db, code, { limit: ORGANIZATIONS_PER_PAGE, offset: 0 });
      const result = await search.search(searchQuery.parse({ municipality: code, sort: 'newest', page, perPage: 20 }));
      return {
        code,
        label,
        organizations: { items: orgs.items.map((o) => ({ ...details(o), practices: o.practices })), total: orgs.total },
        practices: {
          items: result.hits,
          total: result.total,
          page,
          pages: pagesOf(result.total, 20),
        },
        levels: result.facets.level.filter((l) => l.count > 0),
      };
    },

    /** Municipality and organisation-type choices for the directory's filters. */
    choices() {
      return {
        municipalities: vocabularies.terms('municipalities').map((t) => ({ value: t.code, label: t.label })),
        types: vocabularies.terms('organizationTypes').map((t) => ({ value: t.code, label: t.label })),
      };
    },
  };
}

export type OrganizationProfiles = ReturnType<typeof createOrganizationProfiles>;
