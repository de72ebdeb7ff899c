/**
 * Co-authors with accounts. An author invites a colleague by e-mail address; the answer is the same whether the
 * address has an account or not. An account with a confirmed address is notified at once; otherwise the
 * invitation waits for the address to be confirmed (a person without an account gets a letter asking them to
 * register). The colleague becomes a co-owner of the practice only by accepting; each account may send a limited
 * number of invitations a day, so invitations are no channel for spam.
 */
import { and, asc, count, eq, gte, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { editableLatest } from '../access/policy.js';
import type { Addressee } from '../auth/confirmation.js';
import type { SessionUser } from '../auth/service.js';
import { findUserByEmail } from '../auth/repository.js';
import type { Db, Tx } from '../db/client.js';
import { writeTransaction } from '../db/client.js';
import { coauthorInvites, practiceAuthors, practiceHistory, practices, practiceVersions, users } from '../db/schema.js';
import { AppError, validationError } from '../errors.js';
import { appendHistory } from '../history/repository.js';
import { SIGNATURE, type Mailer } from '../notifications/mailer.js';
import { coauthorInviteMessage } from '../notifications/messages.js';
import type { NotificationService } from '../notifications/service.js';
import { WORKSPACE } from '../web/pages/workspace/paths.js';
import { loadPractice } from './lookup.js';
import type { PracticeContent } from './content.js';
import * as repo from './repository.js';

/** States in which the authors list may change (the same as `EDITABLE_STATES` of the practice service). */
const EDITABLE: readonly string[] = ['draft', 'changes_requested'];
const DAY_MS = 24 * 60 * 60_000;

const inviter = alias(users, 'inviter');

export interface CoauthorDeps {
  db: Db;
  notifications: Pick<NotificationService, 'notify'>;
  mailer: Pick<Mailer, 'send'>;
  baseUrl: string;
  /** Invitations one account may send in 24 hours. */
  invitesPerDay: number;
  now?: () => Date;
}

/** What the inviter is told, whether or not the address has an account. */
export const invitationSent = (email: string) =>
  `Приглашение отправлено на ${email}. Коллега станет соавтором, когда примет его`;

export function createCoauthorService({
  db,
  notifications,
  mailer,
  baseUrl,
  invitesPerDay,
  now = () => new Date(),
}: CoauthorDeps) {
  /** The latest version, for one of its authors, while its authors may change. */
  function editableFor(tx: Tx, user: SessionUser, practiceId: number) {
    const practice = loadPractice(tx, practiceId);
    const latest = editableLatest(tx, practice, user);
    if (!EDITABLE.includes(latest.state)) throw new AppError('PRACTICE_NOT_EDITABLE');
    return latest;
  }

  /**
   * Refuses an invitation past the account's daily limit. Counted from the practices' append-only history, so
   * neither revoking invitations nor deleting the draft gives any back.
   */
  function assertUnderLimit(tx: Tx, userId: number): void {
    const since = new Date(now().getTime() - DAY_MS).toISOString();
    const sent =
      tx
        .select({ n: count() })
        .from(practiceHistory)
        .where(
          and(
            eq(practiceHistory.actorUserId, userId),
            eq(practiceHistory.action, 'coauthor_invite'),
            gte(practiceHistory.createdAt, since),
          ),
        )
        .get()?.n ?? 0;
    if (sent >= invitesPerDay)
      throw new AppError(
        'INVITATION_LIMIT_REACHED',
        `За сутки можно отправить не больше ${invitesPerDay} приглашений в соавторы. Попробуйте завтра`,
        [{ field: 'email', message: `Лимит приглашений на сутки исчерпан (${invitesPerDay}): попробуйте завтра` }],
      );
  }

  /** A person without an account learns who invites them and that registering with this address is the way in. */
  function inviteStranger(tx: Tx, user: SessionUser, email: string, inviteId: number, title: string): void {
    mailer.send(
      tx,
      `invite:${inviteId}:${now().getTime()}`,
      {
        to: email,
        subject: 'Вас пригласили соавтором практики',
        text:
          `Здравствуйте!\n\n${user.fullName} приглашает вас соавтором практики «${title}» в банке инновационных ` +
          'практик Смоленской области.\n\nЧтобы принять приглашение, зарегистрируйтесь с этим адресом и подтвердите ' +
          `его по ссылке из письма: ${baseUrl}${WORKSPACE.register}\nПосле этого приглашение будет ждать вас на ` +
          'странице «Мои практики».\n\nЕсли вы не знаете этого человека, просто не отвечайте на письмо: без вашего ' +
          `согласия вас не добавят в авторы.\n\n${SIGNATURE}`,
      },
      'co-author invitation to an address without an account',
      { inviteId },
    );
  }

  return {
    /**
     * Keeps only the account links the author may make in an edit: their own and links already accepted. Naming
     * any other account invites nobody (invitations go by e-mail address, with a daily limit); the line stays,
     * without the link. Runs in the edit's transaction.
     */
    keepOwnLinks(user: SessionUser, next: PracticeContent, before?: PracticeContent): PracticeContent {
      const kept = new Set([user.id, ...(before?.authors.flatMap((a) => (a.userId === null ? [] : [a.userId])) ?? [])]);
      return {
        ...next,
        authors: next.authors.map((a) => (a.userId === null || kept.has(a.userId) ? a : { ...a, userId: null })),
      };
    },

    /** Pending invitations of a user, with the practice's title and who invited them, oldest first. */
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

    /**
     * Invitations of a practice not answered yet, for its authors (404/403 for anyone else): the address typed,
     * never whether it has an account or whose it is.
     */
    pendingFor(user: SessionUser, practiceId: number) {
      editableLatest(db, loadPractice(db, practiceId), user);
      return db
        .select({ id: coauthorInvites.id, email: coauthorInvites.email, createdAt: coauthorInvites.createdAt })
        .from(coauthorInvites)
        .where(and(eq(coauthorInvites.practiceId, practiceId), isNull(coauthorInvites.answeredAt)))
        .orderBy(asc(coauthorInvites.id))
        .all()
        .map((row) => ({ ...row, email: row.email ?? '' }));
    },

    /**
     * Invites a colleague by e-mail address. The owner of a confirmed account with it is notified (in the bank and
     * by e-mail); an address without one gets a letter inviting them to register, and the invitation waits for
     * the address to be confirmed. The answer is the same in every case; past the daily limit nothing is written.
     */
    inviteByEmail(user: SessionUser, practiceId: number, emailInput: string): { email: string; message: string } {
      const email = emailInput.normalize('NFC').trim().toLowerCase();
      return writeTransaction(db, (tx) => {
        const latest = editableFor(tx, user, practiceId);
        const refuse = (message: string) => validationError([{ field: 'email', message }]);
        if (email === user.email) throw refuse('Это ваш адрес: вы уже среди авторов практики');
        const account = findUserByEmail(tx, email);
        const practice = loadPractice(tx, practiceId);
        const details = repo.loadVersionDetails(tx, latest);
        // Only a colleague who already accepted (whose address the author typed before) is named here.
        if (account && (practice.createdBy === account.id || details.authors.some((a) => a.userId === account.id)))
          throw refuse('Этот коллега уже среди авторов практики');
        const open = tx
          .select({ id: coauthorInvites.id })
          .from(coauthorInvites)
          .where(
            and(
              eq(coauthorInvites.practiceId, practiceId),
              eq(coauthorInvites.email, email),
              isNull(coauthorInvites.answeredAt),
            ),
          )
          .get();
        if (open) throw refuse('Приглашение на этот адрес уже отправлено и ждёт ответа');
        assertUnderLimit(tx, user.id);
        const reached = account && account.emailConfirmedAt !== null && !account.disabledAt ? account : undefined;
        const values = {
          email,
          userId: reached?.id ?? null,
          fullName: reached?.fullName ?? '',
          invitedBy: user.id,
          createdAt: now().toISOString(),
          answeredAt: null,
          accepted: null,
        };
        // One row per practice and address: a colleague who declined earlier is asked again.
        const { id } = tx
          .insert(coauthorInvites)
          .values({ practiceId, ...values })
          .onConflictDoUpdate({ target: [coauthorInvites.practiceId, coauthorInvites.email], set: values })
          .returning({ id: coauthorInvites.id })
          .get();
        if (reached)
          notifications.notify(tx, [reached.id], coauthorInviteMessage(practiceId, latest.title, user.fullName));
        else if (!account) inviteStranger(tx, user, email, id, latest.title);
        // An unconfirmed account is reached when its owner confirms the address (see `reachAccount`).
        appendHistory(tx, {
          practiceId,
          versionNo: latest.versionNo,
          actorUserId: user.id,
          actorName: user.fullName,
          action: 'coauthor_invite',
          details: { email },
        });
        return { email, message: invitationSent(email) };
      });
    },

    /**
     * Invitations that waited for an address reach the account that has just confirmed it: linked and notified,
     * in the confirming transaction.
     */
    reachAccount(tx: Tx, user: Addressee): void {
      const waiting = tx
        .select({
          id: coauthorInvites.id,
          practiceId: coauthorInvites.practiceId,
          title: practiceVersions.title,
          invitedBy: inviter.fullName,
        })
        .from(coauthorInvites)
        .innerJoin(practices, eq(practices.id, coauthorInvites.practiceId))
        .innerJoin(practiceVersions, eq(practiceVersions.id, practices.latestVersionId))
        .leftJoin(inviter, eq(inviter.id, coauthorInvites.invitedBy))
        .where(
          and(
            eq(coauthorInvites.email, user.email),
            isNull(coauthorInvites.userId),
            isNull(coauthorInvites.answeredAt),
          ),
        )
        .all();
      for (const invite of waiting) {
        tx.update(coauthorInvites)
          .set({ userId: user.id, fullName: user.fullName })
          .where(eq(coauthorInvites.id, invite.id))
          .run();
        notifications.notify(
          tx,
          [user.id],
          coauthorInviteMessage(invite.practiceId, invite.title, invite.invitedBy ?? ''),
        );
      }
    },

    /** Withdraws an unanswered invitation of the practice. */
    revoke(user: SessionUser, practiceId: number, inviteId: number): void {
      writeTransaction(db, (tx) => {
        const latest = editableFor(tx, user, practiceId);
        const invite = tx
          .select()
          .from(coauthorInvites)
          .where(
            and(
              eq(coauthorInvites.id, inviteId),
              eq(coauthorInvites.practiceId, practiceId),
              isNull(coauthorInvites.answeredAt),
            ),
          )
          .get();
        if (!invite) throw new AppError('INVITATION_NOT_FOUND');
        tx.delete(coauthorInvites).where(eq(coauthorInvites.id, invite.id)).run();
        appendHistory(tx, {
          practiceId,
          versionNo: latest.versionNo,
          actorUserId: user.id,
          actorName: user.fullName,
          action: 'coauthor_revoke',
          details: { email: invite.email },
        });
      });
    },

    /**
     * Accepts or declines an invitation. Accepting links the author line with the person's name in the latest
     * version, or adds a line for them while the practice is with its authors.
     */
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
          .set({ answeredAt: now().toISOString(), accepted: accept })
          .where(eq(coauthorInvites.id, invite.id))
          .run();
        if (!accept) return;
        const practice = loadPractice(tx, practiceId);
        if (practice.latestVersionId === null) return;
        const latest = repo.findVersion(tx, practice.latestVersionId)!;
        const authors = repo.loadVersionDetails(tx, latest).authors;
        const names = new Set([user.fullName, invite.fullName]);
        const line = authors.findIndex((a) => a.userId === null && names.has(a.fullName));
        if (line >= 0)
          tx.update(practiceAuthors)
            .set({ userId: user.id })
            .where(and(eq(practiceAuthors.versionId, latest.id), eq(practiceAuthors.ordinal, line)))
            .run();
        else if (EDITABLE.includes(latest.state)) {
          repo.replaceAuthors(
            tx,
            latest.id,
            [...authors, { fullName: user.fullName, position: user.position ?? '', userId: user.id }],
            false,
          );
          repo.updateVersion(tx, latest.id, {}); // the authors list is part of the version: its ETag changes
        } else
          throw new AppError(
            'PRACTICE_NOT_EDITABLE',
            'Практика сейчас на рассмотрении: примите приглашение, когда её вернут авторам',
          );
        appendHistory(tx, {
          practiceId,
          versionNo: null,
          actorUserId: user.id,
          actorName: user.fullName,
          action: 'coauthor_accept',
          details: { fullName: user.fullName },
        });
      });
    },
  };
}

export type CoauthorService = ReturnType<typeof createCoauthorService>;
