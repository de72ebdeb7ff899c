/**
 * What each action changes, one handler per action. `EFFECTS` is typed `Record<Action, Effect>`, so an action
 * added to `ACTIONS` does not compile until it has a handler here. A handler reports the moves it made as the
 * rows the database returned, and the history is written from those rows: it cannot claim a move that did not
 * happen.
 */
import { copyAttachments } from '../attachments/service.js';
import { actorOf } from '../access/policy.js';
import type { Tx } from '../db/client.js';
import type { PracticeState } from '../db/schema.js';
import { contentOf, versionColumns, writeChildren } from '../practices/content.js';
import * as repo from '../practices/repository.js';
import { publishVersion, type PublishDeps } from '../registry/publish.js';
import type { GuardContext } from './guards.js';
import type { Action } from './transitions.js';

export interface EffectContext extends GuardContext {
  at: Date;
  publishing: PublishDeps;
}

/** One version's change of state, as it now stands in the database. */
export interface Move {
  /** The version after the change. */
  version: repo.VersionRow;
  /** Its state before (null: the version is new). */
  from: PracticeState | null;
  /** The history's name for the move: the action itself, or what it did to another version. */
  action: string;
  comment?: string | null;
  details?: Record<string, unknown>;
}

export interface Outcome {
  /** The acted-on version's move first, then what it did to others. */
  moves: [Move, ...Move[]];
  registryNumber?: string;
}

export type Effect = (ctx: EffectContext) => Outcome;

type VersionPatch = Parameters<typeof repo.updateVersion>[2] & { state: PracticeState };

/** Moves a version and reports the move from the row the database returned. */
function move(tx: Tx, version: repo.VersionRow, patch: VersionPatch, action: string, comment?: string | null): Move {
  const after = repo.updateVersion(tx, version.id, patch);
  return { version: after, from: version.state, action, ...(comment === undefined ? {} : { comment }) };
}

const unclaimed = { claimedBy: null, claimedAt: null };

/** Opens the next version as an editable copy of the published one; the published version stays public. */
function openNewVersion(tx: Tx, practice: repo.PracticeRow, latest: repo.VersionRow): repo.VersionRow {
  const published = repo.findVersion(tx, practice.publishedVersionId!)!;
  const content = contentOf(repo.loadVersionDetails(tx, published));
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

export const EFFECTS: Record<Action, Effect> = {
  submit: ({ tx, version, at }) => ({
    moves: [move(tx, version, { state: 'submitted', submittedAt: at.toISOString(), ...unclaimed }, 'submit')],
  }),
  claim: ({ tx, version, caller, at }) => ({
    moves: [
      move(tx, version, { state: 'in_review', claimedBy: actorOf(caller).id, claimedAt: at.toISOString() }, 'claim'),
    ],
  }),
  release: ({ tx, version }) => ({ moves: [move(tx, version, { state: 'submitted', ...unclaimed }, 'release')] }),
  approve: ({ tx, practice, version, at, publishing }) => {
    const { registryNumber, published, superseded } = publishVersion(tx, publishing, practice, version, at);
    const approved: Move = { version: published, from: version.state, action: 'approve', details: { registryNumber } };
    return {
      moves: superseded
        ? [
            approved,
            {
              version: superseded,
              from: 'published',
              action: 'supersede',
              comment: null,
              details: { by: version.versionNo },
            },
          ]
        : [approved],
      registryNumber,
    };
  },
  request_changes: ({ tx, version }) => ({
    moves: [move(tx, version, { state: 'changes_requested', ...unclaimed }, 'request_changes')],
  }),
  reject: ({ tx, version }) => ({ moves: [move(tx, version, { state: 'rejected', ...unclaimed }, 'reject')] }),
  withdraw: ({ tx, practice, version, comment, at, publishing }) => {
    const withdrawn = move(tx, version, { state: 'withdrawn' }, 'withdraw');
    repo.updatePractice(tx, practice.id, { withdrawnAt: at.toISOString(), withdrawnReason: comment });
    publishing.engine.remove(tx, practice.id);
    // A new version still on its way is closed with the practice, never left stranded in the queue.
    const latest =
      practice.latestVersionId === version.id || practice.latestVersionId === null
        ? undefined
        : repo.findVersion(tx, practice.latestVersionId);
    if (!latest || latest.state === 'rejected') return { moves: [withdrawn] };
    const closed = move(
      tx,
      latest,
      { state: 'rejected', ...unclaimed },
      'close',
      'Закрыта при снятии практики с публикации',
    );
    return { moves: [withdrawn, closed] };
  },
  new_version: ({ tx, practice, version }) => ({
    moves: [{ version: openNewVersion(tx, practice, version), from: null, action: 'new_version' }],
  }),
};
