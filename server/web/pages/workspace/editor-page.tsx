/**
 * The editor of a practice's text: every field of the model in the model's groups, hints for teachers, the
 * checklist and the buttons. One form posts everything (JavaScript off); editor.js saves the same fields through
 * the API as the author types.
 */
import {
  EDITOR_GROUPS,
  FIELD_HINTS,
  SECTION_HINTS,
  VOCABULARY_GROUPS,
  VOCABULARY_HINTS,
} from '../../../model/hints.js';
import { KEYWORDS, SECTION_MODEL, SECTIONS, STARTED_YEAR, SUMMARY, TITLE } from '../../../model/practice.js';
import { PRACTICE_VOCABULARIES, VOCABULARY_MODEL } from '../../../model/vocabularies.js';
import type { ErrorDetail } from '../../../errors.js';
import type { PracticeView } from '../../../practices/service.js';
import type { VocabularyCatalogue } from '../../../vocabularies/service.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { MarkdownField, OrganizationPicker, VocabularyPicker, type OrganizationPickerProps } from './editor-fields.js';
import type { EditorField } from './editor-input.js';
import {
  Checklist,
  ConflictPanel,
  ReviewPanel,
  reviewBeside,
  type AuthorReview,
  type ConflictEntry,
} from './editor-parts.js';
import { PracticeTabs } from './tabs.js';
import { WORKSPACE } from './paths.js';

/** Every field's Russian name, for the error summary and the conflict view. */
export const EDITOR_LABELS: Record<EditorField, string> = {
  title: TITLE.title,
  summary: SUMMARY.title,
  ...(Object.fromEntries(SECTIONS.map((s) => [s, SECTION_MODEL[s].title])) as Record<
    (typeof SECTIONS)[number],
    string
  >),
  ...(Object.fromEntries(PRACTICE_VOCABULARIES.map((v) => [v, VOCABULARY_MODEL[v].title])) as Record<
    (typeof PRACTICE_VOCABULARIES)[number],
    string
  >),
  keywords: KEYWORDS.title,
  organizationId: 'Организация',
  startedYear: STARTED_YEAR.title,
};

export interface EditorPageProps {
  practice: PracticeView;
  etag: string;
  /** What the form shows: the saved version, or what was posted when it came back. */
  values: Record<EditorField, unknown>;
  errors: Record<string, string>;
  missing: ErrorDetail[];
  csrf: string;
  vocabularies: VocabularyCatalogue;
  organization: Omit<OrganizationPickerProps, 'hint' | 'municipalities' | 'types' | 'municipalityLabel' | 'error'>;
  review?: AuthorReview | undefined;
  conflicts?: ConflictEntry[] | undefined;
  preview?: { field: string; html: string; problem: string | null } | undefined;
}

const str = (value: unknown): string =>
  Array.isArray(value) ? value.join(', ') : value === null || value === undefined ? '' : String(value);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

