/**
 * Opens the bank's SQLite database with the settings that keep acknowledged writes safe,
 * and applies the committed migrations.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrationsDir } from '../shared/paths.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** What a write transaction callback receives: the same query API, bound to the open transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: repositories accept both. */
export type DbOrTx = Db | Tx;

/** Opens (creating if needed) and migrates the database; `:memory:` gives a private one. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // WAL lets readers run beside the writer; FULL fsyncs the WAL at every commit, so an acknowledged
  // write survives a power cut, not only a process crash.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: migrationsDir });
  return db;
}

/**
 * Runs `work` in a write transaction begun IMMEDIATE (the write lock is taken up front, so two writers never
 * deadlock upgrading a read lock). `work` must be synchronous: with better-sqlite3 an awaited call inside
 * would let the transaction commit before the rest ran.
 */
export function writeTransaction<T>(db: Db, work: (tx: Tx) => T): T {
  return db.transaction((tx) => {
    const result = work(tx);
    if (result instanceof Promise) throw new TypeError('writeTransaction callbacks must be synchronous');
    return result;
  }, { behavior: 'immediate' });
}
