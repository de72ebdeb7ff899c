-- The embedded engine's facet table becomes one JSON column of facet values (migration 0016, declared in
-- search/embedded/schema.ts), so a new facet needs no column. The old table is set aside here and copied over by
-- migration 0017, so an existing index survives without a reindex.
ALTER TABLE `search_facets` RENAME TO `search_facets_v1`;