function Group({ id, title, children }: { id: string; title: string; children: preact.ComponentChildren }) {
  return (
    <section class="editor-group" aria-labelledby={`group-${id}`}>
      <h2 id={`group-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

/** The editor's whole page body. */
export function EditorPage(props: EditorPageProps) {
  const { practice, values, errors, vocabularies, review } = props;
  const id = practice.id;
  const blocks: Record<(typeof EDITOR_GROUPS)[number]['fields'][number], preact.ComponentChildren> = {
    title: (
      <Field
        id="title"
        name="title"
        label={TITLE.title}
        hint={`${FIELD_HINTS.title.hint} Например: «${FIELD_HINTS.title.example}».`}
        value={str(values.title)}
        error={errors.title}
        required
      />
    ),
    summary: (
      <MarkdownField
        id="summary"
        label={SUMMARY.title}
        hint={FIELD_HINTS.summary}
        value={str(values.summary)}
        maxLength={SUMMARY.maxLength}
        error={errors.summary}
        preview={props.preview?.field === 'summary' ? props.preview : undefined}
        rows={4}
      />
    ),
    organizationId: (
      <OrganizationPicker
        {...props.organization}
        hint={FIELD_HINTS.organizationId.hint}
        error={errors.organizationId}
        municipalities={vocabularies.terms('municipalities')}
        types={vocabularies.terms('organizationTypes')}
        municipalityLabel={(code) => vocabularies.label('municipalities', code) ?? code}
      />
    ),
    startedYear: (
      <Field
        id="startedYear"
        name="startedYear"
        label={STARTED_YEAR.title}
        hint={`${FIELD_HINTS.startedYear.hint} Например: ${FIELD_HINTS.startedYear.example}.`}
        value={str(values.startedYear)}
        error={errors.startedYear}
        control={(attributes) => (
          <input {...attributes} type="text" inputMode="numeric" class="short" value={str(values.startedYear)} />
        )}
      />
    ),
    sections: SECTIONS.map((s) => (
      <MarkdownField
        id={s}
        label={SECTION_MODEL[s].title}
        hint={SECTION_HINTS[s]}
        value={str(values[s])}
        maxLength={SECTION_MODEL[s].maxLength}
        error={errors[s]}
        review={reviewBeside(review, s)}
        preview={props.preview?.field === s ? props.preview : undefined}
      />
    )),
    vocabularies: PRACTICE_VOCABULARIES.map((v) => (
      <VocabularyPicker
        vocabulary={v}
        title={VOCABULARY_MODEL[v].title}
        hint={VOCABULARY_HINTS[v]}
        // A retired term stays on the drafts that carry it (shown, so it can be unticked) and is offered to no other.
        terms={vocabularies.terms(v).filter((t) => !t.retired || list(values[v]).includes(t.code))}
        chosen={list(values[v])}
        groups={VOCABULARY_GROUPS[v]}
        error={errors[v]}
      />
    )),
    keywords: (
      <Field
        id="keywords"
        name="keywords"
        label={KEYWORDS.title}
        hint={`${FIELD_HINTS.keywords.hint} Например: ${FIELD_HINTS.keywords.example}.`}
        value={str(values.keywords)}
        error={errors.keywords}
      />
    ),
  };
  const complete = props.missing.length === 0;
  return (
    <>
      <p class="breadcrumbs-line">
        <a href={WORKSPACE.my}>Мои практики</a>
      </p>
      <h1>{str(values.title) || practice.title}</h1>
      <PracticeTabs id={id} current="text" />
      {review && practice.state === 'changes_requested' ? <ReviewPanel review={review} /> : null}
      <ErrorSummary errors={errors} labels={EDITOR_LABELS} />
      <PostForm
        action={WORKSPACE.practice(id)}
        csrf={props.csrf}
        id="editor"
        class="editor"
        novalidate
        aria-label="Текст практики"
      >
        {/* Enter in a text box saves: the first submit button of a form is the one Enter presses. */}
        <button type="submit" name="intent" value="save" class="visually-hidden" tabindex={-1} aria-hidden="true">
          Сохранить черновик
        </button>
        <input type="hidden" name="etag" value={props.etag} />
        <div
          class="editor-layout"
          data-practice={String(id)}
          data-api={`/api/v1/practices/${id}`}
          data-preview="/api/v1/practices/preview"
          data-organizations="/api/v1/organizations"
          data-authors={WORKSPACE.authors(id)}
        >
          <div class="editor-main">
            {props.conflicts && props.conflicts.length > 0 ? <ConflictPanel entries={props.conflicts} /> : null}
            <div id="restore" class="notice warning" hidden></div>
            <div id="js-conflict" hidden></div>
            {EDITOR_GROUPS.map((g) => (
              <Group id={g.id} title={g.title}>
                {g.fields.map((f) => blocks[f])}
              </Group>
            ))}
          </div>
          <aside class="editor-side" aria-label="Сохранение и отправка">
            <div class="save-box">
              <p id="save-status" class="save-status" role="status">
                Изменения сохраняются кнопкой «Сохранить черновик».
              </p>
              <Button name="intent" value="save" variant="secondary">
                Сохранить черновик
              </Button>
            </div>
            <Checklist practiceId={id} missing={props.missing} />
            <Button
              formAction={`${WORKSPACE.practice(id)}/submit`}
              name="intent"
              value="submit"
              id="submit-practice"
              disabled={!complete}
              aria-describedby="submit-hint"
            >
              Отправить на рассмотрение
            </Button>
            <p class="hint" id="submit-hint">
              {complete
                ? 'После отправки текст нельзя менять, пока эксперт СОИРО не примет решение.'
                : 'Кнопка станет доступна, когда всё из списка выше будет заполнено и сохранено.'}
            </p>
          </aside>
        </div>
      </PostForm>
    </>
  );
}
