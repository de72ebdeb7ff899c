/** What the bank's outputs share — selections, their rows, and files of them — wired once over the services. */
import type { Db } from '../db/client.js';
import type { SearchService } from '../search-api/service.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { createRecordLoader } from './records.js';
import { createSelections } from './selection.js';
import { createExportService } from './service.js';

export interface OutputDeps {
  db: Db;
  search: Pick<SearchService, 'allIds'>;
  vocabularies: VocabularyCatalogue;
  baseUrl: string;
  now?: () => Date;
}

/** Selections, their records and exports over the bank's database and search. */
export function createOutputs({ db, search, vocabularies, baseUrl, now }: OutputDeps) {
  const loadRecords = createRecordLoader({ db, vocabularies, baseUrl, ...(now ? { now } : {}) });
  const selections = createSelections({ db, search, vocabularies });
  const exports = createExportService({ selections, loadRecords, ...(now ? { now } : {}) });
  return { loadRecords, selections, exports };
}

export type Outputs = ReturnType<typeof createOutputs>;
