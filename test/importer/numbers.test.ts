import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, writeTransaction } from '../../server/db/client.js';
import { createBatchNumbers } from '../../server/importer/numbers.js';
import { registryCounters } from '../../server/registry/numbers.js';

describe("an import batch's registry numbers", () => {
  const db = openDatabase(':memory:');
  afterAll(() => db.$client.close());
  const counter = (year: number) =>
    db.$client.prepare('SELECT last_seq FROM registry_counters WHERE year = ?').pluck().get(year);

  it('continue the year’s counter, write it once at the end, and give back the numbers of a rolled-back record', () => {
    writeTransaction(db, () => registryCounters(db.$client).allocate(2025));
    const numbers = createBatchNumbers(db.$client);
    const handed = writeTransaction(db, () => {
      const first = numbers.allocate(2025);
      const mark = numbers.mark();
      numbers.allocate(2025); // a record that then fails
      numbers.undo(mark);
      const second = numbers.allocate(2025);
      const other = numbers.allocate(2026);
      expect(counter(2025)).toBe(1); // nothing written before the flush
      numbers.flush();
      return [first, second, other];
    });
    expect(handed).toEqual(['67-2025-0002', '67-2025-0003', '67-2026-0001']);
    expect([counter(2025), counter(2026)]).toEqual([3, 1]);
    // The counter goes on where the batch left it.
    expect(writeTransaction(db, () => registryCounters(db.$client).allocate(2025))).toBe('67-2025-0004');
  });

  it('never hand out a number a record brought, nor one below it', () => {
    const numbers = createBatchNumbers(db.$client);
    writeTransaction(db, () => {
      numbers.reserve(2030, 7);
      expect(numbers.allocate(2030)).toBe('67-2030-0008');
      numbers.reserve(2030, 3);
      expect(numbers.allocate(2030)).toBe('67-2030-0009');
      numbers.flush();
    });
    expect(counter(2030)).toBe(9);
  });
});
