/** Builds what the search engines index from practices in the database. */
import { and, asc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { adoptions, attachments, organizations, practices, practiceTerms, practiceVersions } from '../db/schema.js';
import { ADOPTED_VALUE, FACETS, SECTIONS, type Section } from '../model/practice.js';
import { PRACTICE_VOCABULARIES, vocabularySpec, type PracticeVocabulary } from '../model/vocabularies.js';
import type { PracticeContent } from '../practices/content.js';
import type * as repo from '../practices/repository.js';
import { perSection } from '../practices/schemas.js';
import { publicationYear } from '../registry/numbers.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { stripMarkdown } from '../../search/analysis/normalize.js';
import type { SearchDocument } from '../../search/port.js';
import { perConnection } from '../db/prepared.js';

/** What of a practice's content is indexed. */
export type IndexedContent = Pick<PracticeContent, 'title' | 'summary' | Section | PracticeVocabulary | 'keywords'>;

export interface PublishedPractice {
  id: number;
  content: IndexedContent;
  /** Text extracted from the version's attached documents. */
  attachmentTexts?: string[];
  organization: { name: string; shortName: string | null; type: string; municipality: string };
  publishedAt: string;
  views: number;
  /** Confirmed adoptions by other organisations; none when left out (an import writes new practices). */
  adoptions?: number;
}

/** Labels and synonyms of a practice's terms: what lets «лего» find a practice tagged «робототехника». */
export function vocabularyTextOf(
  codes: Partial<Pick<PracticeContent, PracticeVocabulary>>,
  vocabularies: VocabularyCatalogue,
): string {
  return PRACTICE_VOCABULARIES.flatMap((v) =>
    (codes[v] ?? []).flatMap((code) =>
      vocabularies
        .terms(v)
        .filter((t) => t.code === code)
        .flatMap((t) => [t.label, ...t.synonyms]),
    ),
  ).join(' ; ');
}

/** Enough for every section and the attached plans of a practice; beyond it the index only grows. */
const MAX_BODY_CHARS = 400_000;

/** At most `max` UTF-16 units, never half of a surrogate pair (Meilisearch would refuse the JSON). */
function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = text.charCodeAt(max - 1) >= 0xd800 && text.charCodeAt(max - 1) <= 0xdbff ? max - 1 : max;
  return text.slice(0, end);
}

/** The values of every facet of the model: terms the authors chose, codes of the organisation, the year. */
function facetValuesOf(p: PublishedPractice): Record<string, string[]> {
  return Object.fromEntries(
    FACETS.map((facet) => {
      if (facet.values) return [facet.field, (p.adoptions ?? 0) > 0 ? [ADOPTED_VALUE] : []];
      if (!facet.vocabulary) return [facet.field, [String(publicationYear(p.publishedAt))]];
      const spec = vocabularySpec(facet.vocabulary);
      if (spec.organizationField) return [facet.field, [p.organization[spec.organizationField]]];
      return [facet.field, p.content[facet.vocabulary as PracticeVocabulary]];
    }),
  );
}

/**
 * The document of a published practice: pure, so the importer can index what it has just written. `plain` turns
 * Markdown into its words (a caller reading the same practices again may pass a cached one).
 */
export function toSearchDocument(
  p: PublishedPractice,
  vocabularies: VocabularyCatalogue,
  plain: (markdown: string) => string = stripMarkdown,
): SearchDocument {
  const vocabularyText = vocabularyTextOf(p.content, vocabularies);
  return {
    id: p.id,
    title: p.content.title,
    summary: plain(p.content.summary),
    body: cutAt([...SECTIONS.map((s) => plain(p.content[s])), ...(p.attachmentTexts ?? [])].join('\n'), MAX_BODY_CHARS),
    names: [
      p.organization.name,
      p.organization.shortName ?? '',
      vocabularies.label('municipalities', p.organization.municipality) ?? '',
    ].join(' ; '),
    keywords: p.content.keywords,
    vocabularyText,
    facets: facetValuesOf(p),
    publishedAt: Date.parse(p.publishedAt),
    views: p.views,
    adoptions: p.adoptions ?? 0,
  };
}

