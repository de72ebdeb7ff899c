/**
 * What a reviewer reads first on a resubmission: the fields of the latest version that differ from the snapshot
 * the last review kept, and the snapshot itself, which every review records.
 */
import { attachmentNames } from '../attachments/service.js';
import type { DbOrTx } from '../db/client.js';
import { contentOf } from '../practices/content.js';
import * as repo from '../practices/repository.js';
import * as reviewsRepo from './repository.js';

/** The content of a version as a review keeps it: its fields and the names of its attachments. */
export function snapshotOf(db: DbOrTx, version: repo.VersionRow): Record<string, unknown> {
  return { ...contentOf(repo.loadVersionDetails(db, version)), attachments: attachmentNames(db, version.id) };
}

/** Field by field, what changed in `version` since the last review of the practice (none before a first review). */
export function changesSinceReview(db: DbOrTx, practiceId: number, version: repo.VersionRow) {
  const last = reviewsRepo.reviewsOf(db, practiceId).at(-1);
  const current = snapshotOf(db, version);
  const before = last?.snapshot ?? {};
  const fields = last
    ? Object.keys(current)
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(current[k]))
        .map((field) => ({ field, before: before[field] ?? null, after: current[field] }))
    : [];
  return { sinceReviewId: last?.id ?? null, sinceVersionNo: last?.versionNo ?? null, fields };
}
