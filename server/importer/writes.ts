/**
 * The rows an import writes for each new practice, through statements prepared once per connection. Building a
 * drizzle query anew for every row was half of an import's CPU in a profile (`node --cpu-prof`, 1,000 records:
 * ~1.8 ms a record of 3.6): here the SQL is made once, from the schema's own column names and encodings, and a
 * record costs the statements' execution only. The rules stay where they are: the importer checks the record,
 * `publishVersion` publishes it; this file only writes what they decided.
 */
import type Database from 'better-sqlite3';
import { preparedInsert, preparedInsertMany } from '../db/prepared.js';
import { practiceAuthors, practiceHistory, practices, practiceTerms, practiceVersions } from '../db/schema.js';
import { PRACTICE_VOCABULARIES } from '../model/vocabularies.js';
import type { PracticeContent } from '../practices/content.js';
import type { HistoryEntry } from '../history/repository.js';
import type { PracticeRow, VersionRow } from '../practices/repository.js';
import { versionColumns } from '../practices/content.js';

const VERSION_KEYS = [
  'practiceId',
  'versionNo',
  'state',
  'title',
  'summary',
  'relevance',
  'goals',
  'content',
  'results',
  'replication',
  'keywords',
  'organizationId',
  'startedYear',
  'createdAt',
  'updatedAt',
  'submittedAt',
] as const satisfies (keyof typeof practiceVersions.$inferInsert)[];

/** The import's writes over `sqlite`, prepared now and reused for every record of every run on it. */
export function createImportWrites(sqlite: Database.Database) {
  const byImportKey = sqlite.prepare<[string], { id: number; registryNumber: string | null }>(
    'SELECT id, registry_number AS registryNumber FROM practices WHERE import_key = ?',
  );
  const insertPractice = preparedInsert(sqlite, practices, ['importKey', 'createdAt']);
  const insertVersion = preparedInsert(sqlite, practiceVersions, [...VERSION_KEYS]);
  const insertTerms = preparedInsertMany(sqlite, practiceTerms, ['versionId', 'vocabulary', 'code', 'ordinal']);
  const insertAuthors = preparedInsertMany(sqlite, practiceAuthors, [
    'versionId',
    'ordinal',
    'fullName',
    'jobTitle',
    'userId',
  ]);
  const setLatest = sqlite.prepare<[number, number]>('UPDATE practices SET latest_version_id = ? WHERE id = ?');
  const insertHistory = preparedInsert(sqlite, practiceHistory, [
    'practiceId',
    'versionNo',
    'actorUserId',
    'actorName',
    'action',
    'toState',
    'details',
  ]);

  return {
    /** The practice an earlier import wrote under this key. */
    findByImportKey: (importKey: string) => byImportKey.get(importKey),

    /**
     * A new practice with its first version submitted (terms and authors too), as a moderator would find it just
     * before approving: the rows `publishVersion` then publishes.
     */
    insertSubmitted(
      content: PracticeContent,
      importKey: string,
      at: string,
    ): { practice: PracticeRow; version: VersionRow } {
      const practiceId = insertPractice({ importKey, createdAt: at });
      const columns = versionColumns(content);
      const version: VersionRow = {
        id: 0,
        practiceId,
        versionNo: 1,
        state: 'submitted',
        revision: 1,
        ...columns,
        createdAt: at,
        updatedAt: at,
        submittedAt: at,
        publishedAt: null,
        claimedBy: null,
        claimedAt: null,
      };
      version.id = insertVersion(version);
      insertTerms(
        PRACTICE_VOCABULARIES.flatMap((vocabulary) =>
          content[vocabulary].map((code, ordinal) => ({ versionId: version.id, vocabulary, code, ordinal })),
        ),
      );
      insertAuthors(
        content.authors.map((a, ordinal) => ({
          versionId: version.id,
          ordinal,
          fullName: a.fullName,
          jobTitle: a.position,
          userId: a.userId,
        })),
      );
      setLatest.run(version.id, practiceId);
      const practice: PracticeRow = {
        id: practiceId,
        createdBy: null,
        registryNumber: null,
        publishedVersionId: null,
        latestVersionId: version.id,
        withdrawnAt: null,
        withdrawnReason: null,
        viewCount: 0,
        publicUpdatedAt: null,
        importKey,
        createdAt: at,
      };
      return { practice, version };
    },

    /** One entry of the practice's history. */
    appendHistory: (entry: HistoryEntry) => void insertHistory(entry),
  };
}

export type ImportWrites = ReturnType<typeof createImportWrites>;
