/**
 * Registry numbers `67-YYYY-NNNN`: 67 is the region's code, then the year of first publication and the
 * sequence within that year. Numbers are handed out gap-free within a year and never reused.
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { registryCounters } from '../db/schema.js';

export const REGION_CODE = '67';
export const REGISTRY_NUMBER = /^67-(\d{4})-(\d{4,})$/;

const regionYear = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Moscow', year: 'numeric' });

/**
 * The publication year of a moment, in the region's time zone (Moscow): a practice published at 00:30 on 1 January
 * there is of the new year, though it is still 31 December in UTC. The registry number, the citation and the
 * search document all take the year from here.
 */
export function publicationYear(at: Date | string): number {
  return Number(regionYear.format(typeof at === 'string' ? new Date(at) : at));
}

export function formatRegistryNumber(year: number, seq: number): string {
  return `${REGION_CODE}-${year}-${String(seq).padStart(4, '0')}`;
}

export function parseRegistryNumber(value: string): { year: number; seq: number } | undefined {
  const match = REGISTRY_NUMBER.exec(value.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const seq = Number(match[2]);
  return seq > 0 && year >= 1990 && year <= 2999 ? { year, seq } : undefined;
}

/** Takes the next number of `year`. Call inside the publishing write transaction: the counter row is its lock. */
export function allocateRegistryNumber(tx: DbOrTx, year: number): string {
  const row = tx
    .insert(registryCounters)
    .values({ year, lastSeq: 1 })
    .onConflictDoUpdate({ target: registryCounters.year, set: { lastSeq: sql`${registryCounters.lastSeq} + 1` } })
    .returning()
    .get();
  return formatRegistryNumber(year, row.lastSeq);
}

/** Records a number given from outside (an import), so the counter never hands it out again. */
export function reserveRegistryNumber(tx: DbOrTx, year: number, seq: number): void {
  const current = tx.select().from(registryCounters).where(eq(registryCounters.year, year)).get();
  if (!current) tx.insert(registryCounters).values({ year, lastSeq: seq }).run();
  else if (current.lastSeq < seq)
    tx.update(registryCounters).set({ lastSeq: seq }).where(eq(registryCounters.year, year)).run();
}
