/**
 * Co-authors with accounts. An author may name another person's account among the authors; that person is
 * invited (and notified) and becomes a co-owner of the practice only by accepting. Until then the author line
 * keeps no account link.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { SessionUser } from '../auth/service.js';
import { findUserById } from '../auth/repository.js';
import type { Db, DbOrTx } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import { coauthorInvites, practiceAuthors } from '../db/schema.js';
import { AppError } from '../errors.js';
import { appendHistory } from '../history/repository.js';
import { coauthorInviteMessage } from '../notifications/messages.js';
import type { NotificationService } from '../notifications/service.js';
import { loadPractice } from './lookup.js';
import type { PracticeContent } from './content.js';
import * as repo from './repository.js';

export function createCoauthorService(db: Db, notifications: Pick<NotificationService, 'notify'>) {
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
          if (created > 0) {
            notifications.notify(tx, [invited.id], coauthorInviteMessage(practiceId, title, user.fullName));
          }
        }
        return { ...author, userId: null };
      });
      return { ...next, authors };
    },

    /** Pending invitations of a user. */
    pending(userId: number) {
      return db
        .select({
          practiceId: coauthorInvites.practiceId,
          fullName: coauthorInvites.fullName,
          createdAt: coauthorInvites.createdAt,
        })
        .from(coauthorInvites)
        .where(and(eq(coauthorInvites.userId, userId), isNull(coauthorInvites.answeredAt)))
        .all();
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
