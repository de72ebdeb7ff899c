-- The embedded search engine lives in the bank's own database, so a publication or withdrawal is searchable in
-- the same transaction that makes it. Text is stored already analysed (Russian stems), so the tokenizer only
-- splits on spaces; remove_diacritics is off because «й» is a letter of its own.
CREATE VIRTUAL TABLE `search_fts` USING fts5(
  `title`, `terms`, `summary`, `body`,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_vocab` USING fts5vocab(`search_fts`, 'row');
--> statement-breakpoint
-- What the engine filters, counts and sorts by, one row per searchable practice; loaded into memory at start.
CREATE TABLE `search_facets` (
  `practice_id` integer PRIMARY KEY NOT NULL,
  `levels` text NOT NULL,
  `subjects` text NOT NULL,
  `technologies` text NOT NULL,
  `directions` text NOT NULL,
  `municipality` text NOT NULL,
  `organization_type` text NOT NULL,
  `year` integer NOT NULL,
  `published_at` integer NOT NULL
);
