/**
 * Questions to a practice's authors through the bank: the asker leaves a name, an address for the answer and the
 * question; the authors get a notification (in the bell, by e-mail unless they turned `question_asked` off) with
 * the name and the question only; their answer leaves as the bank's letter. Neither side sees the other's address.
 * Limited per sender a day (an account, or a visitor's IP with the address given).
 */
import { and, count, desc, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { writeTransaction, type Db, type Tx } from '../db/client.js';
import { practiceAuthors, practiceQuestions, practices, practiceVersions, users } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Mailer } from '../notifications/mailer.js';
import { publicPracticePath } from '../notifications/messages.js';
import type { NotificationService } from '../notifications/service.js';
import { answerLetter, questionMessage } from './letters.js';
import type { AskInput, QuestionView } from './schemas.js';

const DAY_MS = 24 * 60 * 60_000;

export interface QuestionDeps {
  db: Db;
  notifications: Pick<NotificationService, 'notify'>;
  mailer: Pick<Mailer, 'send'>;
  baseUrl: string;
  perDay: number;
  log: FastifyBaseLogger;
  now?: () => Date;
}

/** Who asks: a signed-in account, or a visitor known by the connection's address. */
export type Sender = { userId: number } | { ip: string };

export function createQuestionService({
  db,
  notifications,
  mailer,
  baseUrl,
  perDay,
  log,
  now = () => new Date(),
}: QuestionDeps) {
  /** The published practice under `number` with its title, or PRACTICE_NOT_FOUND. */
  function publishedPractice(tx: Db | Tx, number: string) {
    const found = tx
      .select({
        id: practices.id,
        createdBy: practices.createdBy,
        versionId: practiceVersions.id,
        title: practiceVersions.title,
      })
      .from(practices)
      .innerJoin(practiceVersions, eq(practiceVersions.id, practices.publishedVersionId))
      .where(and(eq(practices.registryNumber, number), isNull(practices.withdrawnAt)))
      .get();
    if (!found) throw new AppError('PRACTICE_NOT_FOUND');
    return found;
  }

  /** The accounts that answer for a practice: whoever created it and the authors linked to its public version. */
  function answerers(tx: Db | Tx, practice: { createdBy: number | null; versionId: number }): number[] {
    const linked = tx
      .select({ userId: practiceAuthors.userId })
      .from(practiceAuthors)
      .where(eq(practiceAuthors.versionId, practice.versionId))
      .all()
      .flatMap((r) => (r.userId === null ? [] : [r.userId]));
    return [...new Set([...(practice.createdBy === null ? [] : [practice.createdBy]), ...linked])];
  }

  /** Practices the user answers for: created by them, or naming them an author in any version. */
  function answeredFor(userId: number) {
    const authored = db
      .selectDistinct({ id: practiceVersions.practiceId })
      .from(practiceAuthors)
      .innerJoin(practiceVersions, eq(practiceVersions.id, practiceAuthors.versionId))
      .where(eq(practiceAuthors.userId, userId));
    return or(eq(practices.createdBy, userId), inArray(practices.id, authored));
  }

  const senderKey = (sender: Sender, email: string) =>
    'userId' in sender ? `account:${sender.userId}` : `ip:${sender.ip}|${email.toLowerCase()}`;

  return {
    /** Whether a question to the practice under `number` reaches anyone (imported practices may have no accounts). */
    canAsk(number: string): boolean {
      try {
        return answerers(db, publishedPractice(db, number)).length > 0;
      } catch {
        return false;
      }
    },

    /**
     * Delivers a question to the practice's authors; `false` when the honeypot was filled (the robot is answered
     * as if it succeeded and nothing is stored or sent).
     */
    ask(number: string, input: AskInput, sender: Sender): boolean {
      if (input.website?.trim()) {
        log.info({ number }, 'question dropped: the honeypot field was filled');
        return false;
      }
      const key = senderKey(sender, input.email);
      return writeTransaction(db, (tx) => {
        const practice = publishedPractice(tx, number);
        const since = new Date(now().getTime() - DAY_MS).toISOString();
        const sent =
          tx
            .select({ n: count() })
            .from(practiceQuestions)
            .where(and(eq(practiceQuestions.senderKey, key), gte(practiceQuestions.createdAt, since)))
            .get()?.n ?? 0;
        if (sent >= perDay)
          throw new AppError(
            'QUESTION_LIMIT_REACHED',
            `За сутки можно задать не больше ${perDay} вопросов авторам. Попробуйте завтра`,
            [{ field: 'question', message: `Лимит вопросов на сутки исчерпан (${perDay}): попробуйте завтра` }],
          );
        const recipients = answerers(tx, practice);
        if (recipients.length === 0) throw new AppError('QUESTION_NO_RECIPIENT');
        const inserted = tx
          .insert(practiceQuestions)
          .values({
            practiceId: practice.id,
            askerUserId: 'userId' in sender ? sender.userId : null,
            askerName: input.name,
            askerEmail: input.email.toLowerCase(),
            senderKey: key,
            body: input.question,
            createdAt: now().toISOString(),
          })
          .returning({ id: practiceQuestions.id })
          .get();
        notifications.notify(tx, recipients, questionMessage(practice.id, practice.title, input.name, input.question));
        log.info({ questionId: inserted.id, practiceId: practice.id }, 'question to the authors delivered');
        return true;
      });
    },

    /** The questions about the user's practices, newest first; never the askers' addresses. */
    listFor(userId: number): QuestionView[] {
      return db
        .select({
          id: practiceQuestions.id,
          practiceId: practiceQuestions.practiceId,
          registryNumber: practices.registryNumber,
          practiceTitle: practiceVersions.title,
          askerName: practiceQuestions.askerName,
          question: practiceQuestions.body,
          createdAt: practiceQuestions.createdAt,
          answer: practiceQuestions.answer,
          answeredAt: practiceQuestions.answeredAt,
        })
        .from(practiceQuestions)
        .innerJoin(practices, eq(practices.id, practiceQuestions.practiceId))
        .innerJoin(practiceVersions, eq(practiceVersions.id, practices.latestVersionId))
        .where(answeredFor(userId))
        .orderBy(desc(practiceQuestions.id))
        .all();
    },

    /** Answers a question about one of the user's practices and mails the answer to the asker. */
    answer(user: { id: number; fullName: string }, questionId: number, text: string): void {
      writeTransaction(db, (tx) => {
        const q = tx
          .select({
            id: practiceQuestions.id,
            answeredAt: practiceQuestions.answeredAt,
            askerName: practiceQuestions.askerName,
            askerEmail: practiceQuestions.askerEmail,
            body: practiceQuestions.body,
            registryNumber: practices.registryNumber,
            title: practiceVersions.title,
          })
          .from(practiceQuestions)
          .innerJoin(practices, eq(practices.id, practiceQuestions.practiceId))
          .innerJoin(practiceVersions, eq(practiceVersions.id, practices.latestVersionId))
          .where(and(eq(practiceQuestions.id, questionId), answeredFor(user.id)))
          .get();
        if (!q) throw new AppError('QUESTION_NOT_FOUND');
        if (q.answeredAt) throw new AppError('QUESTION_ALREADY_ANSWERED');
        tx.update(practiceQuestions)
          .set({ answer: text, answeredAt: now().toISOString(), answeredBy: user.id })
          .where(eq(practiceQuestions.id, questionId))
          .run();
        mailer.send(
          tx,
          `question-answer:${questionId}`,
          answerLetter({
            to: q.askerEmail,
            askerName: q.askerName,
            title: q.title,
            permalink: q.registryNumber ? `${baseUrl}${publicPracticePath(q.registryNumber)}` : baseUrl,
            question: q.body,
            answer: text,
            answererName: user.fullName,
          }),
          'answer to a question',
          { questionId },
        );
      });
    },

    /** The account's address and name, to fill the form for a signed-in asker. */
    askerOf(userId: number) {
      return db.select({ name: users.fullName, email: users.email }).from(users).where(eq(users.id, userId)).get();
    },
  };
}

export type QuestionService = ReturnType<typeof createQuestionService>;
