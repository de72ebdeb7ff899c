-- The organisation's names (full, short, municipality) become a column of their own between the summary and the
-- sections, so a query naming an organisation can be matched against them alone. An FTS5 table cannot gain a
-- column, and this one is contentless (its text cannot be read back to copy), so it is made anew, empty. The
-- facet table is kept: browsing keeps working, and at start the bank sees that the text index holds fewer
-- practices than the facet table and rebuilds it from the database (`startSearch`, or `npm run reindex`).
DROP TABLE `search_vocab`;
--> statement-breakpoint
DROP TABLE `search_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts` USING fts5(
  `title`, `terms`, `summary`, `names`, `body`,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_vocab` USING fts5vocab(`search_fts`, 'row');
--> statement-breakpoint
-- Field weights as 0005_search_rank had them, with the names above the sections.
INSERT INTO `search_fts` (`search_fts`, `rank`) VALUES ('rank', 'bm25(10.0, 5.0, 3.0, 2.0, 1.0)');
