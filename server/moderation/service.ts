/**
 * The moderation workflow. Every transition follows `TRANSITIONS`, checks the version the caller read (If-Match),
 * and runs in one IMMEDIATE transaction together with its history entry, its search-index update and its
 * notifications: two moderators approving at once get one publication and one 412.
 */
import { attachmentNames, copyAttachments } from '../attachments/service.js';
import type { SessionUser } from '../auth/service.js';
import type { Db, Tx } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import type { PracticeState, ReviewDecision, RubricScores } from '../db/schema.js';
import { AppError, validationError } from '../errors.js';
import { appendHistory } from '../history/repository.js';
import type { NotificationService } from '../notifications/service.js';
import {
  checkIfMatch,
  etagOf,
  isOwnerOf,
  loadPractice,
  readsInternalNotes,
  seesSubmitted,
  visibleVersion,
  type Caller,
} from '../practices/access.js';
import {
  contentOf,
  missingForPublication,
  versionColumns,
  writeChildren,
  type PracticeContent,
} from '../practices/content.js';
import * as repo from '../practices/repository.js';
import { toView, type PracticeView } from '../practices/service.js';
import { allocateRegistryNumber, yearInRegion } from '../registry/numbers.js';
import { loadSearchDocument } from '../search-api/documents.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import type { SearchEngine } from '../../search/port.js';
import * as reviewsRepo from './repository.js';
import { ACTION_LABELS, DECISION_ACTIONS, ROLE_OF, STATE_LABELS, TRANSITIONS, type Action } from './transitions.js';

