/** Pieces of the admin's situational thesaurus pages: the filter, the list of entries and the entry's form. */
import { CONCEPTS_MAX, SITUATION_AREAS, type SituationArea } from '../../../model/situations.js';
import type { SituationRow } from '../../../vocabularies/situations-repository.js';
import { Table, type Column } from '../../components/content.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { ADMIN } from './paths.js';

/** What the list is narrowed to: words in a phrase or concept, and an area. */
export interface SituationFilter {
  q: string;
  area: SituationArea | undefined;
}

export const FIELD_LABELS = { area: 'Раздел', phrases: 'Фразы', concepts: 'Понятия практик' };

/** The form's fields as typed: one phrase or concept per line. */
export interface SituationValues {
  area: string;
  phrases: string;
  concepts: string;
}

export const valuesOf = (row: SituationRow): SituationValues => ({
  area: row.area,
  phrases: row.phrases.join('\n'),
  concepts: row.concepts.join('\n'),
});

const areaLabel = (area: string) => (SITUATION_AREAS as Record<string, string>)[area] ?? area;

/** The filter over the list: it posts nothing, so it is a GET form that works without JavaScript. */
export function SituationFilterForm({ filter }: { filter: SituationFilter }) {
  return (
    <form method="get" action={ADMIN.situations} class="admin-search" role="search" aria-label="Отбор ситуаций">
      <div>
        <label for="q">Слово во фразе или понятии</label>
        <span class="hint" id="q-hint">
          Например, «телефон» или «тревожность»
        </span>
        <input id="q" name="q" type="search" value={filter.q} aria-describedby="q-hint" />
      </div>
      <div>
        <label for="area">Раздел</label>
        <select id="area" name="area">
          <option value="">Все разделы</option>
          {Object.entries(SITUATION_AREAS).map(([value, label]) => (
            <option value={value} selected={value === filter.area}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <button class="button" type="submit">
        Показать
      </button>
    </form>
  );
}

/** The entries as a table (cards on a phone): phrases (a link to edit the entry), concepts, area. */
export function SituationTable({ rows, caption }: { rows: SituationRow[]; caption: string }) {
  const columns: Column<SituationRow>[] = [
    {
      header: 'Фразы',
      rowHeader: true,
      cell: (r) => (
        <>
          <a href={ADMIN.situation(r.id)}>{r.phrases[0]}</a>
          {r.phrases.length > 1 ? `, ${r.phrases.slice(1).join(', ')}` : ''}
        </>
      ),
    },
    { header: 'Понятия практик', cell: (r) => r.concepts.join(', ') },
    { header: 'Раздел', cell: (r) => areaLabel(r.area) },
  ];
  return <Table caption={caption} columns={columns} rows={rows} />;
}

/** The entry's fields: area, phrases and concepts, each with a hint on how to fill it. */
export function SituationForm({
  action,
  csrf,
  values,
  errors,
  submit,
}: {
  action: string;
  csrf: string;
  values: SituationValues;
  errors: Record<string, string>;
  submit: string;
}) {
  return (
    <>
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      <PostForm action={action} csrf={csrf} class="situation-form">
        <Field
          id="phrases"
          name="phrases"
          label={FIELD_LABELS.phrases}
          hint="По одной на строке, так, как их набирают в поиске: «не выговаривает звуки», «плачет в саду». Одна фраза может быть только в одной ситуации"
          multiline
          rows={6}
          value={values.phrases}
          error={errors.phrases}
        />
        <Field
          id="concepts"
          name="concepts"
          label={FIELD_LABELS.concepts}
          hint={`От 1 до ${CONCEPTS_MAX}, по одному на строке: термины справочников, ключевые слова и профессиональные слова, которые есть в текстах практик («звукопроизношение», «логопед»)`}
          multiline
          rows={4}
          value={values.concepts}
          error={errors.concepts}
        />
        <Field
          id="area"
          name="area"
          label={FIELD_LABELS.area}
          hint="Нужен для порядка в этом списке; на поиск не влияет"
          error={errors.area}
          control={(attributes) => (
            <select {...attributes}>
              <option value="">Выберите раздел</option>
              {Object.entries(SITUATION_AREAS).map(([value, label]) => (
                <option value={value} selected={value === values.area}>
                  {label}
                </option>
              ))}
            </select>
          )}
        />
        <Button>{submit}</Button>
      </PostForm>
    </>
  );
}
