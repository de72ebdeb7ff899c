/**
 * Published practices as the rows of an export, a feed or a list for a report: every field a methodist's table
 * needs, vocabulary codes turned into labels, and the ГОСТ citation. Loaded a chunk of ids at a time in three
 * queries, whatever the chunk's size, so a 100,000-row export never holds more than one chunk.
 */
import type { Db } from '../db/client.js';
import { PRACTICE_VOCABULARIES, type PracticeVocabulary } from '../model/vocabularies.js';
import { formatCitation } from '../registry/citation.js';
import { publicationYear } from '../registry/numbers.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';

export interface PracticeAuthor {
  fullName: string;
  jobTitle: string;
}

/** One published practice, ready to be written out. */
export interface PracticeRecord {
  id: number;
  registryNumber: string;
  permalink: string;
  title: string;
  /** The summary as plain text. */
  summary: string;
  authors: PracticeAuthor[];
  organization: string | null;
  organizationType: string | null;
  municipality: string | null;
  /** Labels per vocabulary, in the practice's order. */
  terms: Record<PracticeVocabulary, string[]>;
  keywords: string[];
  startedYear: number | null;
  /** ISO timestamp of the current version's publication. */
  publishedAt: string;
  views: number;
  /** ГОСТ Р 7.0.100-2018, with today as the date of access. */
  citation: string;
}

export interface RecordDeps {
  db: Db;
  vocabularies: Pick<VocabularyCatalogue, 'label'>;
  baseUrl: string;
  now?: () => Date;
}

interface Row {
  id: number;
  versionId: number;
  registryNumber: string;
  title: string;
  summary: string;
  keywords: string | null;
  startedYear: number | null;
  publishedAt: string;
  views: number;
  orgName: string | null;
  orgType: string | null;
  orgMunicipality: string | null;
}

/**
 * A summary's Markdown as one line of plain text: links by their text, without emphasis, code or list marks.
 * Regular expressions rather than the Markdown parser the pages use: parsing costs a quarter of a millisecond a
 * summary, most of a 100,000-row export's time, and a summary is a paragraph or two of prose.
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '')
    .replace(/(?<!\\)(\*\*|__|\*|`+|~~)(?=\S)([^]*?[^\s\\])\1/g, '$2')
    .replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Loads the records of `ids` in their order; ids of practices that are not public are dropped. */
export function createRecordLoader({ db, vocabularies, baseUrl, now = () => new Date() }: RecordDeps) {
  const label = (vocabulary: Parameters<VocabularyCatalogue['label']>[0], code: string | null) =>
    code === null ? null : (vocabularies.label(vocabulary, code) ?? code);

  // Prepared once, ids passed as one JSON array: a chunk of a thousand ids is one statement, not a new one per chunk.
  const sqlite = db.$client;
  // Only what the public may see, whatever the caller passed.
  const practiceRows = sqlite.prepare(
    `SELECT p.id AS id, v.id AS versionId, p.registry_number AS registryNumber, v.title AS title,
            v.summary AS summary, v.keywords AS keywords, v.started_year AS startedYear,
            v.published_at AS publishedAt, p.view_count AS views, o.name AS orgName, o.type AS orgType,
            o.municipality AS orgMunicipality
     FROM practices p
          JOIN practice_versions v ON v.id = p.published_version_id
          LEFT JOIN organizations o ON o.id = v.organization_id
          WHERE p.id IN (SELECT value FROM json_each(?)) AND p.withdrawn_at IS NULL
            AND p.registry_number IS NOT NULL AND v.state = 'published'`,
  );
  const authorRows = sqlite.prepare(
    `SELECT version_id AS versionId, full_name AS fullName, job_title AS jobTitle FROM practice_authors
     WHERE version_id IN (SELECT value FROM json_each(?)) ORDER BY version_id, ordinal`,
  );
  const termRows = sqlite.prepare(
    `SELECT version_id AS versionId, vocabulary, code FROM practice_terms
     WHERE version_id IN (SELECT value FROM json_each(?)) ORDER BY version_id, ordinal`,
  );

  return function loadRecords(ids: readonly number[]): PracticeRecord[] {
    if (ids.length === 0) return [];
    const rows = practiceRows.all(JSON.stringify(ids)) as Row[];
    if (rows.length === 0) return [];
    const versions = JSON.stringify(rows.map((r) => r.versionId));
    const authors = new Map<number, PracticeAuthor[]>();
    for (const a of authorRows.all(versions) as (PracticeAuthor & { versionId: number })[])
      authors.set(a.versionId, [...(authors.get(a.versionId) ?? []), { fullName: a.fullName, jobTitle: a.jobTitle }]);
    const terms = new Map<number, Record<PracticeVocabulary, string[]>>();
    for (const t of termRows.all(versions) as { versionId: number; vocabulary: PracticeVocabulary; code: string }[]) {
      let lists = terms.get(t.versionId);
      if (!lists) terms.set(t.versionId, (lists = emptyTerms()));
      lists[t.vocabulary]?.push(label(t.vocabulary, t.code)!);
    }
    const today = now();
    const byId = new Map(
      rows.map((r): [number, PracticeRecord] => {
        const permalink = `${baseUrl}/practices/${r.registryNumber}`;
        const people = authors.get(r.versionId) ?? [];
        return [
          r.id,
          {
            id: r.id,
            registryNumber: r.registryNumber,
            permalink,
            title: r.title,
            summary: plainText(r.summary),
            authors: people,
            organization: r.orgName,
            organizationType: label('organizationTypes', r.orgType),
            municipality: label('municipalities', r.orgMunicipality),
            terms: terms.get(r.versionId) ?? emptyTerms(),
            keywords: r.keywords ? (JSON.parse(r.keywords) as string[]) : [],
            startedYear: r.startedYear,
            publishedAt: r.publishedAt,
            views: r.views,
            citation: formatCitation({
              title: r.title,
              authors: people.map((a) => a.fullName),
              year: publicationYear(r.publishedAt),
              url: permalink,
              now: today,
            }),
          },
        ];
      }),
    );
    return ids.flatMap((id) => byId.get(id) ?? []);
  };
}

export type RecordLoader = ReturnType<typeof createRecordLoader>;

const emptyTerms = () =>
  Object.fromEntries(PRACTICE_VOCABULARIES.map((v) => [v, [] as string[]])) as Record<PracticeVocabulary, string[]>;

/** Records of the ids a selection yields, chunk by chunk, stopping after `limit` records. */
export async function* recordsOf(
  ids: AsyncIterable<number[]>,
  load: RecordLoader,
  limit = Number.POSITIVE_INFINITY,
): AsyncGenerator<PracticeRecord[]> {
  let left = limit;
  for await (const chunk of ids) {
    if (left <= 0) return;
    const records = load(chunk.slice(0, left));
    left -= records.length;
    if (records.length > 0) yield records;
  }
}
