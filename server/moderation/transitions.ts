/**
 * The lifecycle in one table: who may do which action from which state, under which further conditions (guards),
 * and where it leads. The service reads it and nothing else decides what is allowed; what each action changes is
 * `effects.ts`, which must handle every action here.
 */
import type { PracticeState } from '../db/schema.js';
import {
  claimant,
  claimantOrAdmin,
  commentRequired,
  complete,
  notWithdrawn,
  publishedWithoutPendingVersion,
  type Actor,
  type Guard,
} from './guards.js';

export const ACTIONS = [
  'submit',
  'claim',
  'release',
  'approve',
  'request_changes',
  'reject',
  'withdraw',
  'new_version',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Transition {
  /** Who may act: an author of the practice, or a moderator who is not one (`ACTORS` in guards.ts). */
  actor: Actor;
  /** The state the acted-on version must be in. */
  from: readonly PracticeState[];
  /** The state it moves to (new_version: the state of the new version). */
  to: PracticeState;
  /** The action concerns the published version rather than the latest one. */
  onPublished?: boolean;
  /** Further conditions, checked in this order after the state; the first that fails gives the refusal. */
  guards: readonly Guard[];
  /** Russian name of the action, for history and notifications. */
  label: string;
}

/**
 * The actions that need a comment, and what the refusal says without one: the guards below and the review page
 * (which says so beside the field before anything is pressed) read this one list.
 */
export const COMMENT_REQUIRED = {
  request_changes: 'Напишите комментарий для авторов: что исправить',
  reject: 'Напишите комментарий для авторов: почему практика отклонена',
  withdraw: 'Укажите причину снятия с публикации',
} as const satisfies Partial<Record<Action, string>>;

export const TRANSITIONS: Record<Action, Transition> = {
  submit: {
    actor: 'author',
    from: ['draft', 'changes_requested'],
    to: 'submitted',
    guards: [notWithdrawn, complete],
    label: 'отправлена на модерацию',
  },
  claim: { actor: 'moderator', from: ['submitted'], to: 'in_review', guards: [], label: 'взята на рассмотрение' },
  release: {
    actor: 'moderator',
    from: ['in_review'],
    to: 'submitted',
    guards: [claimantOrAdmin],
    label: 'возвращена в очередь',
  },
  approve: {
    actor: 'moderator',
    from: ['in_review'],
    to: 'published',
    guards: [notWithdrawn, claimant],
    label: 'одобрена и опубликована',
  },
  request_changes: {
    actor: 'moderator',
    from: ['in_review'],
    to: 'changes_requested',
    guards: [claimant, commentRequired(COMMENT_REQUIRED.request_changes)],
    label: 'возвращена на доработку',
  },
  reject: {
    actor: 'moderator',
    from: ['in_review'],
    to: 'rejected',
    guards: [claimant, commentRequired(COMMENT_REQUIRED.reject)],
    label: 'отклонена',
  },
  withdraw: {
    actor: 'moderator',
    from: ['published'],
    to: 'withdrawn',
    onPublished: true,
    guards: [notWithdrawn, commentRequired(COMMENT_REQUIRED.withdraw)],
    label: 'снята с публикации',
  },
  // From the published version, or after a rejected new version: the copy is always of the published one.
  new_version: {
    actor: 'author',
    from: ['published', 'rejected'],
    to: 'draft',
    guards: [publishedWithoutPendingVersion],
    label: 'начата новая версия',
  },
};

/** The decisions a review can carry, and the action each one takes. */
export const DECISION_ACTIONS = {
  approve: 'approve',
  request_changes: 'request_changes',
  reject: 'reject',
} as const satisfies Record<string, Action>;

/** Every state the moderators' queue can show: never an author's draft, nor what is already settled. */
export const QUEUE_STATES = [
  'submitted',
  'in_review',
  'changes_requested',
  'rejected',
] as const satisfies readonly PracticeState[];

/** States as people read them. */
export const STATE_LABELS: Record<PracticeState, string> = {
  draft: 'черновик',
  submitted: 'на модерации',
  in_review: 'на рассмотрении',
  changes_requested: 'на доработке',
  rejected: 'отклонена',
  published: 'опубликована',
  superseded: 'заменена новой версией',
  withdrawn: 'снята с публикации',
};

/** Actions as people read them. */
export const ACTION_LABELS: Record<Action, string> = {
  submit: 'отправить на модерацию',
  claim: 'взять на рассмотрение',
  release: 'вернуть в очередь',
  approve: 'одобрить',
  request_changes: 'вернуть на доработку',
  reject: 'отклонить',
  withdraw: 'снять с публикации',
  new_version: 'начать новую версию',
};
