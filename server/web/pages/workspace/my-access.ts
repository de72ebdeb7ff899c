/**
 * Who may open a practice's workspace pages (materials, authors): its authors only. Anyone else gets the API's
 * answers as pages — 404 when they may not even see the practice, 403 when they may see it but not work on it.
 */
import { isOwnerOf, visibleVersion } from '../../../access/policy.js';
import type { SessionUser } from '../../../auth/service.js';
import type { Db } from '../../../db/client.js';
import { AppError } from '../../../errors.js';
import { loadPractice } from '../../../practices/lookup.js';
import * as repo from '../../../practices/repository.js';
import { EDITABLE_STATES } from '../../../practices/service.js';
import { STATE_LABELS } from '../../../moderation/transitions.js';

export interface AuthorsPractice {
  practice: repo.PracticeRow;
  latest: repo.VersionRow;
  details: repo.VersionDetails;
  /** Materials and authors may change (draft, returned for changes). */
  editable: boolean;
  /** Why they may not, in words, when they may not. */
  lockedReason: string | null;
}

/** Why a version in `state` cannot be changed, and what to do instead. */
function lockedReasonOf(state: repo.VersionRow['state'], published: boolean): string {
  if (state === 'submitted' || state === 'in_review')
    return `Практика ${STATE_LABELS[state]}: пока рецензент её не вернёт или не одобрит, материалы и авторов менять нельзя.`;
  if (state === 'published' || (state === 'rejected' && published))
    return 'Опубликованная версия не меняется. Чтобы что-то исправить, начните новую версию на странице «Мои практики».';
  return `Практика ${STATE_LABELS[state]}: менять её материалы и авторов больше нельзя.`;
}

/** The practice for one of its authors, or the API's refusal (PRACTICE_NOT_FOUND, FORBIDDEN). */
export function authorsPractice(db: Db, user: SessionUser, id: number): AuthorsPractice {
  const practice = loadPractice(db, id);
  if (!isOwnerOf(db, practice, user)) {
    visibleVersion(db, practice, user);
    throw new AppError('FORBIDDEN', 'Эта страница открыта только авторам практики');
  }
  const latest = practice.latestVersionId === null ? undefined : repo.findVersion(db, practice.latestVersionId);
  if (!latest) throw new AppError('PRACTICE_NOT_FOUND');
  const editable = EDITABLE_STATES.includes(latest.state);
  return {
    practice,
    latest,
    details: repo.loadVersionDetails(db, latest),
    editable,
    lockedReason: editable ? null : lockedReasonOf(latest.state, practice.publishedVersionId !== null),
  };
}

/** A form's address under a practice: the pattern a route registers and the address a page posts to. */
export function practiceRoute(pattern: `/my/${string}:id${string}`) {
  return { pattern, at: (id: number) => pattern.replace(':id', String(id)) };
}
