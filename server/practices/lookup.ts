/** Loading a practice and checking the version a write names (If-Match); who may see it is `access/policy.ts`. */
import type { DbOrTx } from '../db/client.js';
import { AppError } from '../errors.js';
import * as repo from './repository.js';

export function loadPractice(db: DbOrTx, id: number): repo.PracticeRow {
  const practice = repo.findPractice(db, id);
  if (!practice) throw new AppError('PRACTICE_NOT_FOUND');
  return practice;
}

/** The strong ETag of a version at its current revision. */
export const etagOf = (version: repo.VersionRow) => `"${version.id}.${version.revision}"`;

/**
 * Optimistic concurrency: a write names the version it read. RFC 9110 compares strongly, so a weak tag never
 * matches; `*` names no version, so it is refused like a missing header.
 */
export function checkIfMatch(version: repo.VersionRow, ifMatch: string | undefined, required: boolean): void {
  if (ifMatch === undefined) {
    if (required) throw new AppError('PRECONDITION_REQUIRED');
    return;
  }
  const tags = ifMatch.split(',').map((t) => t.trim());
  if (tags.includes('*'))
    throw new AppError('PRECONDITION_REQUIRED', 'If-Match: * не подходит: передайте ETag версии, которую вы читали');
  if (!tags.includes(etagOf(version))) throw new AppError('PRECONDITION_FAILED');
}
