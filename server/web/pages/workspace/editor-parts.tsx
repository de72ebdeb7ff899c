/**
 * The editor's panels: what is still missing before submission, the reviewer's decision when the practice came
 * back, both texts of a conflict with a co-author, and the page for a practice that cannot be edited now.
 */
import type { PracticeState } from '../../../db/schema.js';
import type { ErrorDetail } from '../../../errors.js';
import { RUBRIC_CONCERNS } from '../../../model/hints.js';
import { STATE_LABELS } from '../../../moderation/transitions.js';
import type { PracticeView } from '../../../practices/service.js';
import { ButtonLink } from '../../components/forms.js';
import { formatDate } from '../../format.js';
import { formFieldOf, type EditorField } from './editor-input.js';
import { WORKSPACE } from './paths.js';

/** A reviewer's decision as the authors see it (never the internal note). */
export interface AuthorReview {
  reviewerName: string;
  comment: string;
  scores: Record<string, number> | null;
  createdAt: string;
}

/** Where a missing item is filled in: a field of this page, or the authors' tab. */
const missingHref = (practiceId: number, field: string) =>
  field === 'authors' || field.startsWith('authors.') ? WORKSPACE.authors(practiceId) : `#${formFieldOf(field)}`;

/** The checklist: the same list the submit transition refuses with, each item a link to where it is filled in. */
export function Checklist({ practiceId, missing }: { practiceId: number; missing: ErrorDetail[] }) {
  return (
    <section class="checklist" aria-labelledby="checklist-title" id="checklist">
      <h2 id="checklist-title">Перед отправкой</h2>
      <div id="checklist-body">
        {missing.length === 0 ? (
          <p class="checklist-done">Всё обязательное заполнено — практику можно отправить на рассмотрение.</p>
        ) : (
          <>
            <p>Чтобы отправить практику на рассмотрение, осталось:</p>
            <ul>
              {missing.map((item) => (
                <li>
                  <a href={missingHref(practiceId, item.field)}>{item.message}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

/** «Актуальность: 2 из 3» for the criteria of a review's rubric. */
export function scoreLines(scores: Record<string, number> | null): { criterion: string; line: string }[] {
  if (!scores) return [];
  return Object.entries(RUBRIC_CONCERNS).flatMap(([criterion, { title }]) =>
    scores[criterion] === undefined ? [] : [{ criterion, line: `${title}: ${scores[criterion]} из 3` }],
  );
}

/** The reviewer's score for the criterion that judges `section`, as the editor shows it beside that section. */
export function reviewBeside(review: AuthorReview | undefined, section: string): string | undefined {
  if (!review?.scores) return undefined;
  const entry = Object.entries(RUBRIC_CONCERNS).find(([, c]) => c.section === section);
  if (!entry || review.scores[entry[0]] === undefined) return undefined;
  return `Эксперт оценил «${entry[1].title}» на ${review.scores[entry[0]]} из 3. Его замечания — в начале страницы.`;
}

/** At the top of a practice returned for changes: what the reviewer wrote to the authors and the scores. */
export function ReviewPanel({ review }: { review: AuthorReview }) {
  const lines = scoreLines(review.scores);
  return (
    <section class="notice warning review-panel" aria-labelledby="review-title">
      <h2 id="review-title">Практику вернули на доработку</h2>
      <p class="meta">
        Эксперт {review.reviewerName}, {formatDate(review.createdAt)}
      </p>
      <p class="review-comment">{review.comment}</p>
      {lines.length > 0 ? (
        <>
          <p>Оценки по критериям (от 0 до 3):</p>
          <ul>
            {lines.map((l) => (
              <li>{l.line}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        Исправьте текст по замечаниям и снова нажмите «Отправить на рассмотрение». Оценка по каждому критерию показана и
        рядом с разделом, к которому он относится.
      </p>
    </section>
  );
}

export interface ConflictEntry {
  field: EditorField;
  label: string;
  mine: string;
  theirs: string;
}

/** Both texts of each field a co-author changed meanwhile, side by side; the author keeps one or the other. */
export function ConflictPanel({ entries }: { entries: ConflictEntry[] }) {
  return (
    <section class="conflict" aria-labelledby="conflict-title" id="conflict" tabindex={-1}>
      <h2 id="conflict-title">Соавтор изменил практику, пока вы её редактировали</h2>
      <p>
        Ваши изменения ещё не сохранены. Ниже — поля, где ваш текст и текст соавтора различаются. Выберите для каждого,
        какой текст оставить, и нажмите «Сохранить черновик». Ничего не будет перезаписано без вашего выбора.
      </p>
      <input type="hidden" name="conflicts" value={entries.map((e) => e.field).join(',')} />
      {entries.map((e) => (
        <fieldset class="conflict-field">
          <legend>{e.label}</legend>
          <div class="conflict-texts">
            <div>
              <input type="radio" id={`keep-${e.field}-mine`} name={`keep-${e.field}`} value="mine" />
              <label for={`keep-${e.field}-mine`}>Оставить ваш текст</label>
              <p class="conflict-caption">Ваш текст</p>
              <div class="conflict-text">{e.mine || '(пусто)'}</div>
            </div>
            <div>
              <input type="radio" id={`keep-${e.field}-theirs`} name={`keep-${e.field}`} value="theirs" />
              <label for={`keep-${e.field}-theirs`}>Оставить текст соавтора</label>
              <p class="conflict-caption">Текст соавтора</p>
              <div class="conflict-text">{e.theirs || '(пусто)'}</div>
            </div>
          </div>
        </fieldset>
      ))}
    </section>
  );
}

const WHAT_NOW: Partial<Record<PracticeState, string>> = {
  submitted:
    'Практика ждёт эксперта СОИРО. Пока она на рассмотрении, изменить её нельзя. Когда эксперт примет решение, вы ' +
    'получите уведомление.',
  in_review:
    'Эксперт СОИРО уже рассматривает практику, поэтому изменить её сейчас нельзя. О решении вы получите уведомление.',
  published:
    'Практика опубликована, её текст менять нельзя. Чтобы что-то исправить или дополнить, начните новую версию ' +
    'в разделе «Мои практики»: опубликованная версия останется на сайте, пока новую не одобрят.',
  rejected: 'Эксперт отклонил практику. Прочитайте его комментарий; вы можете описать практику заново.',
  withdrawn: 'Практика снята с публикации. Если это ошибка, напишите в СОИРО.',
  superseded: 'Эта версия заменена более новой.',
};

/** The page for a practice that is not a draft nor returned for changes: its state and what can be done. */
export function NotEditable({ practice, review }: { practice: PracticeView; review: AuthorReview | undefined }) {
  return (
    <>
      <h1>{practice.title}</h1>
      <p class="state-line">
        Состояние: <strong>{STATE_LABELS[practice.state]}</strong>
        {practice.registryNumber ? `, номер в реестре ${practice.registryNumber}` : ''}
      </p>
      <p>{WHAT_NOW[practice.state] ?? 'Изменить практику в этом состоянии нельзя.'}</p>
      {practice.state === 'rejected' && review ? (
        <blockquote class="review-comment">
          {review.comment}
          <footer class="meta">— эксперт {review.reviewerName}</footer>
        </blockquote>
      ) : null}
      <p class="actions">
        <ButtonLink href={WORKSPACE.my}>К моим практикам</ButtonLink>
        {practice.registryNumber && practice.state === 'published' ? (
          <ButtonLink href={`/practices/${practice.registryNumber}`} variant="secondary">
            Открыть страницу практики
          </ButtonLink>
        ) : null}
      </p>
    </>
  );
}
