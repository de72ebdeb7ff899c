/**
 * Adoptions in the statistics: confirmed reports on practices the public sees, by the adopting organisation's
 * municipality and by the year the adoption began. Unconfirmed reports are never counted: only moderators see them.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import type { StatsTable } from './tables.js';

const CONFIRMED = sql`adoptions a JOIN practices p ON p.id = a.practice_id
  AND p.published_version_id IS NOT NULL AND p.withdrawn_at IS NULL
  JOIN organizations o ON o.id = a.organization_id
  WHERE a.status = 'confirmed'`;

/** Confirmed adoptions per municipality of the adopting organisation: all 27, zeros included. */
export function adoptionsByMunicipality(db: DbOrTx, vocabularies: VocabularyCatalogue): StatsTable {
  const counts = db.all<{ code: string; n: number; orgs: number }>(
    sql`SELECT o.municipality AS code, count(*) AS n, count(DISTINCT a.organization_id) AS orgs
        FROM ${CONFIRMED} GROUP BY o.municipality`,
  );
  const byCode = new Map(counts.map((c) => [c.code, c]));
  return {
    title: 'Внедрения практик по муниципальным образованиям',
    header: ['Муниципальное образование', 'Подтверждённых внедрений', 'Организаций, внедривших практики'],
    rows: vocabularies
      .terms('municipalities')
      .map((t) => [t.label, byCode.get(t.code)?.n ?? 0, byCode.get(t.code)?.orgs ?? 0]),
    note: 'Учтены подтверждённые модераторами сообщения о внедрении; муниципалитет — организации, которая внедрила практику.',
  };
}

/** Confirmed adoptions per year the adoption began. */
export function adoptionsByYear(db: DbOrTx): StatsTable {
  const rows = db.all<{ year: string; n: number }>(
    sql`SELECT substr(a.since, 1, 4) AS year, count(*) AS n FROM ${CONFIRMED} GROUP BY year ORDER BY year`,
  );
  return {
    title: 'Внедрения практик по году начала',
    header: ['Год', 'Подтверждённых внедрений'],
    rows: rows.map((r) => [r.year, r.n]),
  };
}
