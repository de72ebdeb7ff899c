/**
 * The embedded engine's writes for many documents at once: a fixed handful of statements per batch, whatever its
 * size (the rows travel as one JSON array each, unpacked by SQLite's `json_each`), where writing one by one costs
 * three or four statements a document. An import indexes its whole batch this way.
 */
import type Database from 'better-sqlite3';
import { analyseDocument } from '../document.js';
import type { FacetFields, SearchDocument } from '../port.js';

/** The statements, prepared on the bank's connection once; every call joins the transaction open on it. */
export function prepareBatchWrites(sqlite: Database.Database, fields: FacetFields) {
  const indexed = sqlite
    .prepare<[string], number>(
      'SELECT practice_id FROM search_facets WHERE practice_id IN (SELECT value FROM json_each(?))',
    )
    .pluck();
  const deleteTexts = sqlite.prepare<[string]>(
    'DELETE FROM search_fts WHERE rowid IN (SELECT value FROM json_each(?))',
  );
  const insertTexts = sqlite.prepare<[string]>(
    'INSERT INTO search_fts (rowid, title, terms, summary, names, body) ' +
      'SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 FROM json_each(?)',
  );
  const upsertFacets = sqlite.prepare<[string]>(
    'INSERT OR REPLACE INTO search_facets (practice_id, facets, published_at, views, adoptions) ' +
      'SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?)',
  );

  return {
    /**
     * Writes `docs` (distinct ids) into the text index and the facet table, replacing what either held of them;
     * `held` tells the practices the engine's memory already knows, so only the others are looked up.
     */
    write(docs: readonly SearchDocument[], held: (id: number) => boolean): void {
      const unknown = docs.filter((d) => !held(d.id)).map((d) => d.id);
      const replaced = [
        ...docs.filter((d) => held(d.id)).map((d) => d.id),
        ...(unknown.length > 0 ? indexed.all(JSON.stringify(unknown)) : []),
      ];
      if (replaced.length > 0) deleteTexts.run(JSON.stringify(replaced));
      const texts = docs.map((doc) => {
        const f = analyseDocument(doc);
        return [doc.id, f.title, f.terms, f.summary, f.names, f.body];
      });
      insertTexts.run(JSON.stringify(texts));
      const facetRows = docs.map((doc) => [
        doc.id,
        JSON.stringify(Object.fromEntries(fields.map((f) => [f.name, doc.facets[f.name] ?? []]))),
        doc.publishedAt,
        doc.views,
        doc.adoptions,
      ]);
      upsertFacets.run(JSON.stringify(facetRows));
    },
  };
}

/** The last document given for each id, in the order ids first came: one batch never writes a practice twice. */
export function lastOfEach(docs: readonly SearchDocument[]): SearchDocument[] {
  const byId = new Map<number, SearchDocument>();
  for (const doc of docs) byId.set(doc.id, doc);
  return [...byId.values()];
}