function prepareQueries(db: DbOrTx) {
  const id = sql.placeholder('id');
  return {
    practice: db.select().from(practices).where(eq(practices.id, id)).prepare(),
    version: db
      .select({
        id: practiceVersions.id,
        title: practiceVersions.title,
        summary: practiceVersions.summary,
        ...perSection((s) => practiceVersions[s]),
        keywords: practiceVersions.keywords,
        organizationId: practiceVersions.organizationId,
        publishedAt: practiceVersions.publishedAt,
        updatedAt: practiceVersions.updatedAt,
      })
      .from(practiceVersions)
      .where(eq(practiceVersions.id, id))
      .prepare(),
    terms: db
      .select({ vocabulary: practiceTerms.vocabulary, code: practiceTerms.code })
      .from(practiceTerms)
      .where(eq(practiceTerms.versionId, id))
      .orderBy(asc(practiceTerms.vocabulary), asc(practiceTerms.ordinal))
      .prepare(),
    organization: db
      .select({
        name: organizations.name,
        shortName: organizations.shortName,
        type: organizations.type,
        municipality: organizations.municipality,
      })
      .from(organizations)
      .where(eq(organizations.id, id))
      .prepare(),
    // The texts extracted from the version's files (as `attachmentTexts` reads them) and its confirmed adoptions.
    attachmentTexts: db
      .select({ text: attachments.text })
      .from(attachments)
      .where(and(eq(attachments.versionId, id), eq(attachments.textStatus, 'done')))
      .prepare(),
    adoptions: db
      .select({ n: sql<number>`count(*)` })
      .from(adoptions)
      .where(and(eq(adoptions.practiceId, id), eq(adoptions.status, 'confirmed')))
      .prepare(),
  };
}

/**
 * Prepared once per connection: a long question's feedback reads the documents of its best matches on every
 * search, and building its six queries anew took longer than running them.
 */
const queriesOf = perConnection(prepareQueries);

/** The document of a practice the public may see, or undefined (never published, or withdrawn). */
export function loadSearchDocument(
  db: DbOrTx,
  practice: repo.PracticeRow,
  vocabularies: VocabularyCatalogue,
  plain: (markdown: string) => string = stripMarkdown,
): SearchDocument | undefined {
  if (practice.publishedVersionId === null || practice.withdrawnAt !== null) return undefined;
  const queries = queriesOf(db);
  const version = queries.version.get({ id: practice.publishedVersionId });
  if (!version || version.organizationId === null) return undefined;
  const organization = queries.organization.get({ id: version.organizationId });
  if (!organization) return undefined;
  const terms = Object.fromEntries(PRACTICE_VOCABULARIES.map((v) => [v, [] as string[]])) as Record<
    PracticeVocabulary,
    string[]
  >;
  for (const row of queries.terms.all({ id: version.id })) terms[row.vocabulary].push(row.code);
  return toSearchDocument(
    {
      id: practice.id,
      content: {
        title: version.title,
        summary: version.summary,
        ...perSection((s) => version[s]),
        ...terms,
        keywords: version.keywords,
      },
      organization,
      publishedAt: version.publishedAt ?? version.updatedAt,
      views: practice.viewCount,
      adoptions: queries.adoptions.get({ id: practice.id })?.n ?? 0,
      attachmentTexts: queries.attachmentTexts.all({ id: version.id }).map((r) => r.text ?? ''),
    },
    vocabularies,
    plain,
  );
}

/** The document of practice `id` if the public may see it: what a search reads of its best matches. */
export function readSearchDocument(
  db: DbOrTx,
  id: number,
  vocabularies: VocabularyCatalogue,
  plain: (markdown: string) => string = stripMarkdown,
): SearchDocument | undefined {
  const practice = queriesOf(db).practice.get({ id });
  return practice ? loadSearchDocument(db, practice, vocabularies, plain) : undefined;
}

/** Every searchable practice, in batches: what `reindex` feeds an engine. */
export function* allSearchDocuments(
  db: DbOrTx,
  vocabularies: VocabularyCatalogue,
  batchSize = 500,
): Generator<SearchDocument[]> {
  let after = 0;
  for (;;) {
    const rows = db
      .select()
      .from(practices)
      .where(and(gt(practices.id, after), isNotNull(practices.publishedVersionId), isNull(practices.withdrawnAt)))
      .orderBy(asc(practices.id))
      .limit(batchSize)
      .all();
    if (rows.length === 0) return;
    after = rows.at(-1)!.id;
    yield rows.flatMap((row) => loadSearchDocument(db, row, vocabularies) ?? []);
  }
}
