/**
 * Subscriptions of e-mail addresses to searches: asked for by anyone, confirmed by a link (its token hashed, valid
 * 48 hours, as for accounts), cancelled by the link every letter carries. Confirmation letters are limited per
 * address and per IP in 24 hours, so the form cannot flood someone's mailbox.
 */
import { randomBytes } from 'node:crypto';
import { and, count, eq, gte, isNull } from 'drizzle-orm';
import { sha256 } from '../auth/service.js';
import { writeTransaction, type Db, type Tx } from '../db/client.js';
import { searchSubscriptions, subscriptionTokens } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Mailer } from '../notifications/mailer.js';
import { confirmationLetter, SUBSCRIPTION_PATHS } from './letters.js';
import { canonicalSearch, type FollowedSearch } from './selection.js';

export const CONFIRM_TTL_MS = 48 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
/** Live subscriptions one address may hold: more is a list, not a person's interests. */
export const MAX_LIVE_PER_ADDRESS = 20;

export interface SubscriptionLimits {
  perAddressPerDay: number;
  perIpPerDay: number;
}

export interface SubscriptionDeps {
  db: Db;
  mailer: Pick<Mailer, 'send'>;
  baseUrl: string;
  limits: SubscriptionLimits;
  /** The search in words («поиск «ТРИЗ», Дошкольное образование»). */
  describe: (search: FollowedSearch) => string;
  /** Runs the search once, so that an unknown filter value is refused as the search refuses it. */
  validate: (search: FollowedSearch) => Promise<unknown>;
  now?: () => Date;
}

/** A subscription as its owner sees it. */
export interface SubscriptionView {
  id: number;
  email: string;
  search: FollowedSearch;
  description: string;
  confirmed: boolean;
  createdAt: string;
}

const newToken = () => randomBytes(32).toString('base64url');

