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
import { perConnection } from './prepared.js';
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
  const callbacks: (() => void)[] = [];
  pendingCommits.push(callbacks);
  let result: T;
  try {
    result = db.transaction(
      (tx) => {
        const value = work(tx);
        if (value instanceof Promise) throw new TypeError('writeTransaction callbacks must be synchronous');
        return value;
      },
      { behavior: 'immediate' },
    );
  } finally {
    pendingCommits.pop();
  }
  for (const callback of callbacks) callback();
  return result;
}

/**
 * Runs `work` in a savepoint of an open write transaction: if it throws, its writes and its after-commit
 * callbacks are both undone, and the transaction goes on.
 */
export function savepoint<T>(tx: Tx, work: (tx: Tx) => T): T {
  const callbacks: (() => void)[] = [];
  pendingCommits.push(callbacks);
  try {
    const result = tx.transaction((inner) => work(inner));
    pendingCommits.pop();
    pendingCommits.at(-1)?.push(...callbacks);
    return result;
  } catch (error) {
    pendingCommits.pop();
    throw error;
  }
}

const savepointStatements = perConnection((sqlite) => ({
  begin: sqlite.prepare('SAVEPOINT bulk_record'),
  release: sqlite.prepare('RELEASE bulk_record'),
  rollback: sqlite.prepare('ROLLBACK TO bulk_record'),
}));

/**
 * As `savepoint`, for a loop that takes thousands of them in one transaction (an import's records): the
 * savepoint's statements are prepared once on `sqlite`, the connection `tx` is open on, and `work` gets `tx`.
 */
export function preparedSavepoint<T>(sqlite: Database.Database, tx: Tx, work: (tx: Tx) => T): T {
  const statements = savepointStatements(sqlite);
  const callbacks: (() => void)[] = [];
  pendingCommits.push(callbacks);
  statements.begin.run();
  try {
    const result = work(tx);
    statements.release.run();
    pendingCommits.pop();
    pendingCommits.at(-1)?.push(...callbacks);
    return result;
  } catch (error) {
    statements.rollback.run();
    statements.release.run();
    pendingCommits.pop();
    throw error;
  }
}

/** Callbacks of the write transactions under way; better-sqlite3 is synchronous, so this is a plain stack. */
const pendingCommits: (() => void)[][] = [];

/**
 * Runs `callback` once the current write transaction has committed (never if it rolls back): how in-memory
 * structures follow the database without ever getting ahead of it. Outside a transaction it runs at once.
 */
export function afterCommit(callback: () => void): void {
  const current = pendingCommits.at(-1);
  if (current) current.push(callback);
  else callback();
}
