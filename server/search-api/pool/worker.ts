/**
 * One thread of the search pool: its own read-only connection to the bank's database and its own search service
 * (vocabularies, synonyms, situational thesaurus, engine with its posting cache and facet index, hits and
 * snippets), answering `GET /api/v1/search` as the main thread would. It never writes: the main thread tells it
 * of every committed change, in order, on the same port its searches come by, so the next search sees it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { EmbeddedEngine } from '../../../search/embedded/engine.js';
import type { Db } from '../../db/client.js';
import * as schema from '../../db/schema.js';
import { listTerms } from '../../vocabularies/repository.js';
import { VocabularyCatalogue } from '../../vocabularies/service.js';
import { situationEntriesOf } from '../../vocabularies/situations.js';
import { readSearchDocument } from '../documents.js';
import { plainText } from '../plain-text.js';
import { buildSituations, SEARCH_FACETS, sqliteHost, synonymGroups, buildSynonyms } from '../engine.js';
import { createSearchService } from '../service.js';
import { carry, type FromWorker, type ToWorker, type WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);

const sqlite = new Database(setup.databasePath, { readonly: true, fileMustExist: true });
// The writer may hold its lock for a moment (a checkpoint): wait for it as the main connection does.
sqlite.pragma('busy_timeout = 5000');
const db = drizzle(sqlite, { schema }) as Db;

const vocabularies = new VocabularyCatalogue(listTerms(db));
const synonyms = buildSynonyms(vocabularies);
const situations = buildSituations(() => situationEntriesOf(db));
const engine = new EmbeddedEngine(sqliteHost(db), SEARCH_FACETS, { followsOtherWriters: false });
await engine.start();
const search = createSearchService({
  db,
  engine,
  vocabularies,
  synonyms,
  situations,
  baseUrl: setup.baseUrl,
  cacheSize: 0,
  documentOf: (id) => readSearchDocument(db, id, vocabularies, plainText),
});

/** Vocabulary, synonym and thesaurus edits: what the query side holds is read again from the database. */
function definitionsChanged(): void {
  vocabularies.reload(listTerms(db));
  synonyms.rebuild(synonymGroups(vocabularies));
  situations.rebuild(situationEntriesOf(db));
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'change') {
    if (message.change.kind === 'synonyms') definitionsChanged();
    engine.follow(message.change);
    return;
  }
  const { id } = message;
  const answer = message.type === 'search' ? search.searchUncached(message.query) : engine.search(message.request);
  answer.then(
    (result) => send({ type: 'answer', id, result }),
    (error: unknown) => send({ type: 'failed', id, error: carry(error) }),
  );
});
send({ type: 'ready' });
