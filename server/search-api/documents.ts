/** Builds what the search engines index from practices in the database. */
import { and, asc, gt, isNotNull, isNull } from 'drizzle-orm';
import { attachmentTexts } from '../attachments/service.js';
import type { DbOrTx } from '../db/client.js';
import { practices } from '../db/schema.js';
import { confirmedCount } from '../adoptions/repository.js';
import { ADOPTED_VALUE, FACETS, SECTIONS } from '../model/practice.js';
import { PRACTICE_VOCABULARIES, vocabularySpec, type PracticeVocabulary } from '../model/vocabularies.js';
import type { PracticeContent } from '../practices/content.js';
import { contentOf } from '../practices/content.js';
import * as repo from '../practices/repository.js';
import { publicationYear } from '../registry/numbers.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { stripMarkdown } from '../../search/analysis/normalize.js';
import type { SearchDocument } from '../../search/port.js';

export interface PublishedPractice {
  id: number;
  content: PracticeContent;
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

/** The document of a published practice: pure, so the importer can index what it has just written. */
export function toSearchDocument(p: PublishedPractice, vocabularies: VocabularyCatalogue): SearchDocument {
  const vocabularyText = vocabularyTextOf(p.content, vocabularies);
  return {
    id: p.id,
    title: p.content.title,
    summary: stripMarkdown(p.content.summary),
    body: cutAt(
      [...SECTIONS.map((s) => stripMarkdown(p.content[s])), ...(p.attachmentTexts ?? [])].join('\n'),
      MAX_BODY_CHARS,
    ),
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

/** The document of a practice the public may see, or undefined (never published, or withdrawn). */
export function loadSearchDocument(
  db: DbOrTx,
  practice: repo.PracticeRow,
  vocabularies: VocabularyCatalogue,
): SearchDocument | undefined {
  if (practice.publishedVersionId === null || practice.withdrawnAt !== null) return undefined;
  const version = repo.findVersion(db, practice.publishedVersionId);
  if (!version) return undefined;
  const details = repo.loadVersionDetails(db, version);
  if (!details.organization) return undefined;
  return toSearchDocument(
    {
      id: practice.id,
      content: contentOf(details),
      organization: details.organization,
      publishedAt: version.publishedAt ?? version.updatedAt,
      views: practice.viewCount,
      adoptions: confirmedCount(db, practice.id),
      attachmentTexts: attachmentTexts(db, version.id),
    },
    vocabularies,
  );
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
