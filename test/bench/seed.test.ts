import { beforeAll, describe, expect, it } from 'vitest';
import { createGenerator } from '../../bench/generate.js';
import { loadGenerated } from '../../bench/seed.js';
import type { App } from '../../server/app.js';
import { useApp } from '../helper.js';

/** Columns the clock fills (when a row was written, not what it says): compared as present, not by value. */
const CLOCK: Record<string, string[]> = {
  organizations: ['created_at'],
  practice_versions: ['updated_at'],
  practice_history: ['created_at'],
  users: ['created_at', 'password_hash', 'email_confirmed_at'],
  user_roles: ['granted_at'],
  // What a bank writes when it starts: the weekly digest's job and the thesaurus seeded from its fixture.
  jobs: ['created_at'],
  situation_entries: ['created_at', 'updated_at'],
};
/** FTS5's own segment storage: how the index is laid out, not what it holds (search_fts and its vocabulary are). */
const LAYOUT = new Set(['search_fts_data', 'search_fts_idx', 'search_fts_config']);

/** Every table of the bank, each as a sorted list of its rows: whatever a later migration adds is compared too. */
function dump(app: App): Record<string, string[]> {
  const sqlite = app.bank.db.$client;
  const tables = (
    sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as {
      name: string;
    }[]
  )
    .map((t) => t.name)
    .filter((name) => !LAYOUT.has(name));
  return Object.fromEntries(
    tables.map((table) => {
      const select = table === 'search_fts' ? 'SELECT rowid, * FROM search_fts' : `SELECT * FROM "${table}"`;
      const rows = (sqlite.prepare(select).all() as Record<string, unknown>[]).map((row) => {
        for (const column of CLOCK[table] ?? []) row[column] = typeof row[column];
        return JSON.stringify(row);
      });
      return [table, rows.sort()];
    }),
  );
}

// Spans several of the loader's transactions, several publication years and shared organisations.
const N = 250;

describe('the benchmarks’ bulk loader', () => {
  const imported = useApp();
  const loaded = useApp();

  beforeAll(() => {
    const report = imported().bank.services.importer.importRecords(createGenerator(42).records(0, N), {
      actorName: 'bench',
    });
    expect(report.created).toBe(N);
    loadGenerated(loaded(), N);
  });

  it('writes every table as the importer writes it, row for row', () => {
    const expected = dump(imported());
    const actual = dump(loaded());
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    expect(expected.practices).toHaveLength(N);
    for (const table of Object.keys(expected))
      expect({ table, rows: actual[table] }).toEqual({ table, rows: expected[table] });
  });

  it('gives the same search answers as an imported bank, facets and order included', async () => {
    for (const query of ['q=ТРИЗ', 'q=дети&page=2', 'level=preschool&sort=newest', 'q=робототехнека']) {
      const [a, b] = await Promise.all(
        [imported(), loaded()].map((app) => app.inject({ url: `/api/v1/search?${query}` })),
      );
      expect(b!.statusCode).toBe(200);
      expect(b!.json()).toEqual(a!.json());
    }
  });
});
