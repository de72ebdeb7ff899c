/**
 * The lifecycle in one table: which role may do which action from which state, and where it leads.
 * The API, the service and the tests all read it; nothing else decides what is allowed.
 */
import type { PracticeState, Role } from '../db/schema.js';

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
  /** Who may act: an author of the practice, or a moderator. */
  actor: 'owner' | 'moderator';
  /** The state the acted-on version must be in. */
  from: readonly PracticeState[];
  /** The state it moves to (new_version: the state of the new version). */
  to: PracticeState;
  /** Only the moderator who claimed the version may take this action. */
  claimantOnly?: boolean;
  /** …or an admin, so a claim is never stuck with a moderator who left. */
  adminOverrides?: boolean;
  /** A comment (to the authors, or the reason of a withdrawal) is required. */
  commentRequired?: boolean;
  /** The action concerns the published version rather than the latest one. */
  onPublished?: boolean;
  /** Russian name of the action, for history and notifications. */
  label: string;
}

export const TRANSITIONS: Record<Action, Transition> = {
  submit: { actor: 'owner', from: ['draft', 'changes_requested'], to: 'submitted', label: 'отправлена на модерацию' },
  claim: { actor: 'moderator', from: ['submitted'], to: 'in_review', label: 'взята на рассмотрение' },
  release: {
    actor: 'moderator',
    from: ['in_review'],
    to: 'submitted',
    claimantOnly: true,
    adminOverrides: true,
    label: 'возвращена в очередь',
  },
  approve: {
    actor: 'moderator',
    from: ['in_review'],
    to: 'published',
    claimantOnly: true,
    label: 'одобрена и опубликована',
  },
  request_changes: {
    actor: 'moderator',
    from: ['in_review'],
    to: 'changes_requested',
    claimantOnly: true,
    commentRequired: true,
    label: 'возвращена на доработку',
  },
  reject: {
    actor: 'moderator',
    from: ['in_review'],
    to: 'rejected',
    claimantOnly: true,
    commentRequired: true,
    label: 'отклонена',
  },
  withdraw: {
    actor: 'moderator',
    from: ['published'],
    to: 'withdrawn',
    commentRequired: true,
    onPublished: true,
    label: 'снята с публикации',
  },
  // From the published version, or after a rejected new version: the copy is always of the published one.
  new_version: { actor: 'owner', from: ['published', 'rejected'], to: 'draft', label: 'начата новая версия' },
};

/** The role an actor kind needs; owners act as authors. */
export const ROLE_OF: Record<Transition['actor'], Role> = { owner: 'author', moderator: 'moderator' };

/** The decisions a review can carry, and the action each one takes. */
export const DECISION_ACTIONS = {
  approve: 'approve',
  request_changes: 'request_changes',
  reject: 'reject',
} as const satisfies Record<string, Action>;

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
