/**
 * Registry numbers `67-YYYY-NNNN`: 67 is the region's code, then the year of first publication and the
 * sequence within that year. Numbers are handed out gap-free within a year and never reused.
 */
import { perConnection } from '../db/prepared.js';

const REGION_CODE = '67';
export const REGISTRY_NUMBER = /^67-(\d{4})-(\d{4,})$/;

const regionYear = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Moscow', year: 'numeric' });

/**
 * The publication year of a moment, in the region's time zone (Moscow): a practice published at 00:30 on 1 January
 * there is of the new year, though it is still 31 December in UTC. The registry number, the citation and the
 * search document all take the year from here.
 */
export function publicationYear(at: Date | string): number {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  // Formatting a date in a time zone costs microseconds; an import asks for the same few days thousands of times.
  let year = yearsOf.get(ms);
  if (year === undefined) {
    if (yearsOf.size >= 4096) yearsOf.clear();
    year = Number(regionYear.format(ms));
    yearsOf.set(ms, year);
  }
  return year;
}

const yearsOf = new Map<number, number>();

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

/** Where publishing takes registry numbers from. Call inside the publishing write transaction. */
export interface RegistryNumbers {
  /** Takes the next number of `year`. */
  allocate(year: number): string;
  /** Records a number given from outside (an import), so it is never handed out again. */
  reserve(year: number, seq: number): void;
}

/**
 * The counter rows of a connection, one per year: a number costs one statement, prepared once per connection.
 * The counter row is the lock: inside the write transaction no other writer can take the same number.
 */
export const registryCounters = perConnection((sqlite): RegistryNumbers => {
  const next = sqlite
    .prepare<[number], number>(
      'INSERT INTO registry_counters (year, last_seq) VALUES (?, 1) ' +
        'ON CONFLICT (year) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq',
    )
    .pluck();
  const atLeast = sqlite.prepare<[number, number]>(
    'INSERT INTO registry_counters (year, last_seq) VALUES (?, ?) ' +
      'ON CONFLICT (year) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)',
  );
  return {
    allocate: (year) => formatRegistryNumber(year, next.get(year)!),
    reserve: (year, seq) => void atLeast.run(year, seq),
  };
});
