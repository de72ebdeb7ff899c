/** Builds the engine the caller chose, over the facets it declares. */
import { EmbeddedEngine } from './embedded/engine.js';
import { MeilisearchEngine, type Logger, type SyncScheduler } from './meilisearch/engine.js';
import type { SituationIndex } from './analysis/situations.js';
import type { SynonymIndex } from './analysis/synonyms.js';
import type { FacetFields, SearchDocument, SearchEngine, SqliteHost } from './port.js';

export interface SearchEngineChoice {
  engine: 'embedded' | 'meilisearch';
  /** Required for `meilisearch`. */
  meili?: { url: string; key: string | undefined } | undefined;
  host: SqliteHost;
  facets: FacetFields;
  synonyms: SynonymIndex;
  /** The situational thesaurus (the embedded engine gets it through the query plan; Meilisearch as settings). */
  situations?: SituationIndex | undefined;
  /** The current state of a practice, for Meilisearch's sync: its document, or undefined when it must go. */
  loadDocument: (id: number) => SearchDocument | undefined;
  /** Queues a Meilisearch sync durably (the bank's job runner). */
  schedule: SyncScheduler;
  log?: Logger | undefined;
}

/** The chosen engine; `meilisearch` without a server named falls back to the embedded one. */
export function createSearchEngine(choice: SearchEngineChoice): SearchEngine {
  if (choice.engine === 'meilisearch' && choice.meili) {
    return new MeilisearchEngine({
      schedule: choice.schedule,
      facets: choice.facets,
      url: choice.meili.url,
      key: choice.meili.key,
      synonyms: choice.synonyms,
      ...(choice.situations ? { situations: choice.situations } : {}),
      loadDocument: choice.loadDocument,
      ...(choice.log ? { log: choice.log } : {}),
    });
  }
  return new EmbeddedEngine(choice.host, choice.facets);
}
