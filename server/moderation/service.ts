/**
 * The moderation workflow. Every transition follows `TRANSITIONS`, checks the version the caller read (If-Match),
 * and runs in one IMMEDIATE transaction together with its history entry, its search-index update and its
 * notifications: two moderators approving at once get one publication and one 412.
 */
import {
  actorOf,
  assertReadsWorkflow,
  assertSeesQueue,
  readsInternalNotes,
  visibleVersion,
  type Caller,
  type Principal,
} from '../access/policy.js';
import type { Db, Tx } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import type { ReviewDecision, RubricScores } from '../db/schema.js';
import type { NotificationService } from '../notifications/service.js';
import { etagOf, loadPractice } from '../practices/lookup.js';
import * as repo from '../practices/repository.js';
import { toView, type PracticeView } from '../practices/service.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import type { SearchEngine } from '../../search/port.js';
import { changesSinceReview, snapshotOf } from './changes.js';
import { createLifecycle, target } from './lifecycle.js';
import { queueView, type QueueQuery } from './queue.js';
import * as reviewsRepo from './repository.js';
import { DECISION_ACTIONS, type Action } from './transitions.js';

export interface ModerationDeps {
  db: Db;
  vocabularies: VocabularyCatalogue;
  engine: Pick<SearchEngine, 'index' | 'remove'>;
  notifications: Pick<NotificationService, 'notify' | 'usersWithRole'>;
  now?: () => Date;
}

export interface ReviewInput {
  scores: RubricScores;
  decision: ReviewDecision;
  comment?: string | undefined;
  internalNote?: string | undefined;
}

export function createModerationService({
  db,
  vocabularies,
  engine,
  notifications,
  now = () => new Date(),
}: ModerationDeps) {
  const { perform } = createLifecycle({ publishing: { engine, vocabularies, sqlite: db.$client }, notifications });

  function recordReview(
    tx: Tx,
    caller: Principal,
    practiceId: number,
    version: repo.VersionRow,
    r: { decision: ReviewDecision; comment: string; scores: RubricScores | null; internalNote: string },
  ) {
    const actor = actorOf(caller);
    return reviewsRepo.insertReview(tx, {
      practiceId,
      versionNo: version.versionNo,
      reviewerId: actor.id,
      reviewerName: actor.name,
      scores: r.scores,
      decision: r.decision,
      comment: r.comment,
      internalNote: r.internalNote,
      snapshot: snapshotOf(tx, version),
    });
  }

  function currentView(caller: Principal, practiceId: number): { practice: PracticeView; etag: string } {
    const practice = loadPractice(db, practiceId);
    const version = visibleVersion(db, practice, caller);
    return { practice: toView(practice, repo.loadVersionDetails(db, version)), etag: etagOf(version) };
  }

  return {
    /** Carries out one action of the lifecycle for `caller`; `ifMatch` must name the version they read. */
    transition(
      caller: Principal,
      practiceId: number,
      action: Action,
      options: { comment?: string | undefined; ifMatch: string | undefined },
    ) {
      const comment = (options.comment ?? '').normalize('NFC').trim();
      writeTransaction(db, (tx) => {
        const practice = loadPractice(tx, practiceId);
        const version = target(tx, caller, practice, action, options.ifMatch, comment);
        // Every decision leaves a review (without the rubric here), so a resubmission can show what changed.
        if (action === 'approve' || action === 'request_changes' || action === 'reject') {
          recordReview(tx, caller, practiceId, version, { decision: action, comment, scores: null, internalNote: '' });
        }
        perform(tx, caller, practice, version, action, comment, now());
      });
      return currentView(caller, practiceId);
    },

    /** A rubric review with its decision, recorded and acted on in one transaction. */
    review(caller: Principal, practiceId: number, ifMatch: string | undefined, input: ReviewInput) {
      const action = DECISION_ACTIONS[input.decision];
      const comment = (input.comment ?? '').trim();
      const review = writeTransaction(db, (tx) => {
        const practice = loadPractice(tx, practiceId);
        const version = target(tx, caller, practice, action, ifMatch, comment);
        const row = recordReview(tx, caller, practiceId, version, {
          decision: input.decision,
          comment,
          scores: input.scores,
          internalNote: (input.internalNote ?? '').trim(),
        });
        perform(tx, caller, practice, version, action, comment, now());
        return row;
      });
      return { review: reviewsRepo.toReviewView(review, true), ...currentView(caller, practiceId) };
    },

    /** Reviews of a practice: moderators see internal notes, authors only what is addressed to them. */
    reviews(caller: Caller, practiceId: number) {
      const practice = loadPractice(db, practiceId);
      assertReadsWorkflow(db, practice, caller);
      const notes = readsInternalNotes(db, practice, caller);
      return reviewsRepo.reviewsOf(db, practiceId).map((r) => reviewsRepo.toReviewView(r, notes));
    },

    /** The moderators' queue: latest versions waiting for review, oldest first, with counts per state. */
    queue: (caller: Caller, query: QueueQuery) => queueView(db, caller, query, now()),

    /** Where the version a moderator sees stands on the desk: its state, who claimed it and since when. */
    desk(caller: Caller, practiceId: number) {
      assertSeesQueue(caller);
      const practice = loadPractice(db, practiceId);
      const version = visibleVersion(db, practice, caller);
      const at = now();
      return {
        id: practice.id,
        versionNo: version.versionNo,
        state: version.state,
        etag: etagOf(version),
        registryNumber: practice.registryNumber,
        withdrawn: practice.withdrawnAt !== null,
        submittedAt: version.submittedAt,
        waitingDays: version.submittedAt
          ? Math.floor((at.getTime() - Date.parse(version.submittedAt)) / 86_400_000)
          : null,
        claimedBy:
          version.claimedBy === null
            ? null
            : { id: version.claimedBy, name: reviewsRepo.userName(db, version.claimedBy) },
        claimedAt: version.claimedAt,
      };
    },

    /** What changed in the latest version since the last review: what a reviewer reads first on a resubmission. */
    changes(caller: Caller, practiceId: number) {
      const practice = loadPractice(db, practiceId);
      assertReadsWorkflow(db, practice, caller);
      return changesSinceReview(db, practiceId, visibleVersion(db, practice, caller));
    },
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;
