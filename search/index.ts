/** Chooses the configured engine and builds the synonym groups both engines share. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../server/config.js';
import type { Db } from '../server/db/client.js';
import { PRACTICE_VOCABULARIES } from '../server/db/schema.js';
import { fixturesDir } from '../server/shared/paths.js';
import type { VocabularyCatalogue } from '../server/vocabularies/service.js';
import { SynonymIndex } from './analysis/synonyms.js';
import { EmbeddedEngine } from './embedded/engine.js';
import { MeilisearchEngine, type Logger, type SyncScheduler } from './meilisearch/engine.js';
import type { SearchDocument, SearchEngine } from './port.js';

const synonymsFile = z.object({ groups: z.array(z.array(z.string().min(1)).min(2)) });

/** Vocabulary terms (label and synonyms) and the abbreviations of `fixtures/synonyms.json`. */
export function buildSynonyms(
  vocabularies: VocabularyCatalogue,
  file = path.join(fixturesDir, 'synonyms.json'),
): SynonymIndex {
  const extra = synonymsFile.parse(JSON.parse(readFileSync(file, 'utf8'))).groups;
  const fromVocabularies = PRACTICE_VOCABULARIES.flatMap((v) =>
    vocabularies
      .terms(v)
      .filter((t) => t.synonyms.length > 0)
      .map((t) => [t.label, ...t.synonyms]),
  );
  return new SynonymIndex([...fromVocabularies, ...extra]);
}

/**
 * The engine `SEARCH_ENGINE` names; `loadDocument` gives Meilisearch's sync the current state of a practice, and
 * `schedule` queues that sync durably.
 */
export function createSearchEngine(
  config: Pick<Config, 'searchEngine' | 'meili'>,
  db: Db,
  synonyms: SynonymIndex,
  loadDocument: (id: number) => SearchDocument | undefined,
  schedule: SyncScheduler,
  log?: Logger,
): SearchEngine {
  if (config.searchEngine === 'meilisearch' && config.meili) {
    return new MeilisearchEngine({
      schedule,
      url: config.meili.url,
      key: config.meili.key,
      synonyms,
      loadDocument,
      ...(log ? { log } : {}),
    });
  }
  return new EmbeddedEngine(db);
}
