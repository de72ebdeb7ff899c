/**
 * Carrying out one action of the lifecycle: the table's rules (`transitions.ts`, `guards.ts`), the change
 * (`effects.ts`), its history and its notifications, in the caller's write transaction.
 */
import { actorOf, visibleVersion, type Principal } from '../access/policy.js';
import type { Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import { appendHistory } from '../history/repository.js';
import { decisionMessage, submittedMessage } from '../notifications/messages.js';
import type { NotificationService } from '../notifications/service.js';
import { checkIfMatch } from '../practices/lookup.js';
import * as repo from '../practices/repository.js';
import type { PublishDeps } from '../registry/publish.js';
import { EFFECTS, type Move } from './effects.js';
import { ACTORS } from './guards.js';
import { ACTION_LABELS, STATE_LABELS, TRANSITIONS, type Action } from './transitions.js';

export interface LifecycleDeps {
  publishing: PublishDeps;
  notifications: Pick<NotificationService, 'notify' | 'usersWithRole'>;
}

/** The version `action` applies to, after every rule of the table; throws the precise refusal otherwise. */
export function target(
  tx: Tx,
  caller: Principal,
  practice: repo.PracticeRow,
  action: Action,
  ifMatch: string | undefined,
  comment: string,
): repo.VersionRow {
  const rule = TRANSITIONS[action];
  // What the caller may see decides between "no such practice" and "not allowed"; it is also the version they
  // read, which If-Match must name.
  const read = visibleVersion(tx, practice, caller);
  const refusal = ACTORS[rule.actor](tx, practice, caller);
  if (refusal) throw refusal;
  // The caller names the version they read; the action may concern another one (withdraw: the published).
  checkIfMatch(read, ifMatch, true);
  const versionId = rule.onPublished ? practice.publishedVersionId : practice.latestVersionId;
  const version = versionId === null ? undefined : repo.findVersion(tx, versionId);
  if (!version) throw new AppError('TRANSITION_NOT_ALLOWED');
  if (!rule.from.includes(version.state)) {
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      `Нельзя ${ACTION_LABELS[action]}: практика ${STATE_LABELS[version.state]}`,
    );
  }
  for (const guard of rule.guards) {
    const failed = guard({ tx, caller, practice, version, comment });
    if (failed) throw failed;
  }
  return version;
}

export function createLifecycle({ publishing, notifications }: LifecycleDeps) {
  /** Account ids of the practice's authors: who hears of decisions. */
  function authorAccounts(tx: Tx, practice: repo.PracticeRow, version: repo.VersionRow): number[] {
    const linked = repo.loadVersionDetails(tx, version).authors.flatMap((a) => (a.userId === null ? [] : [a.userId]));
    return [...new Set([...(practice.createdBy === null ? [] : [practice.createdBy]), ...linked])];
  }

  /** Tells moderators of a submission, or the authors of a decision on their practice. */
  function notify(
    tx: Tx,
    caller: Principal,
    practice: repo.PracticeRow,
    before: repo.VersionRow,
    action: Action,
    comment: string,
    registryNumber: string | undefined,
  ): void {
    const actor = actorOf(caller);
    if (action === 'submit') {
      const how = before.state === 'changes_requested' ? 'again' : before.versionNo > 1 ? 'new_version' : 'first';
      notifications.notify(
        tx,
        notifications.usersWithRole(tx, 'moderator').filter((id) => id !== actor.id),
        submittedMessage(practice.id, before.title, actor.name, how),
      );
      return;
    }
    if (action !== 'approve' && action !== 'request_changes' && action !== 'reject' && action !== 'withdraw') return;
    const number = registryNumber ?? practice.registryNumber;
    notifications.notify(
      tx,
      authorAccounts(tx, practice, before),
      decisionMessage(action, practice.id, before.title, comment, number),
    );
  }

  /** Carries out `action` on `version` (found by `target`), writes its history and its notifications. */
  function perform(
    tx: Tx,
    caller: Principal,
    practice: repo.PracticeRow,
    version: repo.VersionRow,
    action: Action,
    comment: string,
    at: Date,
  ): { registryNumber?: string } {
    const { moves, registryNumber } = EFFECTS[action]({ tx, caller, practice, version, comment, at, publishing });
    // The handler must have made the move the table promises; a history entry for a move not made is a lie.
    const made = moves[0].version.state;
    if (made !== TRANSITIONS[action].to)
      throw new Error(`${action} left version ${moves[0].version.id} ${made}, not ${TRANSITIONS[action].to}`);
    const actor = actorOf(caller);
    for (const m of moves) appendHistory(tx, historyEntry(practice.id, actor, m, m === moves[0] ? comment : undefined));
    notify(tx, caller, practice, version, action, comment, registryNumber);
    return registryNumber ? { registryNumber } : {};
  }

  return { perform };
}

function historyEntry(practiceId: number, actor: { id: number; name: string }, m: Move, comment: string | undefined) {
  return {
    practiceId,
    versionNo: m.version.versionNo,
    actorUserId: actor.id,
    actorName: actor.name,
    action: m.action,
    fromState: m.from,
    toState: m.version.state,
    comment: m.comment !== undefined ? m.comment : comment || null,
    ...(m.details ? { details: m.details } : {}),
  };
}
