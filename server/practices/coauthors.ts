/**
 * Co-authors with accounts. An author may name another person's account among the authors; that person is
 * invited (and notified) and becomes a co-owner of the practice only by accepting. Until then the author line
 * keeps no account link.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { editableLatest } from '../access/policy.js';
import type { SessionUser } from '../auth/service.js';
import { findUserByEmail, findUserById } from '../auth/repository.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import { coauthorInvites, practiceAuthors, practices, practiceVersions, users } from '../db/schema.js';
import { AppError, validationError } from '../errors.js';
import { appendHistory } from '../history/repository.js';
import { coauthorInviteMessage } from '../notifications/messages.js';
import type { NotificationService } from '../notifications/service.js';
import { loadPractice } from './lookup.js';
import type { PracticeContent } from './content.js';
import * as repo from './repository.js';

/** States in which the authors list may change (the same as `EDITABLE_STATES` of the practice service). */
const EDITABLE: readonly string[] = ['draft', 'changes_requested'];

const inviter = alias(users, 'inviter');

export function createCoauthorService(db: Db, notifications: Pick<NotificationService, 'notify'>) {
  /** The latest version, for one of its authors, while its authors may change. */
  function editableFor(tx: Tx, user: SessionUser, practiceId: number) {
    const practice = loadPractice(tx, practiceId);
    const latest = editableLatest(tx, practice, user);
    if (!EDITABLE.includes(latest.state)) throw new AppError('PRACTICE_NOT_EDITABLE');
    return latest;
  }

  function notifyInvited(tx: DbOrTx, user: SessionUser, invitedId: number, practiceId: number, title: string) {
    notifications.notify(tx, [invitedId], coauthorInviteMessage(practiceId, title, user.fullName));
  }

  return {
    /**
     * Turns account links the author may not make into invitations: the author's own account and links already
     * accepted stay; any other account becomes an invitation and the line keeps no link. Runs in the edit's
     * transaction. Unknown accounts are dropped silently, so ids cannot be probed this way.
     */
    invite(
      tx: DbOrTx,
      user: SessionUser,
      practiceId: number,
      title: string,
      next: PracticeContent,
      before?: PracticeContent,
    ): PracticeContent {
      const kept = new Set([user.id, ...(before?.authors.flatMap((a) => (a.userId === null ? [] : [a.userId])) ?? [])]);
      const authors = next.authors.map((author) => {
        if (author.userId === null || kept.has(author.userId)) return author;
        const invited = findUserById(tx, author.userId);
        if (invited && !invited.disabledAt) {
          const created = tx
            .insert(coauthorInvites)
            .values({ practiceId, userId: invited.id, fullName: author.fullName, invitedBy: user.id })
            .onConflictDoNothing()
            .run().changes;
          if (created > 0) notifyInvited(tx, user, invited.id, practiceId, title);
        }
        return { ...author, userId: null };
      });
      return { ...next, authors };
    },

    /** Pending invitations of a user, with the practice's title and who invited them, newest first. */
    pending(userId: number) {
      return db
        .select({
          practiceId: coauthorInvites.practiceId,
          fullName: coauthorInvites.fullName,
          createdAt: coauthorInvites.createdAt,
          title: practiceVersions.title,
          invitedBy: inviter.fullName,
        })
        .from(coauthorInvites)
        .innerJoin(practices, eq(practices.id, coauthorInvites.practiceId))
        .innerJoin(practiceVersions, eq(practiceVersions.id, practices.latestVersionId))
        .leftJoin(inviter, eq(inviter.id, coauthorInvites.invitedBy))
        .where(and(eq(coauthorInvites.userId, userId), isNull(coauthorInvites.answeredAt)))
        .orderBy(asc(coauthorInvites.id))
        .all()
        .map((row) => ({ ...row, invitedBy: row.invitedBy ?? '' }));
    },

    /** Invitations of a practice not answered yet, for its authors (404/403 for anyone else). */
    pendingFor(user: SessionUser, practiceId: number) {
      editableLatest(db, loadPractice(db, practiceId), user);
      return db
        .select({
          userId: coauthorInvites.userId,
          fullName: coauthorInvites.fullName,
          email: users.email,
          createdAt: coauthorInvites.createdAt,
        })
        .from(coauthorInvites)
        .innerJoin(users, eq(users.id, coauthorInvites.userId))
        .where(and(eq(coauthorInvites.practiceId, practiceId), isNull(coauthorInvites.answeredAt)))
        .orderBy(asc(coauthorInvites.id))
        .all();
    },

    /**
     * Invites the colleague whose account has this e-mail: their name joins the authors list (without the link to
     * the account, which only their acceptance makes) and they are notified. There is no invitation for an address
     * without an account — it is refused with a message saying so, as registration already tells an address in use.
     */
    inviteByEmail(user: SessionUser, practiceId: number, email: string): { fullName: string } {
      return writeTransaction(db, (tx) => {
        const latest = editableFor(tx, user, practiceId);
        const refuse = (message: string) => validationError([{ field: 'email', message }]);
        const invited = findUserByEmail(tx, email.normalize('NFC').trim().toLowerCase());
        if (!invited || invited.disabledAt)
          throw refuse(
            'На этот адрес нет аккаунта в банке. Попросите коллегу зарегистрироваться, затем пригласите его снова',
          );
        if (invited.id === user.id) throw refuse('Это ваш адрес: вы уже среди авторов практики');
        const practice = loadPractice(tx, practiceId);
        const details = repo.loadVersionDetails(tx, latest);
        if (practice.createdBy === invited.id || details.authors.some((a) => a.userId === invited.id))
          throw refuse('Этот коллега уже среди авторов практики');
        const open = tx
          .select({ id: coauthorInvites.id })
          .from(coauthorInvites)
          .where(
            and(
              eq(coauthorInvites.practiceId, practiceId),
              eq(coauthorInvites.userId, invited.id),
              isNull(coauthorInvites.answeredAt),
            ),
          )
          .get();
        if (open) throw refuse('Приглашение на этот адрес уже отправлено и ждёт ответа');
        const fullName = invited.fullName;
        if (!details.authors.some((a) => a.userId === null && a.fullName === fullName)) {
          repo.replaceAuthors(
            tx,
            latest.id,
            [...details.authors, { fullName, position: invited.position ?? '', userId: null }],
            false,
          );
        }
        repo.updateVersion(tx, latest.id, {}); // the authors list is part of the version: its ETag changes
        // One row per practice and person: a colleague who declined earlier is asked again.
        tx.insert(coauthorInvites)
          .values({ practiceId, userId: invited.id, fullName, invitedBy: user.id })
          .onConflictDoUpdate({
            target: [coauthorInvites.practiceId, coauthorInvites.userId],
            set: {
              fullName,
              invitedBy: user.id,
              createdAt: new Date().toISOString(),
              answeredAt: null,
              accepted: null,
            },
          })
          .run();
        notifyInvited(tx, user, invited.id, practiceId, latest.title);
        appendHistory(tx, {
          practiceId,
          versionNo: latest.versionNo,
          actorUserId: user.id,
          actorName: user.fullName,
          action: 'coauthor_invite',
          details: { fullName },
        });
        return { fullName };
      });
    },

    /** Withdraws an unanswered invitation; the invited line leaves the authors list with it (it had no account). */
    revoke(user: SessionUser, practiceId: number, invitedUserId: number): void {
      writeTransaction(db, (tx) => {
        const latest = editableFor(tx, user, practiceId);
        const invite = tx
          .select()
          .from(coauthorInvites)
          .where(
            and(
              eq(coauthorInvites.practiceId, practiceId),
              eq(coauthorInvites.userId, invitedUserId),
              isNull(coauthorInvites.answeredAt),
            ),
          )
          .get();
        if (!invite) throw new AppError('INVITATION_NOT_FOUND');
        tx.delete(coauthorInvites).where(eq(coauthorInvites.id, invite.id)).run();
        const authors = repo.loadVersionDetails(tx, latest).authors;
        const kept = authors.filter((a) => !(a.userId === null && a.fullName === invite.fullName));
        if (kept.length !== authors.length) repo.replaceAuthors(tx, latest.id, kept, false);
        repo.updateVersion(tx, latest.id, {});
        appendHistory(tx, {
          practiceId,
          versionNo: latest.versionNo,
          actorUserId: user.id,
          actorName: user.fullName,
          action: 'coauthor_revoke',
          details: { fullName: invite.fullName },
        });
      });
    },

    /** Accepts or declines an invitation; accepting links the invited line of the latest version to the account. */
    answer(user: SessionUser, practiceId: number, accept: boolean): void {
      writeTransaction(db, (tx) => {
        const invite = tx
          .select()
          .from(coauthorInvites)
          .where(
            and(
              eq(coauthorInvites.practiceId, practiceId),
              eq(coauthorInvites.userId, user.id),
              isNull(coauthorInvites.answeredAt),
            ),
          )
          .get();
        if (!invite) throw new AppError('INVITATION_NOT_FOUND');
        tx.update(coauthorInvites)
          .set({ answeredAt: new Date().toISOString(), accepted: accept })
          .where(eq(coauthorInvites.id, invite.id))
          .run();
        if (!accept) return;
        const practice = loadPractice(tx, practiceId);
        if (practice.latestVersionId === null) return;
        const line = repo
          .loadVersionDetails(tx, repo.findVersion(tx, practice.latestVersionId)!)
          .authors.findIndex((a) => a.userId === null && a.fullName === invite.fullName);
        if (line < 0) throw new AppError('PRACTICE_NOT_EDITABLE', 'Этого соавтора уже нет в списке авторов');
        tx.update(practiceAuthors)
          .set({ userId: user.id })
          .where(and(eq(practiceAuthors.versionId, practice.latestVersionId), eq(practiceAuthors.ordinal, line)))
          .run();
        appendHistory(tx, {
          practiceId,
          versionNo: null,
          actorUserId: user.id,
          actorName: user.fullName,
          action: 'coauthor_accept',
          details: { fullName: invite.fullName },
        });
      });
    },
  };
}

export type CoauthorService = ReturnType<typeof createCoauthorService>;
