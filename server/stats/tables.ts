/**
 * The statistics anyone may read, each a table `{ title, header, rows }` computed by SQL aggregates: the page
 * draws it as a chart beside the table, the CSV and XLSX writers write it as it is. They count only what is
 * public — the current published version of practices not withdrawn — so nothing about drafts or reviews leaks.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { VOCABULARY_MODEL, type PracticeVocabulary } from '../model/vocabularies.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';

/** One statistics table: what a page, a CSV and a spreadsheet all show. */
export interface StatsTable {
  title: string;
  header: string[];
  rows: (string | number)[][];
  /** One line saying how to read it (what is counted), shown under the title. */
  note?: string;
}

/**
 * The current published version of each public practice, as `v`, with its practice `p`. Read through the partial
 * index `practice_versions_public` (state = 'published'), which holds every column statistics need: the version
 * rows themselves, each with its whole text, are never read.
 */
export const PUBLIC_VERSIONS = sql`practice_versions v INDEXED BY practice_versions_public
  JOIN practices p ON p.id = v.practice_id AND p.published_version_id = v.id AND p.withdrawn_at IS NULL`;
const IS_PUBLIC = sql`v.state = 'published'`;

/** Rows for every term of a vocabulary in its order, zeros included, from the counts found. */
function everyTerm(terms: { code: string; label: string }[], counts: { code: string; n: number }[]) {
  const byCode = new Map(counts.map((c) => [c.code, c.n]));
  return terms.map((t) => [t.label, byCode.get(t.code) ?? 0]);
}

/** Published practices per term of a vocabulary the authors choose (a practice counts under each of its terms). */
export function practicesByTerm(db: DbOrTx, vocabularies: VocabularyCatalogue, vocabulary: PracticeVocabulary) {
  // Each public version, then its codes from the terms' primary key (version, vocabulary, code): indexes only.
  const counts = db.all<{ code: string; n: number }>(
    sql`SELECT t.code AS code, count(*) AS n FROM ${PUBLIC_VERSIONS}
        CROSS JOIN practice_terms t ON t.version_id = v.id AND t.vocabulary = ${vocabulary}
        WHERE ${IS_PUBLIC} GROUP BY t.code`,
  );
  const spec = VOCABULARY_MODEL[vocabulary];
  return {
    title: `Практики по разделу «${spec.title}»`,
    header: [spec.singular, 'Опубликованных практик'],
    rows: everyTerm(vocabularies.terms(vocabulary), counts),
    note: 'Практика с несколькими значениями учтена в каждом из них.',
  } satisfies StatsTable;
}

/** Published practices per municipality of their organisation: all 27, zeros included. */
export function practicesByMunicipality(db: DbOrTx, vocabularies: VocabularyCatalogue): StatsTable {
  // Counted per organisation first: a few thousand organisations are read, not one per practice.
  const counts = db.all<{ code: string; n: number }>(
    sql`SELECT o.municipality AS code, sum(c.n) AS n FROM (
          SELECT v.organization_id AS id, count(*) AS n FROM ${PUBLIC_VERSIONS} WHERE ${IS_PUBLIC}
          GROUP BY v.organization_id
        ) c JOIN organizations o ON o.id = c.id GROUP BY o.municipality`,
  );
  return {
    title: 'Практики по муниципальным образованиям',
    header: ['Муниципальное образование', 'Опубликованных практик'],
    rows: everyTerm(vocabularies.terms('municipalities'), counts),
  };
}

/** Published practices per year of publication (Moscow time, as the search's year filter). */
export function practicesByYear(db: DbOrTx): StatsTable {
  const rows = db.all<{ year: string; n: number }>(
    sql`SELECT strftime('%Y', v.published_at, '+3 hours') AS year, count(*) AS n FROM ${PUBLIC_VERSIONS}
        WHERE ${IS_PUBLIC} AND v.published_at IS NOT NULL GROUP BY year ORDER BY year`,
  );
  return {
    title: 'Практики по году публикации',
    header: ['Год', 'Опубликованных практик'],
    rows: rows.map((r) => [r.year, r.n]),
  };
}

/** Every month from the first to the last, so a quiet month shows as a zero rather than vanishing. */
export function everyMonth(counts: { month: string; n: number }[]): (string | number)[][] {
  if (counts.length === 0) return [];
  const byMonth = new Map(counts.map((c) => [c.month, c.n]));
  const [first, last] = [counts[0]!.month, counts.at(-1)!.month];
  const rows: (string | number)[][] = [];
  for (let [y, m] = first.split('-').map(Number) as [number, number]; ;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    rows.push([month, byMonth.get(month) ?? 0]);
    if (month >= last) return rows;
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
}

/** Views per month (visitors once a day each, robots never), from the daily counts' covering index. */
export function viewsByMonth(db: DbOrTx): StatsTable {
  const counts = db.all<{ month: string; n: number }>(
    sql`SELECT substr(day, 1, 7) AS month, sum(views) AS n FROM practice_views_daily GROUP BY month ORDER BY month`,
  );
  return {
    title: 'Просмотры практик по месяцам',
    header: ['Месяц', 'Просмотров'],
    rows: everyMonth(counts),
    note: 'Посетитель учитывается один раз в день на практику; поисковые роботы не учитываются.',
  };
}

/** Downloads of files per month, counted like views. */
export function downloadsByMonth(db: DbOrTx): StatsTable {
  const counts = db.all<{ month: string; n: number }>(
    sql`SELECT substr(day, 1, 7) AS month, sum(downloads) AS n FROM attachment_downloads_daily
        GROUP BY month ORDER BY month`,
  );
  return {
    title: 'Скачивания материалов по месяцам',
    header: ['Месяц', 'Скачиваний'],
    rows: everyMonth(counts),
    note: 'Посетитель учитывается один раз в день на файл; поисковые роботы не учитываются.',
  };
}

/** How many practices the public sees. */
export function publishedCount(db: DbOrTx): number {
  return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${PUBLIC_VERSIONS} WHERE ${IS_PUBLIC}`)?.n ?? 0;
}
