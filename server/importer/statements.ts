/**
 * Prepared statements for a bulk import. drizzle prepares every query anew; over a thousand records the same few
 * dozen statements are prepared tens of thousands of times (a tenth of the run's CPU in a profile). While an import
 * runs — synchronously, so no other code shares the connection meanwhile — each distinct SQL text is prepared once
 * and reused; the connection's own `prepare` is back as soon as the work returns or throws.
 */
import type Database from 'better-sqlite3';

/** Runs synchronous `work` with `client.prepare` answering from a per-run cache of statements. */
export function withPreparedStatements<T>(client: Database.Database, work: () => T): T {
  const own = Object.getOwnPropertyDescriptor(client, 'prepare');
  const prepare = client.prepare.bind(client);
  const cache = new Map<string, Database.Statement>();
  client.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      // drizzle switches a statement to raw rows for typed selects and never back: start each use plain.
      if (statement.reader) statement.raw(false);
      return statement;
    }
    statement = prepare(source);
    cache.set(source, statement);
    return statement;
  }) as Database.Database['prepare'];
  try {
    return work();
  } finally {
    if (own) Object.defineProperty(client, 'prepare', own);
    else delete (client as { prepare?: unknown }).prepare;
  }
}
