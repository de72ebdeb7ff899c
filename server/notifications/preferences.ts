/**
 * Which notifications a person also wants by e-mail. The bell always has every notification; for the kinds listed
 * here an author may turn the letter off (the others — moderation decisions, invitations — always come by mail).
 * Kind names are shared with the features that write them: `adoption_confirmed` (adoptions), `question_asked`.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { writeTransaction, type Db, type DbOrTx } from '../db/client.js';
import { notificationPreferences } from '../db/schema.js';

/** The kinds a person may take off e-mail, with what the settings page calls them. */
export const EMAIL_OPTIONAL_KINDS = {
  adoption_confirmed: 'Подтверждено внедрение вашей практики в другой организации',
  question_asked: 'Вам задали вопрос о вашей практике',
} as const;

export type EmailOptionalKind = keyof typeof EMAIL_OPTIONAL_KINDS;

export const isEmailOptional = (kind: string): kind is EmailOptionalKind => kind in EMAIL_OPTIONAL_KINDS;

/** Of `userIds`, those who turned e-mail off for `kind` (none for a kind that cannot be turned off). */
export function emailDeclined(tx: DbOrTx, kind: string, userIds: number[]): Set<number> {
  if (!isEmailOptional(kind) || userIds.length === 0) return new Set();
  const rows = tx
    .select({ userId: notificationPreferences.userId })
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.kind, kind),
        eq(notificationPreferences.email, false),
        inArray(notificationPreferences.userId, userIds),
      ),
    )
    .all();
  return new Set(rows.map((r) => r.userId));
}

/** A person's e-mail choice for each optional kind (true unless they turned it off). */
export function emailPreferences(db: Db, userId: number): Record<EmailOptionalKind, boolean> {
  const rows = db
    .select({ kind: notificationPreferences.kind, email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId))
    .all();
  const chosen = new Map(rows.map((r) => [r.kind, r.email]));
  return Object.fromEntries(
    Object.keys(EMAIL_OPTIONAL_KINDS).map((kind) => [kind, chosen.get(kind) ?? true]),
  ) as Record<EmailOptionalKind, boolean>;
}

/** Stores a person's choices; kinds not given keep theirs. */
export function setEmailPreferences(db: Db, userId: number, choices: Partial<Record<EmailOptionalKind, boolean>>) {
  writeTransaction(db, (tx) => {
    for (const [kind, email] of Object.entries(choices))
      tx.insert(notificationPreferences)
        .values({ userId, kind, email })
        .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { email } })
        .run();
  });
}
