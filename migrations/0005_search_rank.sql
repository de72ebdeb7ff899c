-- Relevance with field weights, kept as the FTS5 table's own rank: title > vocabulary terms and keywords >
-- summary > sections. `ORDER BY rank` then computes it in C, for the top of a page only.
INSERT INTO `search_fts` (`search_fts`, `rank`) VALUES ('rank', 'bm25(10.0, 5.0, 3.0, 1.0)');
