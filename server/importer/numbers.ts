/**
 * Registry numbers for one batch of an import. Each year's counter row is read once per batch, numbers are handed
 * out in memory, and the counters are written once before the batch commits: one statement a year instead of one
 * a practice. The batch holds the write lock from its first statement, so nobody else can take a number meanwhile;
 * a record whose savepoint rolls back gives its numbers back (`undo`), so they stay gap-free.
 */
import type Database from 'better-sqlite3';
import { formatRegistryNumber, registryCounters, type RegistryNumbers } from '../registry/numbers.js';

/** The last number of each year as a batch has handed them out. */
type Counters = ReadonlyMap<number, number>;

export interface BatchNumbers extends RegistryNumbers {
  /** Where the counters stand now: what `undo` returns to. */
  mark(): Counters;
  /** Back to a mark: the numbers handed out since were rolled back with their record. */
  undo(mark: Counters): void;
  /** Writes the counters; call inside the batch's transaction, before it commits. */
  flush(): void;
}

/** Numbers for one batch over `sqlite`, inside the batch's write transaction. */
export function createBatchNumbers(sqlite: Database.Database): BatchNumbers {
  const stored = sqlite.prepare<[number], number>('SELECT last_seq FROM registry_counters WHERE year = ?').pluck();
  const counter = registryCounters(sqlite);
  let last = new Map<number, number>();
  const current = (year: number) => last.get(year) ?? stored.get(year) ?? 0;
  return {
    allocate(year) {
      const seq = current(year) + 1;
      last.set(year, seq);
      return formatRegistryNumber(year, seq);
    },
    reserve(year, seq) {
      last.set(year, Math.max(current(year), seq));
    },
    mark: () => new Map(last),
    undo(mark) {
      last = new Map(mark);
    },
    flush() {
      for (const [year, seq] of last) counter.reserve(year, seq);
      last = new Map();
    },
  };
}
