/**
 * The bank's side of the search package: the facets it declares (from the practice model), the synonym groups
 * (vocabularies and `fixtures/synonyms.json`), and the engine `SEARCH_ENGINE` names over the bank's database.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SituationIndex, type SituationEntry } from '../../search/analysis/situations.js';
import { SynonymIndex } from '../../search/analysis/synonyms.js';
import { createSearchEngine } from '../../search/index.js';
import type { Logger, SyncScheduler } from '../../search/meilisearch/engine.js';
import type { FacetFields, SearchDocument, SearchEngine, SqliteHost } from '../../search/port.js';
import type { Config } from '../config.js';
import { afterCommit, writeTransaction, type Db } from '../db/client.js';
import { FACETS } from '../model/practice.js';
import { PRACTICE_VOCABULARIES } from '../model/vocabularies.js';
import { fixturesDir } from '../shared/paths.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';

/** The facets both engines index, filter and count: every facet of the practice model, by document field. */
export const SEARCH_FACETS: FacetFields = FACETS.map((f) => ({ name: f.field, many: f.many }));

const synonymsFile = z.object({ groups: z.array(z.array(z.string().min(1)).min(2)) });

/**
 * The groups of words search takes as one: each vocabulary term's label with its synonyms (retired terms too:
 * practices keep them and stay findable by them), and the abbreviations of `fixtures/synonyms.json`.
 */
export function synonymGroups(
  vocabularies: VocabularyCatalogue,
  file = path.join(fixturesDir, 'synonyms.json'),
): string[][] {
  const extra = synonymsFile.parse(JSON.parse(readFileSync(file, 'utf8'))).groups;
  const fromVocabularies = PRACTICE_VOCABULARIES.flatMap((v) =>
    vocabularies
      .terms(v)
      .filter((t) => t.synonyms.length > 0)
      .map((t) => [t.label, ...t.synonyms]),
  );
  return [...fromVocabularies, ...extra];
}

/** Vocabulary terms (label and synonyms) and the abbreviations of `fixtures/synonyms.json`. */
export function buildSynonyms(
  vocabularies: VocabularyCatalogue,
  file = path.join(fixturesDir, 'synonyms.json'),
): SynonymIndex {
  return new SynonymIndex(synonymGroups(vocabularies, file));
}

const situationsFile = z.object({
  entries: z.array(z.object({ phrases: z.array(z.string().min(1)), concepts: z.array(z.string().min(1)) })),
});

/** The entries of the situational thesaurus `fixtures/situations.json`; none while the file does not exist. */
export function situationEntriesFromFile(file = path.join(fixturesDir, 'situations.json')): SituationEntry[] {
  if (!existsSync(file)) return [];
  return situationsFile.parse(JSON.parse(readFileSync(file, 'utf8'))).entries;
}

/** The situational thesaurus as queries apply it, from the entries `load` gives. */
export function buildSituations(load: () => SituationEntry[] = situationEntriesFromFile): SituationIndex {
  return new SituationIndex(load());
}

/** The bank's database as the search engines see it: its connection and its transactions. */
export function sqliteHost(db: Db): SqliteHost {
  return { sqlite: db.$client, afterCommit, writeTransaction: (work) => writeTransaction(db, () => work()) };
}

/**
 * The engine `SEARCH_ENGINE` names; `loadDocument` gives Meilisearch's sync the current state of a practice, and
 * `schedule` queues that sync durably.
 */
export function createBankSearchEngine(
  config: Pick<Config, 'searchEngine' | 'meili'>,
  db: Db,
  synonyms: SynonymIndex,
  loadDocument: (id: number) => SearchDocument | undefined,
  schedule: SyncScheduler,
  log?: Logger,
  situations?: SituationIndex,
): SearchEngine {
  return createSearchEngine({
    engine: config.searchEngine,
    meili: config.meili,
    host: sqliteHost(db),
    facets: SEARCH_FACETS,
    synonyms,
    situations,
    loadDocument,
    schedule,
    log,
  });
}
