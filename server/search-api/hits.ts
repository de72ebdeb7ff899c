/** Loads the practices of a result page in a few queries, whatever the page size. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { organizations, practices, practiceTerms, practiceVersions } from '../db/schema.js';
import { PRACTICE_VOCABULARIES } from '../model/vocabularies.js';
import type { PracticeContent } from '../practices/content.js';
import type { TermLists } from '../practices/repository.js';
import type { Section } from '../model/practice.js';
import { perSection } from '../practices/schemas.js';

/** A hit's practice: its texts (for highlighting and snippets), place, codes and counters. */
export interface HitRow extends Pick<PracticeContent, 'title' | 'summary' | Section> {
  id: number;
  registryNumber: string | null;
  publishedAt: string | null;
  views: number;
  organization: { id: number; name: string; shortName: string | null; type: string; municipality: string } | null;
  terms: TermLists;
}

/** The ids as one parameter: one prepared statement serves a page of any size. */
const idList = (placeholder: string) => sql`(SELECT value FROM json_each(${sql.placeholder(placeholder)}))`;

function prepareQueries(db: DbOrTx) {
  return {
    rows: db
      .select({
        id: practices.id,
        registryNumber: practices.registryNumber,
        versionId: practiceVersions.id,
        title: practiceVersions.title,
        summary: practiceVersions.summary,
        ...perSection((s) => practiceVersions[s]),
        publishedAt: practiceVersions.publishedAt,
        views: practices.viewCount,
        orgId: organizations.id,
        orgName: organizations.name,
        orgShortName: organizations.shortName,
        orgType: organizations.type,
        orgMunicipality: organizations.municipality,
      })
      .from(practices)
      .innerJoin(practiceVersions, eq(practiceVersions.id, practices.publishedVersionId))
      .leftJoin(organizations, eq(organizations.id, practiceVersions.organizationId))
      // Only what the public may see, whatever an engine returned.
      .where(and(inArray(practices.id, idList('ids')), eq(practiceVersions.state, 'published')))
      .prepare(),
    terms: db
      .select()
      .from(practiceTerms)
      .where(inArray(practiceTerms.versionId, idList('versionIds')))
      .orderBy(asc(practiceTerms.ordinal))
      .prepare(),
  };
}

/**
 * Prepared once per connection: building and preparing the two queries anew took about as long as running them
 * (a search page's hits are loaded on every search).
 */
const prepared = new WeakMap<object, ReturnType<typeof prepareQueries>>();

export function loadHits(db: DbOrTx, ids: number[]): Map<number, HitRow> {
  if (ids.length === 0) return new Map();
  let queries = prepared.get(db);
  if (!queries) prepared.set(db, (queries = prepareQueries(db)));
  const rows = queries.rows.all({ ids: JSON.stringify(ids) });
  const versionIds = rows.map((r) => r.versionId);
  const terms = versionIds.length ? queries.terms.all({ versionIds: JSON.stringify(versionIds) }) : [];
  const result = new Map<number, HitRow>();
  for (const r of rows) {
    const lists = Object.fromEntries(PRACTICE_VOCABULARIES.map((v) => [v, [] as string[]])) as TermLists;
    for (const t of terms) if (t.versionId === r.versionId) lists[t.vocabulary].push(t.code);
    result.set(r.id, {
      id: r.id,
      registryNumber: r.registryNumber,
      title: r.title,
      summary: r.summary,
      ...perSection((s) => r[s]),
      publishedAt: r.publishedAt,
      views: r.views,
      organization:
        r.orgId === null
          ? null
          : {
              id: r.orgId,
              name: r.orgName!,
              shortName: r.orgShortName,
              type: r.orgType!,
              municipality: r.orgMunicipality!,
            },
      terms: lists,
    });
  }
  return result;
}
