/**
 * Statements prepared once from the schema's own column names and encodings, for the write paths that run
 * thousands of times a second (an import publishes every record it reads). drizzle builds and prepares its SQL
 * anew for every query: in a profile of an import that was half of the CPU. Rows read back (`RETURNING *`) are
 * decoded as drizzle decodes them, so callers get the same typed rows either way.
 */
import type Database from 'better-sqlite3';
import { getTableColumns, getTableName, type Column, type Table } from 'drizzle-orm';

/** Quotes a column or table name for SQL. */
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** An `INSERT` of the given properties of `table`, values encoded as drizzle encodes them (JSON columns). */
export function preparedInsert<T extends Table>(
  sqlite: Database.Database,
  table: T,
  keys: (keyof T['$inferInsert'])[],
): (row: Partial<T['$inferInsert']>) => number {
  const all = getTableColumns(table) as Record<string, Column>;
  const columns = keys.map((key) => all[key as string]!);
  const statement = sqlite.prepare(
    `INSERT INTO ${quoted(getTableName(table))} (${columns.map((c) => quoted(c.name)).join(', ')}) ` +
      `VALUES (${columns.map(() => '?').join(', ')})`,
  );
  return (row) => {
    const values = keys.map((key, i) => {
      const value = row[key];
      return value === undefined || value === null ? null : columns[i]!.mapToDriverValue(value);
    });
    return Number(statement.run(...values).lastInsertRowid);
  };
}

/**
 * An `INSERT` of several rows in one statement (the terms of a practice: one statement instead of one per term),
 * prepared once per number of rows.
 */
export function preparedInsertMany<T extends Table>(
  sqlite: Database.Database,
  table: T,
  keys: (keyof T['$inferInsert'])[],
): (rows: Partial<T['$inferInsert']>[]) => void {
  const all = getTableColumns(table) as Record<string, Column>;
  const columns = keys.map((key) => all[key as string]!);
  const head = `INSERT INTO ${quoted(getTableName(table))} (${columns.map((c) => quoted(c.name)).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const bySize = new Map<number, Database.Statement>();
  return (rows) => {
    if (rows.length === 0) return;
    let statement = bySize.get(rows.length);
    if (!statement) {
      statement = sqlite.prepare(head + Array.from({ length: rows.length }, () => tuple).join(', '));
      bySize.set(rows.length, statement);
    }
    const values: unknown[] = [];
    for (const row of rows)
      keys.forEach((key, i) => {
        const value = row[key];
        values.push(value === undefined || value === null ? null : columns[i]!.mapToDriverValue(value));
      });
    statement.run(...values);
  };
}

/** Decodes a row of `table` as SQLite returns it (column names, driver values) into drizzle's typed row. */
export function rowDecoder<T extends Table>(table: T): (raw: Record<string, unknown>) => T['$inferSelect'] {
  const columns = Object.entries(getTableColumns(table) as Record<string, Column>);
  return (raw) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as T['$inferSelect'];
  };
}

/**
 * Statements made by `make` once per connection and kept with it: every caller on the same connection shares
 * them (the moderation's approvals and an import's publications alike), and a closed connection takes them along.
 * The connection is better-sqlite3's or drizzle's over it.
 */
export function perConnection<S, C extends object = Database.Database>(
  make: (connection: C) => S,
): (connection: C) => S {
  const made = new WeakMap<C, S>();
  return (connection) => {
    let statements = made.get(connection);
    if (!statements) {
      statements = make(connection);
      made.set(connection, statements);
    }
    return statements;
  };
}
