/**
 * The history of a practice and its earlier reviews, as a reviewer reads them: who did what and when (Moscow
 * time, in Russian), with the comments of decisions; a run of edits by one person is one line.
 */
import type { HistoryRow } from '../../../history/repository.js';
import { RUBRIC, RUBRIC_MODEL } from '../../../model/rubric.js';
import type { ModerationService } from '../../../moderation/service.js';
import { ACTIONS, STATE_LABELS, TRANSITIONS, type Action } from '../../../moderation/transitions.js';
import { formatDateTime, formatNumber, isoDate, plural } from '../../format.js';

/** What the history calls the entries that are not transitions of the table. */
const OTHER_ACTIONS: Record<string, string> = {
  create: 'создан черновик',
  edit: 'изменён текст',
  attach: 'добавлены материалы',
  attach_link: 'добавлена ссылка на видео',
  detach: 'удалён материал',
  import: 'импортирована из реестра',
  coauthor_accept: 'соавтор принял приглашение',
  supersede: 'заменена новой версией',
  close: 'закрыта',
  discard_version: 'новая версия удалена',
  delete: 'удалена',
};

const EDITS = new Set(['edit', 'attach', 'attach_link', 'detach']);

const isAction = (action: string): action is Action => (ACTIONS as readonly string[]).includes(action);

function label(action: string): string {
  return isAction(action) ? TRANSITIONS[action].label : (OTHER_ACTIONS[action] ?? action);
}

interface Line {
  entry: HistoryRow;
  /** Edits folded into this line (1 for an ordinary entry). */
  times: number;
}

/** Consecutive edits by one person on one version become one line with their count and the last time. */
export function foldEdits(entries: HistoryRow[]): Line[] {
  const lines: Line[] = [];
  for (const entry of entries) {
    const last = lines.at(-1);
    if (
      last &&
      EDITS.has(entry.action) &&
      EDITS.has(last.entry.action) &&
      last.entry.actorName === entry.actorName &&
      last.entry.versionNo === entry.versionNo
    ) {
      lines[lines.length - 1] = { entry: { ...entry, action: 'edit' }, times: last.times + 1 };
    } else lines.push({ entry, times: 1 });
  }
  return lines;
}

const TIMES = { one: 'правка', few: 'правки', many: 'правок' };

/** The practice's history, newest first. */
export function History({ entries }: { entries: HistoryRow[] }) {
  const lines = foldEdits(entries).reverse();
  return (
    <section aria-labelledby="history" class="review-history">
      <h2 id="history">История практики</h2>
      <ol class="history">
        {lines.map(({ entry, times }) => (
          <li>
            <p>
              <time datetime={isoDate(entry.createdAt)}>{formatDateTime(entry.createdAt)}</time>
              {' — '}
              <strong>{label(entry.action)}</strong>
              {times > 1 ? ` (${formatNumber(times)} ${plural(times, TIMES)})` : ''}
              {entry.versionNo && entry.versionNo > 1 ? `, версия ${entry.versionNo}` : ''}
              {entry.toState && entry.fromState !== entry.toState && isAction(entry.action)
                ? ` → ${STATE_LABELS[entry.toState as keyof typeof STATE_LABELS] ?? entry.toState}`
                : ''}
            </p>
            <p class="meta">{entry.actorName}</p>
            {entry.comment ? <blockquote class="history-comment">{entry.comment}</blockquote> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

type Review = ReturnType<ModerationService['reviews']>[number];

const DECISIONS: Record<Review['decision'], string> = {
  approve: 'одобрена',
  request_changes: 'возвращена на доработку',
  reject: 'отклонена',
};

/** Earlier reviews: scores, the comment to the authors and the internal note (moderators see it here). */
export function EarlierReviews({ reviews }: { reviews: Review[] }) {
  if (reviews.length === 0) return null;
  return (
    <section aria-labelledby="reviews" class="earlier-reviews">
      <h2 id="reviews">Прежние рецензии</h2>
      <ol class="reviews">
        {[...reviews].reverse().map((r) => (
          <li>
            <p>
              <strong>Версия {r.versionNo}</strong>
              {` — ${DECISIONS[r.decision]}, ${formatDateTime(r.createdAt)}`}
            </p>
            <p class="meta">{r.reviewerName}</p>
            {r.scores ? (
              <p>
                {RUBRIC.map((c) => `${RUBRIC_MODEL[c].title}: ${r.scores?.[c] ?? '—'}`).join('; ')}. Сумма: {r.total} из{' '}
                {RUBRIC.length * 3}.
              </p>
            ) : (
              <p class="meta">Без оценок по критериям.</p>
            )}
            {r.comment ? (
              <>
                <p class="label">Комментарий авторам:</p>
                <blockquote class="history-comment">{r.comment}</blockquote>
              </>
            ) : null}
            {r.internalNote ? (
              <>
                <p class="label">Внутренняя заметка (авторы её не видят):</p>
                <blockquote class="history-comment internal">{r.internalNote}</blockquote>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
