/**
 * The reviewer's side of the review page: the rubric (each criterion 0–3, every score with its meaning), the
 * comment to the authors, the internal note, and the decision. One form, posted without JavaScript; what the
 * decision requires is said beside the fields before anything is pressed.
 */
import { z } from 'zod';
import { REVIEW_DECISIONS, type ReviewDecision } from '../../../db/schema.js';
import { RUBRIC, RUBRIC_MODEL, SCORES, type RubricScores } from '../../../model/rubric.js';
import { ACTION_LABELS, COMMENT_REQUIRED, DECISION_ACTIONS } from '../../../moderation/transitions.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import type { FormErrors, FormFields } from '../../forms.js';
import { WORKSPACE } from './paths.js';

const text = z.string().trim().max(5000, 'Не длиннее 5000 символов');
const score = z.enum(['0', '1', '2', '3'], { error: 'Поставьте оценку от 0 до 3' }).transform(Number);

/** The decision form's fields as posted: the five scores by criterion name, the decision and the two texts. */
export const decisionForm = z
  .strictObject({
    etag: z.string().min(1).max(100),
    decision: z.enum(REVIEW_DECISIONS, { error: 'Выберите решение' }),
    comment: text.default(''),
    internalNote: text.default(''),
    ...(Object.fromEntries(RUBRIC.map((c) => [c, score])) as Record<(typeof RUBRIC)[number], typeof score>),
  })
  .superRefine((form, ctx) => {
    // The same requirement the transition's guard makes, said with the other mistakes rather than after them.
    const required = (COMMENT_REQUIRED as Partial<Record<ReviewDecision, string>>)[form.decision];
    if (required && form.comment === '') ctx.addIssue({ code: 'custom', path: ['comment'], message: required });
  });

export type DecisionForm = z.output<typeof decisionForm>;

export const scoresOf = (form: DecisionForm): RubricScores =>
  Object.fromEntries(RUBRIC.map((c) => [c, form[c]])) as RubricScores;

/** Field → label, for the error summary's links. */
export const DECISION_LABELS: Record<string, string> = {
  ...Object.fromEntries(RUBRIC.map((c) => [c, RUBRIC_MODEL[c].title])),
  decision: 'Решение',
  comment: 'Комментарий авторам',
  internalNote: 'Внутренняя заметка',
};

const DECISION_TEXT: Record<ReviewDecision, { label: string; hint: string }> = {
  approve: { label: 'Одобрить и опубликовать', hint: 'Практика получит номер в реестре и станет видна всем.' },
  request_changes: { label: 'Вернуть на доработку', hint: 'Авторы исправят практику по вашему комментарию.' },
  reject: { label: 'Отклонить', hint: 'Практика не будет опубликована; авторы увидят причину.' },
};

/** «Обязателен, чтобы вернуть на доработку или отклонить»: read from the guards' own list. */
const commentHint = () => {
  const actions = REVIEW_DECISIONS.filter((d) => DECISION_ACTIONS[d] in COMMENT_REQUIRED).map(
    (d) => ACTION_LABELS[DECISION_ACTIONS[d]],
  );
  return `Авторы увидят его рядом с практикой. Обязателен, чтобы ${actions.join(' или ')}.`;
};

function Criterion({ name, value, error }: { name: (typeof RUBRIC)[number]; value?: string; error?: string }) {
  const spec = RUBRIC_MODEL[name];
  return (
    <fieldset
      class={error ? 'criterion field has-error' : 'criterion field'}
      id={name}
      aria-describedby={`${name}-hint${error ? ` ${name}-error` : ''}`}
    >
      <legend>{spec.title}</legend>
      <span class="hint" id={`${name}-hint`}>
        {spec.question}
      </span>
      {error ? (
        <span class="error-message" id={`${name}-error`}>
          <span class="visually-hidden">Ошибка: </span>
          {error}
        </span>
      ) : null}
      <ul class="scores">
        {SCORES.map((s) => (
          <li>
            <label>
              <input type="radio" name={name} value={String(s)} checked={value === String(s)} />
              <span class="score">{s}</span>
              <span class="score-text">{spec.levels[s]}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** The rubric and the decision, for the moderator who claimed the practice. */
export function DecisionForm({
  id,
  etag,
  csrf,
  errors = {},
  values = {},
}: {
  id: number;
  etag: string;
  csrf: string;
  errors?: FormErrors;
  values?: FormFields;
}) {
  const value = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const total = RUBRIC.reduce((sum, c) => sum + (Number(value(c)) || 0), 0);
  return (
    <PostForm action={`${WORKSPACE.review(id)}/decision`} csrf={csrf} id="decision-form" novalidate>
      <ErrorSummary errors={errors} labels={DECISION_LABELS} />
      <input type="hidden" name="etag" value={etag} />
      <h2 id="rubric">Оценка по критериям</h2>
      <p class="hint">
        Каждый критерий — от 0 до 3 баллов, всего до {RUBRIC.length * 3}. Оценки нужны для любого решения.
        <span class="js-only rubric-total" hidden aria-live="polite">
          {` Сумма: ${total}.`}
        </span>
      </p>
      {RUBRIC.map((c) => (
        <Criterion name={c} value={value(c)} error={errors[c]} />
      ))}
      <Field
        id="comment"
        name="comment"
        label="Комментарий авторам"
        hint={commentHint()}
        error={errors.comment}
        value={value('comment')}
        multiline
        rows={6}
      />
      <Field
        id="internalNote"
        name="internalNote"
        label="Внутренняя заметка (авторы её не видят)"
        hint="Только для модераторов и администраторов СОИРО: для коллег, которые будут смотреть практику после вас."
        error={errors.internalNote}
        value={value('internalNote')}
        multiline
        rows={3}
      />
      <fieldset class={errors.decision ? 'field has-error decision' : 'field decision'} id="decision">
        <legend>Решение</legend>
        {errors.decision ? (
          <span class="error-message">
            <span class="visually-hidden">Ошибка: </span>
            {errors.decision}
          </span>
        ) : null}
        <ul class="decisions">
          {REVIEW_DECISIONS.map((d) => (
            <li>
              <label>
                <input
                  type="radio"
                  name="decision"
                  value={d}
                  checked={value('decision') === d}
                  data-comment-required={DECISION_ACTIONS[d] in COMMENT_REQUIRED ? 'true' : undefined}
                />
                <span>
                  <strong>{DECISION_TEXT[d].label}</strong>
                  <span class="hint">{DECISION_TEXT[d].hint}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {errors._form ? (
        <p class="error-message" role="alert">
          {errors._form}
        </p>
      ) : null}
      <Button>Принять решение</Button>
    </PostForm>
  );
}
