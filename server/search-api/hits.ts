/**
 * The hits of a result page: their practices loaded in a few queries whatever the page size, the title highlighted
 * and a snippet of the summary, or of the first section holding the words searched for.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { organizations, practices, practiceTerms, practiceVersions } from '../db/schema.js';
import { PRACTICE_VOCABULARIES } from '../model/vocabularies.js';
import type { PracticeContent } from '../practices/content.js';
import type { TermLists } from '../practices/repository.js';
import { SECTIONS, type Section } from '../model/practice.js';
import { perSection } from '../practices/schemas.js';
import { highlight, mightMatch, snippet, type HighlightTerms } from '../../search/analysis/highlight.js';
import { plainText } from './plain-text.js';
import type { SearchResult } from './schemas.js';
import { perConnection } from '../db/prepared.js';

/**
 * A hit's practice: its title and summary (for highlighting and snippets), place, codes and counters. Its sections
 * are read only for the hits whose summary does not hold the words searched for (`loadSections`).
 */
export interface HitRow extends Pick<PracticeContent, 'title' | 'summary'> {
  id: number;
  versionId: number;
  registryNumber: string | null;
  publishedAt: string | null;
  views: number;
  organization: { id: number; name: string; shortName: string | null; type: string; municipality: string } | null;
  terms: TermLists;
}

/** The ids as one parameter: one prepared statement serves a page of any size. */
const idList = (placeholder: string) => sql`(SELECT value FROM json_each(${sql.placeholder(placeholder)}))`;

/**
 * The published version once more, read from the covering index of published versions: its date and organisation
 * are stored after the five sections, and reading them from the row walked every overflow page of the practice's
 * text (three times the cost of the title and summary a page shows).
 */
const published = sql`practice_versions AS pub INDEXED BY practice_versions_public`;
const pub = {
  publishedAt: sql<string | null>`pub.published_at`,
  organizationId: sql<number | null>`pub.organization_id`,
};

function prepareQueries(db: DbOrTx) {
  return {
    rows: db
      .select({
        id: practices.id,
        registryNumber: practices.registryNumber,
        versionId: practiceVersions.id,
        title: practiceVersions.title,
        summary: practiceVersions.summary,
        publishedAt: pub.publishedAt,
        views: practices.viewCount,
        orgId: organizations.id,
        orgName: organizations.name,
        orgShortName: organizations.shortName,
        orgType: organizations.type,
        orgMunicipality: organizations.municipality,
      })
      .from(practices)
      .innerJoin(practiceVersions, eq(practiceVersions.id, practices.publishedVersionId))
      // Only what the public may see, whatever an engine returned: the published version, in state `published`.
      .innerJoin(
        published,
        sql`pub.practice_id = ${practices.id} AND pub.state = 'published' AND pub.id = ${practiceVersions.id}`,
      )
      .leftJoin(organizations, eq(organizations.id, pub.organizationId))
      .where(inArray(practices.id, idList('ids')))
      .prepare(),
    terms: db
      .select()
      .from(practiceTerms)
      .where(inArray(practiceTerms.versionId, idList('versionIds')))
      .orderBy(asc(practiceTerms.ordinal))
      .prepare(),
    sections: db
      .select({ versionId: practiceVersions.id, ...perSection((s) => practiceVersions[s]) })
      .from(practiceVersions)
      .where(inArray(practiceVersions.id, idList('versionIds')))
      .prepare(),
  };
}

/**
 * Prepared once per connection: building and preparing the two queries anew took about as long as running them
 * (a search page's hits are loaded on every search).
 */
const queriesOf = perConnection(prepareQueries);

/** The practices of a page of hits by id: only those the public may see. */
export function loadHits(db: DbOrTx, ids: number[]): Map<number, HitRow> {
  if (ids.length === 0) return new Map();
  const queries = queriesOf(db);
  const rows = queries.rows.all({ ids: JSON.stringify(ids) });
  const versionIds = rows.map((r) => r.versionId);
  const terms = versionIds.length ? queries.terms.all({ versionIds: JSON.stringify(versionIds) }) : [];
  const result = new Map<number, HitRow>();
  for (const r of rows) {
    const lists = Object.fromEntries(PRACTICE_VOCABULARIES.map((v) => [v, [] as string[]])) as TermLists;
    for (const t of terms) if (t.versionId === r.versionId) lists[t.vocabulary].push(t.code);
    result.set(r.id, {
      id: r.id,
      versionId: r.versionId,
      registryNumber: r.registryNumber,
      title: r.title,
      summary: r.summary,
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

/**
 * The description sections of some hits' versions, by version id. A page reads them only for the hits whose summary
 * misses the words: the sections are most of a practice's text, and reading them cost more than the rest of a page.
 */
function loadSections(db: DbOrTx, versionIds: number[]): Map<number, Record<Section, string>> {
  if (versionIds.length === 0) return new Map();
  const rows = queriesOf(db).sections.all({ versionIds: JSON.stringify(versionIds) });
  return new Map(rows.map((r) => [r.versionId, perSection((s) => r[s])]));
}

/** The page's hits in the engine's order, each practice the public may see with its highlighted title and snippet. */
export function pageHits(db: DbOrTx, ids: number[], terms: HighlightTerms, baseUrl: string): SearchResult['hits'] {
  const rows = loadHits(db, ids);
  const found = ids.flatMap((id) => rows.get(id) ?? []);
  const summaries = found.map((row) => snippet(plainText(row.summary), terms));
  const searched = terms.stems.size + terms.prefixes.length > 0;
  const elsewhere = searched ? found.filter((_, i) => !summaries[i]!.includes('<mark>')) : [];
  const sections = loadSections(
    db,
    elsewhere.map((row) => row.versionId),
  );
  return found.map((row, i) => ({
    id: row.id,
    registryNumber: row.registryNumber,
    permalink: row.registryNumber ? `${baseUrl}/practices/${row.registryNumber}` : null,
    title: row.title,
    titleHtml: highlight(row.title, terms),
    snippetHtml: sectionSnippet(sections.get(row.versionId), terms) ?? summaries[i]!,
    publishedAt: row.publishedAt,
    views: row.views,
    organization: row.organization,
    ...row.terms,
  }));
}

/** The snippet of the first section holding the words searched for, if one does. */
function sectionSnippet(sections: Record<Section, string> | undefined, terms: HighlightTerms): string | undefined {
  if (!sections) return undefined;
  for (const section of SECTIONS) {
    const plain = plainText(sections[section]);
    if (!mightMatch(plain, terms)) continue;
    const text = snippet(plain, terms);
    if (text.includes('<mark>')) return text;
  }
  return undefined;
}
