/**
 * The conditions the transition table names: who counts as each kind of actor, and the checks an action makes
 * beyond its starting state. Each returns the precise refusal, or undefined when the action may go on.
 */
import { actorOf, hasRole, isOwnerOf, moderates, type Principal } from '../access/policy.js';
import type { Tx } from '../db/client.js';
import { AppError, validationError } from '../errors.js';
import { contentOf, missingForPublication } from '../practices/content.js';
import * as repo from '../practices/repository.js';

/** What a guard looks at: the caller, the practice, the version acted on and the comment given. */
export interface GuardContext {
  tx: Tx;
  caller: Principal;
  practice: repo.PracticeRow;
  version: repo.VersionRow;
  comment: string;
}

export type Guard = (ctx: GuardContext) => AppError | undefined;

export type Actor = 'author' | 'moderator';

/** Who may act as each kind of actor on a practice; checked before the version is looked at. */
export const ACTORS: Record<Actor, (tx: Tx, practice: repo.PracticeRow, caller: Principal) => AppError | undefined> = {
  author: (tx, practice, caller) =>
    isOwnerOf(tx, practice, caller)
      ? undefined
      : new AppError('FORBIDDEN', 'Это действие доступно только авторам практики'),
  // No one reviews their own practice: a moderator who is its author (or a token issued by one) is refused.
  moderator: (tx, practice, caller) => {
    if (!moderates(caller)) return new AppError('FORBIDDEN', 'Это действие доступно только модераторам');
    if (repo.isOwner(tx, practice, actorOf(caller).id))
      return new AppError('FORBIDDEN', 'Нельзя рассматривать собственную практику');
    return undefined;
  },
};

/** A withdrawn practice is not published again through a pending version behind its permalink's notice. */
export const notWithdrawn: Guard = ({ practice }) =>
  practice.withdrawnAt === null ? undefined : new AppError('TRANSITION_NOT_ALLOWED', 'Практика снята с публикации');

/** Only the moderator who claimed the version decides on it. */
export const claimant: Guard = ({ version, caller }) =>
  version.claimedBy === actorOf(caller).id ? undefined : new AppError('CLAIMED_BY_ANOTHER');

/** The claimant, or an admin: a claim is never stuck with a moderator who left. */
export const claimantOrAdmin: Guard = (ctx) => (hasRole(ctx.caller, 'admin') ? undefined : claimant(ctx));

/** A comment is required; `message` says what it is for. */
export const commentRequired =
  (message: string): Guard =>
  ({ comment }) =>
    comment.trim() === '' ? validationError([{ field: 'comment', message }]) : undefined;

/** Every field publication needs is filled in. */
export const complete: Guard = ({ tx, version }) => {
  const missing = missingForPublication(contentOf(repo.loadVersionDetails(tx, version)));
  return missing.length > 0
    ? validationError(missing, 'Практику нельзя отправить: заполнены не все обязательные поля')
    : undefined;
};

/** A new version is a copy of the published one, started only when no other new version is on its way. */
export const publishedWithoutPendingVersion: Guard = ({ practice, version }) => {
  const pending = practice.latestVersionId !== practice.publishedVersionId && version.state !== 'rejected';
  return practice.publishedVersionId === null || pending || practice.withdrawnAt !== null
    ? new AppError(
        'TRANSITION_NOT_ALLOWED',
        'Новую версию можно начать только у опубликованной практики без незавершённой версии',
      )
    : undefined;
};