export interface ModerationDeps {
  db: Db;
  vocabularies: VocabularyCatalogue;
  engine: Pick<SearchEngine, 'index' | 'remove'>;
  notifications: Pick<NotificationService, 'notify' | 'usersWithRole'>;
  baseUrl: string;
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
  baseUrl,
  now = () => new Date(),
}: ModerationDeps) {
  /** Account ids of the practice's authors: who hears of decisions. */
  function authorAccounts(tx: Tx, practice: repo.PracticeRow, version: repo.VersionRow): number[] {
    const linked = repo.loadVersionDetails(tx, version).authors.flatMap((a) => (a.userId === null ? [] : [a.userId]));
    return [...new Set([...(practice.createdBy === null ? [] : [practice.createdBy]), ...linked])];
  }

  /** The version an action applies to, after every rule of the table; throws the precise refusal otherwise. */
  function target(
    tx: Tx,
    caller: SessionUser,
    practice: repo.PracticeRow,
    action: Action,
    ifMatch: string | undefined,
    comment: string,
  ): repo.VersionRow {
    const rule = TRANSITIONS[action];
    // What the caller may see decides between "no such practice" and "not allowed"; it is also the version they
    // read, which If-Match must name.
    const read = visibleVersion(tx, practice, caller);
    const owner = isOwnerOf(tx, practice, caller);
    if (!caller.roles.includes(ROLE_OF[rule.actor]) || (rule.actor === 'owner' && !owner)) {
      throw new AppError(
        'FORBIDDEN',
        rule.actor === 'owner'
          ? 'Это действие доступно только авторам практики'
          : 'Это действие доступно только модераторам',
      );
    }
    if (rule.actor === 'moderator' && repo.isOwner(tx, practice, caller.id)) {
      throw new AppError('FORBIDDEN', 'Нельзя рассматривать собственную практику');
    }
    // The caller names the version they read; the action may concern another one (withdraw: the published).
    checkIfMatch(read, ifMatch, true);
    const versionId = rule.onPublished ? practice.publishedVersionId : practice.latestVersionId;
    const version = versionId === null ? undefined : repo.findVersion(tx, versionId);
    if (!version) throw new AppError('TRANSITION_NOT_ALLOWED');
    if (!rule.from.includes(version.state) || (rule.onPublished && practice.withdrawnAt !== null)) {
      throw new AppError(
        'TRANSITION_NOT_ALLOWED',
        `Нельзя ${ACTION_LABELS[action]}: практика ${STATE_LABELS[version.state]}`,
      );
    }
    const pendingVersion = practice.latestVersionId !== practice.publishedVersionId && version.state !== 'rejected';
    if (
      action === 'new_version' &&
      (practice.publishedVersionId === null || pendingVersion || practice.withdrawnAt !== null)
    ) {
      throw new AppError(
        'TRANSITION_NOT_ALLOWED',
        'Новую версию можно начать только у опубликованной практики без незавершённой версии',
      );
    }
    if (practice.withdrawnAt !== null && (action === 'submit' || action === 'approve')) {
      // A withdrawn practice is not published again through a pending version behind its permalink's notice.
      throw new AppError('TRANSITION_NOT_ALLOWED', 'Практика снята с публикации');
    }
    const overridden = rule.adminOverrides && caller.roles.includes('admin');
    if (rule.claimantOnly && version.claimedBy !== caller.id && !overridden) throw new AppError('CLAIMED_BY_ANOTHER');
    if (rule.commentRequired && comment.trim() === '') {
      throw validationError([
        {
          field: 'comment',
          message: action === 'withdraw' ? 'Укажите причину снятия с публикации' : 'Напишите комментарий для авторов',
        },
      ]);
    }
    if (action === 'submit') {
      const missing = missingForPublication(contentOf(repo.loadVersionDetails(tx, version)));
      if (missing.length > 0)
        throw validationError(missing, 'Практику нельзя отправить: заполнены не все обязательные поля');
    }
    return version;
  }

  /**
   * Makes `version` the public one: registry number on first publication, the previous version superseded
   * (returned, so its change is written to the history too).
   */
  function publish(
    tx: Tx,
    practice: repo.PracticeRow,
    version: repo.VersionRow,
    at: Date,
  ): { registryNumber: string; superseded?: repo.VersionRow } {
    const iso = at.toISOString();
    let superseded: repo.VersionRow | undefined;
    if (practice.publishedVersionId !== null && practice.publishedVersionId !== version.id) {
      superseded = repo.updateVersion(tx, practice.publishedVersionId, { state: 'superseded' });
    }
    const registryNumber = practice.registryNumber ?? allocateRegistryNumber(tx, yearInRegion(at));
    repo.updateVersion(tx, version.id, { state: 'published', publishedAt: iso, claimedBy: null, claimedAt: null });
    repo.updatePractice(tx, practice.id, { publishedVersionId: version.id, registryNumber });
    const doc = loadSearchDocument(tx, { ...practice, publishedVersionId: version.id, registryNumber }, vocabularies);
    if (doc) engine.index(tx, doc);
    else engine.remove(tx, practice.id); // never leave the superseded text searchable
    return { registryNumber, ...(superseded ? { superseded } : {}) };
  }

  /** Opens the next version as an editable copy of the published one; the published version stays public. */
  function openNewVersion(tx: Tx, practice: repo.PracticeRow, latest: repo.VersionRow): repo.VersionRow {
    const published = repo.findVersion(tx, practice.publishedVersionId!)!;
    const content: PracticeContent = contentOf(repo.loadVersionDetails(tx, published));
    const next = repo.insertVersion(tx, {
      practiceId: practice.id,
      versionNo: latest.versionNo + 1,
      state: 'draft',
      ...versionColumns(content),
    });
    writeChildren(tx, next.id, content, true);
    copyAttachments(tx, published.id, next.id);
    repo.updatePractice(tx, practice.id, { latestVersionId: next.id });
    return next;
  }

  function perform(
    tx: Tx,
    caller: SessionUser,
    practice: repo.PracticeRow,
    version: repo.VersionRow,
    action: Action,
    comment: string,
  ): { registryNumber?: string } {
    const rule = TRANSITIONS[action];
    const at = now();
    const iso = at.toISOString();
    const link = `${baseUrl}/practices/${practice.registryNumber ?? ''}`;
    const title = version.title;
    const entry = {
      practiceId: practice.id,
      versionNo: version.versionNo,
      actorUserId: caller.id,
      actorName: caller.fullName,
      action,
      fromState: version.state as PracticeState,
      toState: rule.to,
      comment: comment || null,
    };
    let registryNumber: string | undefined;
    let superseded: repo.VersionRow | undefined;
    let closing: repo.VersionRow | undefined;
    switch (action) {
      case 'submit': {
        repo.updateVersion(tx, version.id, { state: 'submitted', submittedAt: iso, claimedBy: null, claimedAt: null });
        const again = version.state === 'changes_requested';
        const newVersion = version.versionNo > 1 && !again;
        notifications.notify(
          tx,
          notifications.usersWithRole(tx, 'moderator').filter((id) => id !== caller.id),
          {
            kind: again ? 'resubmitted' : 'submitted',
            practiceId: practice.id,
            subject: again
              ? `Практика доработана: «${title}»`
              : newVersion
                ? `Новая версия практики на модерации: «${title}»`
                : `Новая практика на модерации: «${title}»`,
            body: `${caller.fullName} ${again ? 'доработал(а) и снова отправил(а)' : 'отправил(а)'} на модерацию ${newVersion ? `версию ${version.versionNo} практики` : 'практику'} «${title}».`,
          },
        );
        break;
      }
      case 'claim':
        repo.updateVersion(tx, version.id, { state: 'in_review', claimedBy: caller.id, claimedAt: iso });
        break;
      case 'release':
        repo.updateVersion(tx, version.id, { state: 'submitted', claimedBy: null, claimedAt: null });
        break;
      case 'approve':
        ({ registryNumber, superseded } = publish(tx, practice, version, at));
        break;
      case 'request_changes':
      case 'reject':
        repo.updateVersion(tx, version.id, { state: rule.to, claimedBy: null, claimedAt: null });
        break;
      case 'withdraw': {
        repo.updateVersion(tx, version.id, { state: 'withdrawn' });
        repo.updatePractice(tx, practice.id, { withdrawnAt: iso, withdrawnReason: comment });
        engine.remove(tx, practice.id);
        // A new version still on its way is closed with the practice, never left stranded in the queue.
        const latest =
          practice.latestVersionId === version.id || practice.latestVersionId === null
            ? undefined
            : repo.findVersion(tx, practice.latestVersionId);
        if (latest && latest.state !== 'rejected') {
          repo.updateVersion(tx, latest.id, { state: 'rejected', claimedBy: null, claimedAt: null });
          closing = latest;
        }
        break;
      }
      case 'new_version': {
        const next = openNewVersion(tx, practice, version);
        appendHistory(tx, { ...entry, versionNo: next.versionNo, fromState: null });
        return {};
      }
    }
    appendHistory(tx, { ...entry, ...(registryNumber ? { details: { registryNumber } } : {}) });
    if (superseded) {
      appendHistory(tx, {
        ...entry,
        versionNo: superseded.versionNo,
        action: 'supersede',
        fromState: 'published',
        toState: 'superseded',
        comment: null,
        details: { by: version.versionNo },
      });
    }
    if (closing) {
      appendHistory(tx, {
        ...entry,
        versionNo: closing.versionNo,
        action: 'close',
        fromState: closing.state,
        toState: 'rejected',
        comment: 'Закрыта при снятии практики с публикации',
      });
    }
    if (action === 'approve' || action === 'request_changes' || action === 'reject' || action === 'withdraw') {
      const number = registryNumber ?? practice.registryNumber;
      notifications.notify(tx, authorAccounts(tx, practice, version), {
        kind: action,
        practiceId: practice.id,
        subject: `Практика «${title}» ${rule.label}`,
        body:
          `Ваша практика «${title}» ${rule.label}.` +
          (number && action === 'approve'
            ? ` Номер в реестре: ${number}, постоянная ссылка: ${baseUrl}/practices/${number}.`
            : '') +
          (comment ? `\n\nКомментарий: ${comment}` : '') +
          (action === 'withdraw' && number ? `\n\n${link}` : ''),
      });
    }
    return registryNumber ? { registryNumber } : {};
  }

  function recordReview(
    tx: Tx,
    caller: SessionUser,
    practiceId: number,
    version: repo.VersionRow,
    r: { decision: ReviewDecision; comment: string; scores: RubricScores | null; internalNote: string },
  ) {
    const snapshot = {
      ...contentOf(repo.loadVersionDetails(tx, version)),
      attachments: attachmentNames(tx, version.id),
    };
    return reviewsRepo.insertReview(tx, {
      practiceId,
      versionNo: version.versionNo,
      reviewerId: caller.id,
      reviewerName: caller.fullName,
      scores: r.scores,
      decision: r.decision,
      comment: r.comment,
      internalNote: r.internalNote,
      snapshot: snapshot as unknown as Record<string, unknown>,
    });
  }

  function currentView(caller: SessionUser, practiceId: number): { practice: PracticeView; etag: string } {
    const practice = loadPractice(db, practiceId);
    const version = visibleVersion(db, practice, caller);
    return { practice: toView(practice, repo.loadVersionDetails(db, version)), etag: etagOf(version) };
  }

  return {
    /** Carries out one action of the lifecycle for `caller`; `ifMatch` must name the version they read. */
    transition(
      caller: SessionUser,
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
        perform(tx, caller, practice, version, action, comment);
      });
      return currentView(caller, practiceId);
    },

    /** A rubric review with its decision, recorded and acted on in one transaction. */
    review(caller: SessionUser, practiceId: number, ifMatch: string | undefined, input: ReviewInput) {
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
        perform(tx, caller, practice, version, action, comment);
        return row;
      });
      return { review: reviewsRepo.toReviewView(review, true), ...currentView(caller, practiceId) };
    },

    /** Reviews of a practice: moderators see internal notes, authors only what is addressed to them. */
    reviews(caller: Caller, practiceId: number) {
      const practice = loadPractice(db, practiceId);
      visibleVersion(db, practice, caller);
      if (!seesSubmitted(caller) && !isOwnerOf(db, practice, caller))
        throw new AppError(caller ? 'FORBIDDEN' : 'AUTH_REQUIRED');
      const notes = readsInternalNotes(db, practice, caller);
      return reviewsRepo.reviewsOf(db, practiceId).map((r) => reviewsRepo.toReviewView(r, notes));
    },

    /** The moderators' queue: latest versions waiting for review, oldest first, with counts per state. */
    queue(
      caller: SessionUser,
      query: {
        state?: PracticeState[] | undefined;
        level?: string[] | undefined;
        municipality?: string[] | undefined;
        organizationId?: number | undefined;
        claimed?: 'me' | 'any' | 'none' | undefined;
        waitingDays?: number | undefined;
        page: number;
        perPage: number;
      },
    ) {
      if (!seesSubmitted(caller)) throw new AppError('FORBIDDEN', 'Очередь модерации доступна модераторам');
      const at = now();
      const { items, total, counts } = reviewsRepo.queue(db, {
        states: query.state ?? ['submitted', 'in_review'],
        level: query.level,
        municipality: query.municipality,
        organizationId: query.organizationId,
        claimed: query.claimed === 'me' ? caller.id : query.claimed,
        submittedBefore:
          query.waitingDays === undefined
            ? undefined
            : new Date(at.getTime() - query.waitingDays * 86_400_000).toISOString(),
        limit: query.perPage,
        offset: (query.page - 1) * query.perPage,
      });
      return {
        items: items.map((r) => ({
          id: r.id,
          versionNo: r.versionNo,
          title: r.title,
          state: r.state,
          etag: `"${r.versionId}.${r.revision}"`,
          registryNumber: r.registryNumber,
          submittedAt: r.submittedAt,
          waitingDays: r.submittedAt ? Math.floor((at.getTime() - Date.parse(r.submittedAt)) / 86_400_000) : null,
          claimedBy: r.claimedById === null ? null : { id: r.claimedById, name: r.claimedByName ?? '' },
          organization:
            r.organizationId === null
              ? null
              : { id: r.organizationId, name: r.organizationName!, municipality: r.municipality! },
        })),
        total,
        counts: Object.fromEntries(counts.map((c) => [c.state, c.n])),
      };
    },

    /** What changed in the latest version since the last review: what a reviewer reads first on a resubmission. */
    changes(caller: Caller, practiceId: number) {
      const practice = loadPractice(db, practiceId);
      const version = visibleVersion(db, practice, caller);
      if (!seesSubmitted(caller) && !isOwnerOf(db, practice, caller))
        throw new AppError(caller ? 'FORBIDDEN' : 'AUTH_REQUIRED');
      const last = reviewsRepo.reviewsOf(db, practiceId).at(-1);
      const current = {
        ...contentOf(repo.loadVersionDetails(db, version)),
        attachments: attachmentNames(db, version.id),
      } as Record<string, unknown>;
      const before = last?.snapshot ?? {};
      const fields = last
        ? Object.keys(current)
            .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(current[k]))
            .map((field) => ({ field, before: before[field] ?? null, after: current[field] }))
        : [];
      return { sinceReviewId: last?.id ?? null, sinceVersionNo: last?.versionNo ?? null, fields };
    },
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;
