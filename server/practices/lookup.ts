/** Who may see which version of a practice: one rule for the practices API, moderation and tokens. */
import type { SessionUser } from '../auth/service.js';
import type { DbOrTx } from '../db/client.js';
import { AppError } from '../errors.js';
import * as repo from './repository.js';

export type Caller = SessionUser | null;

/** Moderators, and integrations with a read or moderate token, see every practice that left its authors' hands. */
export const seesSubmitted = (caller: Caller) =>
  !!caller && caller.roles.some((r) => r === 'moderator' || r === 'admin' || r === 'reader');

export const isOwnerOf = (db: DbOrTx, practice: repo.PracticeRow, caller: Caller) =>
  !!caller && caller.roles.includes('author') && repo.isOwner(db, practice, caller.id);

/** The version `caller` may see, or PRACTICE_NOT_FOUND: a practice one may not see does not exist for them. */
export function visibleVersion(db: DbOrTx, practice: repo.PracticeRow, caller: Caller): repo.VersionRow {
  const latest = practice.latestVersionId === null ? undefined : repo.findVersion(db, practice.latestVersionId);
  if (latest && isOwnerOf(db, practice, caller)) return latest;
  if (latest && seesSubmitted(caller) && latest.state !== 'draft') return latest;
  if (practice.publishedVersionId !== null && (practice.withdrawnAt === null || seesSubmitted(caller))) {
    const published = repo.findVersion(db, practice.publishedVersionId);
    if (published) return published;
  }
  throw new AppError('PRACTICE_NOT_FOUND');
}

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

/** Moderators and admins — people, not integrations — who see internal notes of practices they did not write. */
export const readsInternalNotes = (db: DbOrTx, practice: repo.PracticeRow, caller: Caller) =>
  !!caller &&
  !caller.roles.includes('reader') &&
  caller.roles.some((r) => r === 'moderator' || r === 'admin') &&
  !repo.isOwner(db, practice, caller.id);
