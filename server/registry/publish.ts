/**
 * Publishing, the one way a version becomes public — by a moderator's approval or by an import: the practice's
 * registry number on its first publication, the previous published version superseded, the states and the
 * search index. Call it inside the write transaction that records why the version was published.
 */
import type { Tx } from '../db/client.js';
import * as repo from '../practices/repository.js';
import { loadSearchDocument } from '../search-api/documents.js';
import type { PracticeContent } from '../practices/content.js';
import { toSearchDocument, type PublishedPractice } from '../search-api/documents.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import type { SearchEngine } from '../../search/port.js';
import { allocateRegistryNumber, parseRegistryNumber, publicationYear, reserveRegistryNumber } from './numbers.js';

export interface PublishDeps {
  engine: Pick<SearchEngine, 'index' | 'remove'>;
  vocabularies: VocabularyCatalogue;
}

export interface Publication {
  registryNumber: string;
  /** The version now public. */
  published: repo.VersionRow;
  /** The version it replaced, when there was one: its move is history too. */
  superseded?: repo.VersionRow;
}

/**
 * Makes `version` the public one at `at`. A practice keeps its registry number; a first publication takes the
 * next number of its publication year, or `registryNumber` when an import brings one (reserved, never reissued).
 * `written` is the content and organisation an import has just written, indexed as they are.
 */
export function publishVersion(
  tx: Tx,
  { engine, vocabularies }: PublishDeps,
  practice: repo.PracticeRow,
  version: repo.VersionRow,
  at: Date,
  registryNumber?: string,
  written?: { content: PracticeContent; organization: PublishedPractice['organization'] },
): Publication {
  let number = practice.registryNumber ?? registryNumber;
  if (number === undefined || number === null) number = allocateRegistryNumber(tx, publicationYear(at));
  else if (practice.registryNumber === null) {
    const given = parseRegistryNumber(number);
    if (given) reserveRegistryNumber(tx, given.year, given.seq);
  }
  const superseded =
    practice.publishedVersionId !== null && practice.publishedVersionId !== version.id
      ? repo.updateVersion(tx, practice.publishedVersionId, { state: 'superseded' })
      : undefined;
  const published = repo.updateVersion(tx, version.id, {
    state: 'published',
    publishedAt: at.toISOString(),
    claimedBy: null,
    claimedAt: null,
  });
  repo.updatePractice(tx, practice.id, { publishedVersionId: version.id, registryNumber: number });
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
