/**
 * Publishing, the one way a version becomes public — by a moderator's approval or by an import: the practice's
 * registry number on its first publication, the previous published version superseded, the states and the
 * search index. Call it inside the write transaction that records why the version was published.
 */
import type Database from 'better-sqlite3';
import type { Tx } from '../db/client.js';
import { perConnection, rowDecoder } from '../db/prepared.js';
import { practiceVersions } from '../db/schema.js';
import type * as repo from '../practices/repository.js';
import { loadSearchDocument } from '../search-api/documents.js';
import type { PracticeContent } from '../practices/content.js';
import { toSearchDocument, type PublishedPractice } from '../search-api/documents.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import type { SearchEngine } from '../../search/port.js';
import { parseRegistryNumber, publicationYear, registryCounters, type RegistryNumbers } from './numbers.js';

export interface PublishDeps {
  engine: Pick<SearchEngine, 'index' | 'remove'>;
  vocabularies: VocabularyCatalogue;
  /** The bank's connection (the one `tx` is open on): publishing's writes are statements prepared on it once. */
  sqlite: Database.Database;
  /** Where first publications take their numbers: the year's counter row unless an import hands them per batch. */
  numbers?: RegistryNumbers;
}

export interface Publication {
  registryNumber: string;
  /** The version now public. */
  published: repo.VersionRow;
  /** The version it replaced, when there was one: its move is history too. */
  superseded?: repo.VersionRow;
}

/**
 * Publishing's writes, prepared once per connection: the moderation's approvals and an import's thousands of
 * publications run the same statements. Each version update bumps the revision (the ETag) and `updated_at`, as
 * every other version write does (`updateVersion`), and returns the row as the database now holds it.
 */
const statements = perConnection((sqlite) => {
  const decode = rowDecoder(practiceVersions);
  const supersede = sqlite.prepare<[string, number], Record<string, unknown>>(
    "UPDATE practice_versions SET state = 'superseded', revision = revision + 1, updated_at = ? WHERE id = ? " +
      'RETURNING *',
  );
  const publish = sqlite.prepare<[string, string, number], Record<string, unknown>>(
    "UPDATE practice_versions SET state = 'published', published_at = ?, claimed_by = NULL, claimed_at = NULL, " +
      'revision = revision + 1, updated_at = ? WHERE id = ? RETURNING *',
  );
  const setPublished = sqlite.prepare<[number, string, number]>(
    'UPDATE practices SET published_version_id = ?, registry_number = ? WHERE id = ?',
  );
  return {
    supersede: (id: number) => decode(supersede.get(new Date().toISOString(), id)!),
    publish: (id: number, at: string) => decode(publish.get(at, new Date().toISOString(), id)!),
    setPublished: (practiceId: number, versionId: number, number: string) =>
      void setPublished.run(versionId, number, practiceId),
  };
});

/**
 * Makes `version` the public one at `at`. A practice keeps its registry number; a first publication takes the
 * next number of its publication year, or `registryNumber` when an import brings one (reserved, never reissued).
 * `written` is the content and organisation an import has just written, indexed as they are.
 */
export function publishVersion(
  tx: Tx,
  { engine, vocabularies, sqlite, numbers = registryCounters(sqlite) }: PublishDeps,
  practice: repo.PracticeRow,
  version: repo.VersionRow,
  at: Date,
  registryNumber?: string,
  written?: { content: PracticeContent; organization: PublishedPractice['organization'] },
): Publication {
  const writes = statements(sqlite);
  let number = practice.registryNumber ?? registryNumber;
  if (number === undefined || number === null) number = numbers.allocate(publicationYear(at));
  else if (practice.registryNumber === null) {
    const given = parseRegistryNumber(number);
    if (given) numbers.reserve(given.year, given.seq);
  }
  const superseded =
    practice.publishedVersionId !== null && practice.publishedVersionId !== version.id
      ? writes.supersede(practice.publishedVersionId)
      : undefined;
  const published = writes.publish(version.id, at.toISOString());
  writes.setPublished(practice.id, version.id, number);
  // An import has just written the content and knows its organisation: reading them back would only cost time
  // (a new practice has no attachments nor views yet).
  const doc =
    written && practice.withdrawnAt === null
      ? toSearchDocument(
          { id: practice.id, ...written, publishedAt: at.toISOString(), views: practice.viewCount },
          vocabularies,
        )
      : loadSearchDocument(tx, { ...practice, publishedVersionId: version.id, registryNumber: number }, vocabularies);
  if (doc) engine.index(tx, doc);
  else engine.remove(tx, practice.id); // never leave the superseded text searchable
  return { registryNumber: number, published, ...(superseded ? { superseded } : {}) };
}
