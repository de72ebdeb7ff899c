/**
 * Who may do what to which resource: one module that practices, attachments, moderation, notifications and tokens
 * ask. A caller is a signed-in person, an integration's API token, or nobody.
 *
 * A small typed module rather than `@casl/ability`: every rule here depends on facts loaded from the database
 * (co-authorship, the state of a version, a withdrawal), which CASL would want preloaded into plain subjects, and
 * the few subjects are better checked by the compiler than by string names.
 */
import type { SessionUser } from '../auth/service.js';
import type { DbOrTx } from '../db/client.js';
import type { Role, TokenScope } from '../db/schema.js';
import { AppError } from '../errors.js';
import * as repo from '../practices/repository.js';

/** An integration calling with a bearer token: it acts with its scope only, for the admin who issued it. */
export interface TokenPrincipal {
  kind: 'token';
  tokenId: number;
  /** The admin who issued the token: history names them as the account behind the integration. */
  issuerId: number;
  /** The integration's name as the admin gave it. */
  name: string;
  scope: TokenScope;
}

export type Principal = SessionUser | TokenPrincipal;
/** Whoever calls: a principal, or null for an anonymous visitor. */
export type Caller = Principal | null;

export const isPerson = (caller: Caller): caller is SessionUser => caller?.kind === 'user';

/** A person holding `role` (tokens hold no roles). */
export const hasRole = (caller: Caller, role: Role): caller is SessionUser =>
  isPerson(caller) && caller.roles.includes(role);

/** The account and name an action is recorded under. */
export function actorOf(principal: Principal): { id: number; name: string } {
  return principal.kind === 'user'
    ? { id: principal.id, name: principal.fullName }
    : { id: principal.issuerId, name: `Интеграция «${principal.name}»` };
}

/** Moderators, admins and every API token see each practice that left its authors' hands. */
export const seesSubmitted = (caller: Caller): boolean =>
  caller?.kind === 'token' || hasRole(caller, 'moderator') || hasRole(caller, 'admin');

/** An author of the practice: its creator or an accepted co-author. Tokens own nothing. */
export const isOwnerOf = (db: DbOrTx, practice: repo.PracticeRow, caller: Caller): caller is SessionUser =>
  hasRole(caller, 'author') && repo.isOwner(db, practice, caller.id);

/** A moderator by role, or a token with the moderate scope; whether they may act on a practice is the table's. */
export const moderates = (caller: Caller): boolean =>
  hasRole(caller, 'moderator') || (caller?.kind === 'token' && caller.scope === 'moderate');

/** The version `caller` may read, or PRACTICE_NOT_FOUND: a practice one may not see does not exist for them. */
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

/** The latest version for its author to edit: 404 if they may not see the practice, 403 if they may see it only. */
export function editableLatest(db: DbOrTx, practice: repo.PracticeRow, caller: SessionUser): repo.VersionRow {
  if (!isOwnerOf(db, practice, caller)) {
    visibleVersion(db, practice, caller);
    throw new AppError('FORBIDDEN', 'Изменять практику могут только её авторы');
  }
  const latest = practice.latestVersionId === null ? undefined : repo.findVersion(db, practice.latestVersionId);
  if (!latest) throw new AppError('PRACTICE_NOT_FOUND');
  return latest;
}

/** Reviews, the changes since a review and the full history: the authors and the staff, nobody else. */
export function assertReadsWorkflow(db: DbOrTx, practice: repo.PracticeRow, caller: Caller): void {
  visibleVersion(db, practice, caller);
  if (!seesSubmitted(caller) && !isOwnerOf(db, practice, caller))
    throw new AppError(caller ? 'FORBIDDEN' : 'AUTH_REQUIRED');
}

/** Moderators and admins — people, not integrations — who see internal notes of practices they did not write. */
export const readsInternalNotes = (db: DbOrTx, practice: repo.PracticeRow, caller: Caller): boolean =>
  (hasRole(caller, 'moderator') || hasRole(caller, 'admin')) && !repo.isOwner(db, practice, caller.id);

/** Files of a version: its authors, the staff once it left the draft, everyone once published and not withdrawn. */
export function mayDownload(db: DbOrTx, caller: Caller, practice: repo.PracticeRow, version: repo.VersionRow): boolean {
  if (isOwnerOf(db, practice, caller)) return true;
  if (seesSubmitted(caller) && version.state !== 'draft') return true;
  return practice.withdrawnAt === null && (version.state === 'published' || version.state === 'superseded');
}

/** The moderation queue: the staff and integrations. */
export function assertSeesQueue(caller: Caller): void {
  if (!caller) throw new AppError('AUTH_REQUIRED');
  if (!seesSubmitted(caller)) throw new AppError('FORBIDDEN', 'Очередь модерации доступна модераторам');
}

/** A person's own inbox: notifications are addressed to people, never to an integration. */
export function notificationReader(caller: Caller): SessionUser {
  if (!caller) throw new AppError('AUTH_REQUIRED');
  if (!isPerson(caller)) throw new AppError('FORBIDDEN', 'У токена API нет уведомлений');
  return caller;
}

/** A person holding `role`, or AUTH_REQUIRED / FORBIDDEN (a token holds no role). */
export function personWithRole(caller: Caller, role: Role): SessionUser {
  if (!caller) throw new AppError('AUTH_REQUIRED');
  if (!hasRole(caller, role)) throw new AppError('FORBIDDEN');
  return caller;
}

/** One's own practices: an author's list, never an integration's. */
export const ownPracticesReader = (caller: Caller): SessionUser => personWithRole(caller, 'author');

/** Issuing, listing and revoking API tokens: admins only, and never with a token. */
export const tokenManager = (caller: Caller): SessionUser => personWithRole(caller, 'admin');
