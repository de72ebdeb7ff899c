import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  // The bank's tables, and the tables the search engines keep in the same database.
  schema: ['./server/db/schema.ts', './search/embedded/schema.ts'],
  out: './migrations',
});
