/**
 * Statistics of the bank by name: the public ones (`/stats`) and the administrators' (`/admin/stats`), each a
 * `StatsTable` that a page draws as a chart with its table, and that CSV (and XLSX) writers write as it is.
 */
import type { Db } from '../db/client.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { adoptionsByMunicipality, adoptionsByYear } from './adoptions.js';
import { decisionsByReviewer, decisionTimes, moderationQueue, practicesByState } from './moderation.js';
import {
  downloadsByMonth,
  practicesByMunicipality,
  practicesByTerm,
  practicesByYear,
  publishedCount,
  viewsByMonth,
  type StatsTable,
} from './tables.js';

/** Tables anyone may read, in the order the page shows them; the names are also the CSV files' names. */
export const PUBLIC_STATS = [
  'municipalities',
  'levels',
  'subjects',
  'technologies',
  'years',
  'views',
  'downloads',
  'adoptions-municipalities',
  'adoptions-years',
] as const;
/** Tables for administrators: the public ones, practices in every state, and the moderators' work. */
export const ADMIN_STATS = ['states', ...PUBLIC_STATS, 'queue', 'decision-times', 'reviewers'] as const;
export type AdminStat = (typeof ADMIN_STATS)[number];

/**
 * How long a computed table is served again. At 100,000 practices a vocabulary's counts take about a second
 * (index-only, see EXPLAIN QUERY PLAN in the report), and statistics need not be live to the second.
 */
const MAX_AGE_MS = 5 * 60_000;

export function createStatsService({
  db,
  vocabularies,
  now = () => new Date(),
  maxAgeMs = MAX_AGE_MS,
}: {
  db: Db;
  vocabularies: VocabularyCatalogue;
  now?: () => Date;
  maxAgeMs?: number;
}) {
  const computed = new Map<AdminStat, { at: number; table: StatsTable }>();
  const tables: Record<AdminStat, () => StatsTable> = {
    municipalities: () => practicesByMunicipality(db, vocabularies),
    levels: () => practicesByTerm(db, vocabularies, 'levels'),
    subjects: () => practicesByTerm(db, vocabularies, 'subjects'),
    technologies: () => practicesByTerm(db, vocabularies, 'technologies'),
    years: () => practicesByYear(db),
    views: () => viewsByMonth(db),
    downloads: () => downloadsByMonth(db),
    'adoptions-municipalities': () => adoptionsByMunicipality(db, vocabularies),
    'adoptions-years': () => adoptionsByYear(db),
    states: () => practicesByState(db),
    queue: () => moderationQueue(db, now()),
    'decision-times': () => decisionTimes(db),
    reviewers: () => decisionsByReviewer(db),
  };
  return {
    /** One table by its name (computed at most every few minutes); a public name gives only public counts. */
    table(name: AdminStat): StatsTable {
      const at = now().getTime();
      const kept = computed.get(name);
      if (kept && at - kept.at < maxAgeMs) return kept.table;
      const table = tables[name]();
      computed.set(name, { at, table });
      return table;
    },
    /** Forgets the computed tables: the next read counts again. */
    forget: () => computed.clear(),
    /** How many practices the public sees. */
    publishedCount: () => publishedCount(db),
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
