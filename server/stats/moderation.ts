/**
 * The statistics only administrators read: practices in every state, the moderators' queue and how long decisions
 * take, and who decided what. Reviewers' names live here and nowhere in the public tables.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import type { PracticeState } from '../db/schema.js';
import { STATE_LABELS } from '../moderation/transitions.js';
import { everyMonth, type StatsTable } from './tables.js';

const DAY_MS = 86_400_000;

/** The median of some numbers (0 for none), to one decimal. */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const value = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value * 10) / 10;
}

const days = (from: string, to: Date | string) => (new Date(to).getTime() - new Date(from).getTime()) / DAY_MS;

/** The order states are listed in: the way a practice goes. */
const STATE_ORDER: PracticeState[] = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'rejected',
  'published',
  'withdrawn',
];

/**
 * Practices by state. A published practice counts as published (or withdrawn); if a new version of it is in work,
 * that version counts in its own state too, so «опубликована» here equals what the public sees.
 */
export function practiceStateCounts(db: DbOrTx): Map<PracticeState, number> {
  const counts = db.all<{ state: PracticeState; n: number }>(
    sql`SELECT state, count(*) AS n FROM (
          SELECT CASE WHEN p.withdrawn_at IS NOT NULL THEN 'withdrawn' ELSE 'published' END AS state
          FROM practices p WHERE p.published_version_id IS NOT NULL
          UNION ALL
          SELECT v.state AS state FROM practices p JOIN practice_versions v ON v.id = p.latest_version_id
          WHERE p.published_version_id IS NULL OR p.latest_version_id <> p.published_version_id
        ) GROUP BY state`,
  );
  return new Map(STATE_ORDER.map((s) => [s, counts.find((c) => c.state === s)?.n ?? 0]));
}

/** The table of `practiceStateCounts`. */
export function practicesByState(db: DbOrTx): StatsTable {
  return {
    title: 'Практики по состояниям',
    header: ['Состояние', 'Практик'],
    rows: [...practiceStateCounts(db)].map(([s, n]) => [STATE_LABELS[s], n]),
    note: 'Опубликованная практика, новая версия которой в работе, учтена и как опубликованная, и в состоянии новой версии.',
  };
}

/** What waits for moderators: how many, since when (the oldest), and the median wait, in days. */
export function moderationQueue(db: DbOrTx, now: Date): StatsTable {
  const waiting = db.all<{ state: 'submitted' | 'in_review'; submittedAt: string | null }>(
    sql`SELECT state, submitted_at AS submittedAt FROM practice_versions WHERE state IN ('submitted', 'in_review')`,
  );
  const rows = (['submitted', 'in_review'] as const).map((state) => {
    const ages = waiting.filter((w) => w.state === state && w.submittedAt).map((w) => days(w.submittedAt!, now));
    return [STATE_LABELS[state], ages.length, ages.length ? Math.floor(Math.max(...ages)) : 0, median(ages)];
  });
  return {
    title: 'Очередь модерации',
    header: ['Состояние', 'Практик', 'Ждёт дольше всех, дней', 'Медиана ожидания, дней'],
    rows,
    note: 'Ожидание считается от последней отправки на модерацию.',
  };
}

/**
 * Days from submission to decision by month of the decision. Each decision (a review) is paired with the latest
 * submission of that version before it, from the append-only history: a resubmission starts a new wait.
 */
export function decisionTimes(db: DbOrTx): StatsTable {
  const decisions = db.all<{ month: string; decidedAt: string; submittedAt: string | null }>(
    sql`SELECT strftime('%Y-%m', r.created_at, '+3 hours') AS month, r.created_at AS decidedAt,
          (SELECT max(h.created_at) FROM practice_history h
           WHERE h.practice_id = r.practice_id AND h.version_no = r.version_no AND h.to_state = 'submitted'
             AND h.created_at <= r.created_at) AS submittedAt
        FROM reviews r ORDER BY r.created_at`,
  );
  const timed = decisions.filter((d) => d.submittedAt !== null);
  const byMonth = new Map<string, number[]>();
  for (const d of timed) byMonth.set(d.month, [...(byMonth.get(d.month) ?? []), days(d.submittedAt!, d.decidedAt)]);
  const months = everyMonth([...byMonth.keys()].map((month) => ({ month, n: 0 })));
  return {
    title: 'Срок от отправки до решения',
    header: ['Месяц решения', 'Медиана, дней', 'Решений'],
    rows: months.map(([month]) => {
      const list = byMonth.get(month as string) ?? [];
      return [month!, median(list), list.length];
    }),
    ...(timed.length > 0
      ? {
          note: `Медиана за всё время: ${median(timed.map((d) => days(d.submittedAt!, d.decidedAt)))} дн. (решений: ${timed.length}).`,
        }
      : {}),
  };
}

/** Decisions per reviewer, busiest first. */
export function decisionsByReviewer(db: DbOrTx): StatsTable {
  const rows = db.all<{ name: string; approve: number; changes: number; reject: number; total: number }>(
    sql`SELECT coalesce(u.full_name, max(r.reviewer_name)) AS name,
          sum(r.decision = 'approve') AS approve, sum(r.decision = 'request_changes') AS changes,
          sum(r.decision = 'reject') AS reject, count(*) AS total
        FROM reviews r LEFT JOIN users u ON u.id = r.reviewer_id
        GROUP BY r.reviewer_id ORDER BY total DESC, name`,
  );
  return {
    title: 'Решения по экспертам',
    header: ['Эксперт', 'Всего решений', 'Одобрено', 'На доработку', 'Отклонено'],
    rows: rows.map((r) => [r.name, r.total, r.approve, r.changes, r.reject]),
  };
}