export function createSubscriptionService({
  db,
  mailer,
  baseUrl,
  limits,
  describe,
  validate,
  now = () => new Date(),
}: SubscriptionDeps) {
  /** A new unsubscribe link of the subscription (one per letter; only its hash is kept), in the caller's transaction. */
  function unsubscribeLink(tx: Tx, subscriptionId: number): string {
    const token = newToken();
    tx.insert(subscriptionTokens)
      .values({ tokenHash: sha256(token), subscriptionId, purpose: 'unsubscribe', createdAt: now().toISOString() })
      .run();
    return `${baseUrl}${SUBSCRIPTION_PATHS.unsubscribe(token)}`;
  }

  /** Refuses a confirmation letter past the daily limits of the address and of the IP. */
  function assertUnderLimits(tx: Tx, email: string, ip: string): void {
    const since = new Date(now().getTime() - DAY_MS).toISOString();
    const letters = (where: ReturnType<typeof and>) =>
      tx
        .select({ n: count() })
        .from(subscriptionTokens)
        .innerJoin(searchSubscriptions, eq(searchSubscriptions.id, subscriptionTokens.subscriptionId))
        .where(and(eq(subscriptionTokens.purpose, 'confirm'), gte(subscriptionTokens.createdAt, since), where))
        .get()?.n ?? 0;
    if (letters(eq(searchSubscriptions.email, email)) >= limits.perAddressPerDay)
      throw new AppError(
        'SUBSCRIPTION_LIMIT_REACHED',
        'На этот адрес за сутки уже отправлено много писем с подтверждением подписки. ' +
          'Проверьте папку «Спам» или попробуйте завтра',
        [{ field: 'email', message: 'Лимит писем на этот адрес за сутки исчерпан: попробуйте завтра' }],
      );
    if (letters(eq(subscriptionTokens.ip, ip)) >= limits.perIpPerDay)
      throw new AppError(
        'SUBSCRIPTION_LIMIT_REACHED',
        'С вашего подключения за сутки оформлено слишком много подписок. Попробуйте завтра',
      );
  }

  function view(row: typeof searchSubscriptions.$inferSelect): SubscriptionView {
    const search = row.query as FollowedSearch;
    return {
      id: row.id,
      email: row.email,
      search,
      description: describe(search),
      confirmed: row.confirmedAt !== null,
      createdAt: row.createdAt,
    };
  }

  /** The subscription a live token of `purpose` names (a confirmation link past its time names none). */
  function byToken(token: string, purpose: 'confirm' | 'unsubscribe') {
    return db
      .select({ subscription: searchSubscriptions, expiresAt: subscriptionTokens.expiresAt })
      .from(subscriptionTokens)
      .innerJoin(searchSubscriptions, eq(searchSubscriptions.id, subscriptionTokens.subscriptionId))
      .where(and(eq(subscriptionTokens.tokenHash, sha256(token)), eq(subscriptionTokens.purpose, purpose)))
      .get();
  }

  function liveConfirmation(token: string) {
    const found = byToken(token, 'confirm');
    if (!found || found.subscription.cancelledAt || (found.expiresAt ?? '') <= now().toISOString()) return undefined;
    return found.subscription;
  }

  return {
    /**
     * Asks for a subscription of `email` to `query` and sends the confirmation letter. An address already
     * subscribed to this search gets no second letter; the answer is the same either way, so the form tells
     * nobody who is subscribed to what.
     */
    async subscribe(email: string, query: Partial<FollowedSearch>, ip: string): Promise<{ sent: boolean }> {
      const address = email.trim().toLowerCase();
      const { search, key } = canonicalSearch(query);
      await validate(search);
      return writeTransaction(db, (tx) => {
        const live = tx
          .select()
          .from(searchSubscriptions)
          .where(
            and(
              eq(searchSubscriptions.email, address),
              eq(searchSubscriptions.queryKey, key),
              isNull(searchSubscriptions.cancelledAt),
            ),
          )
          .get();
        if (live?.confirmedAt) return { sent: false };
        assertUnderLimits(tx, address, ip);
        if (!live) {
          const held =
            tx
              .select({ n: count() })
              .from(searchSubscriptions)
              .where(and(eq(searchSubscriptions.email, address), isNull(searchSubscriptions.cancelledAt)))
              .get()?.n ?? 0;
          if (held >= MAX_LIVE_PER_ADDRESS)
            throw new AppError(
              'SUBSCRIPTION_LIMIT_REACHED',
              `На один адрес можно оформить не больше ${MAX_LIVE_PER_ADDRESS} подписок. Отмените ненужные в разделе «Мои подписки»`,
            );
        }
        const id =
          live?.id ??
          tx
            .insert(searchSubscriptions)
            .values({ email: address, query: search, queryKey: key, createdAt: now().toISOString() })
            .returning({ id: searchSubscriptions.id })
            .get().id;
        // A new letter replaces the earlier confirmation link; the earlier unsubscribe links keep working.
        tx.delete(subscriptionTokens)
          .where(and(eq(subscriptionTokens.subscriptionId, id), eq(subscriptionTokens.purpose, 'confirm')))
          .run();
        const token = newToken();
        tx.insert(subscriptionTokens)
          .values({
            tokenHash: sha256(token),
            subscriptionId: id,
            purpose: 'confirm',
            expiresAt: new Date(now().getTime() + CONFIRM_TTL_MS).toISOString(),
            ip,
            createdAt: now().toISOString(),
          })
          .run();
        const confirmLink = `${baseUrl}${SUBSCRIPTION_PATHS.confirm(token)}`;
        mailer.send(
          tx,
          `subscription-confirm:${sha256(token).slice(0, 16)}`,
          confirmationLetter(address, describe(search), confirmLink, unsubscribeLink(tx, id)),
          'subscription confirmation link',
          { subscriptionId: id, link: confirmLink },
        );
        return { sent: true };
      });
    },

    /** The subscription a confirmation link would confirm, while the link works (the page shows its button). */
    pendingConfirmation(token: string): SubscriptionView | undefined {
      const row = liveConfirmation(token);
      return row ? view(row) : undefined;
    },

    /** Spends a confirmation link: the subscription starts, and its first digest tells of what is published after now. */
    confirm(token: string): SubscriptionView {
      return writeTransaction(db, (tx) => {
        const row = liveConfirmation(token);
        if (
          !row ||
          tx
            .delete(subscriptionTokens)
            .where(eq(subscriptionTokens.tokenHash, sha256(token)))
            .run().changes !== 1
        )
          throw new AppError('SUBSCRIPTION_LINK_INVALID');
        const at = now().toISOString();
        const confirmed = tx
          .update(searchSubscriptions)
          .set({ confirmedAt: at, digestedUntil: at })
          .where(eq(searchSubscriptions.id, row.id))
          .returning()
          .get();
        return view(confirmed);
      });
    },

    /** The subscription an unsubscribe link names, and whether it is already cancelled (the page says so). */
    unsubscribeTarget(token: string): (SubscriptionView & { cancelled: boolean }) | undefined {
      const found = byToken(token, 'unsubscribe');
      return found ? { ...view(found.subscription), cancelled: found.subscription.cancelledAt !== null } : undefined;
    },

    /** Cancels the subscription an unsubscribe link names; pressing it again changes nothing and is no error. */
    unsubscribe(token: string): SubscriptionView {
      const found = byToken(token, 'unsubscribe');
      if (!found) throw new AppError('SUBSCRIPTION_LINK_INVALID');
      db.update(searchSubscriptions)
        .set({ cancelledAt: now().toISOString() })
        .where(and(eq(searchSubscriptions.id, found.subscription.id), isNull(searchSubscriptions.cancelledAt)))
        .run();
      return view(found.subscription);
    },

    /** The live subscriptions of an address (a signed-in person's own), newest first. */
    listFor(email: string): SubscriptionView[] {
      return db
        .select()
        .from(searchSubscriptions)
        .where(and(eq(searchSubscriptions.email, email.toLowerCase()), isNull(searchSubscriptions.cancelledAt)))
        .all()
        .reverse()
        .map(view);
    },

    /** Cancels one of the address's subscriptions; another's or a cancelled one is SUBSCRIPTION_NOT_FOUND. */
    cancel(email: string, id: number): void {
      const changed = db
        .update(searchSubscriptions)
        .set({ cancelledAt: now().toISOString() })
        .where(
          and(
            eq(searchSubscriptions.id, id),
            eq(searchSubscriptions.email, email.toLowerCase()),
            isNull(searchSubscriptions.cancelledAt),
          ),
        )
        .run().changes;
      if (changed !== 1) throw new AppError('SUBSCRIPTION_NOT_FOUND');
    },

    unsubscribeLink,
  };
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
