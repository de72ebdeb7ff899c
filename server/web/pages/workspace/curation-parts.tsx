/** Pieces of the keepers' collection editor: the fields form and the ordered list of practices with their buttons. */
import type { ItemRow } from '../../../collections/repository.js';
import type { CollectionFields } from '../../../collections/service.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import type { FormErrors, FormFields } from '../../forms.js';
import { WORKSPACE } from './paths.js';

export const FIELD_LABELS = {
  title: 'Название подборки',
  lead: 'Краткое описание (обложка)',
  description: 'Описание',
  eventName: 'Мероприятие',
  eventDate: 'Дата мероприятия',
  eventPlace: 'Место проведения',
  number: 'Номер практики в реестре',
  note: 'Примечание',
};

/** The fields as the form shows them: what was typed when it came back, else what the collection holds. */
export function formValues(fields: CollectionFields | undefined, typed: FormFields = {}): Record<string, string> {
  const from = (name: string, stored: string | null | undefined) => {
    const value = typed[name];
    return typeof value === 'string' ? value : (stored ?? '');
  };
  return {
    title: from('title', fields?.title),
    lead: from('lead', fields?.lead),
    description: from('description', fields?.description),
    eventName: from('eventName', fields?.event?.name),
    eventDate: from('eventDate', fields?.event?.date),
    eventPlace: from('eventPlace', fields?.event?.place),
  };
}

/** Title, cover text, description and the event: one form for making and for changing a collection. */
export function CollectionForm({
  action,
  csrf,
  values,
  errors,
  submit,
}: {
  action: string;
  csrf: string;
  values: Record<string, string>;
  errors: FormErrors;
  submit: string;
}) {
  return (
    <PostForm action={action} csrf={csrf} novalidate class="collection-form">
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      <Field id="title" name="title" label={FIELD_LABELS.title} value={values.title} error={errors.title} required />
      <Field
        id="lead"
        name="lead"
        label={FIELD_LABELS.lead}
        hint="Одна-две фразы: их видно в списке подборок и под названием."
        value={values.lead}
        error={errors.lead}
        multiline
        rows={2}
      />
      <Field
        id="description"
        name="description"
        label={FIELD_LABELS.description}
        hint="Для кого подборка и как её составляли. Абзацы разделяйте пустой строкой."
        value={values.description}
        error={errors.description}
        multiline
        rows={5}
      />
      <fieldset>
        <legend>Мероприятие, материалы которого собраны в подборке (если есть)</legend>
        <Field
          id="eventName"
          name="eventName"
          label={FIELD_LABELS.eventName}
          hint="Например: Форум руководителей методических объединений"
          value={values.eventName}
          error={errors.eventName}
        />
        <Field
          id="eventDate"
          name="eventDate"
          label={FIELD_LABELS.eventDate}
          hint="В виде ГГГГ-ММ-ДД, например 2026-03-14"
          value={values.eventDate}
          error={errors.eventDate}
        />
        <Field
          id="eventPlace"
          name="eventPlace"
          label={FIELD_LABELS.eventPlace}
          value={values.eventPlace}
          error={errors.eventPlace}
        />
      </fieldset>
      <Button>{submit}</Button>
    </PostForm>
  );
}

/** The practices in order: a note to each, «Выше» / «Ниже» and «Убрать» — each a form, so no script is needed. */
export function ItemList({ id, items, csrf }: { id: number; items: ItemRow[]; csrf: string }) {
  const base = WORKSPACE.curatedCollection(id);
  if (items.length === 0) return <p>В подборке пока нет практик: добавьте их по номеру или через поиск ниже.</p>;
  return (
    <ol class="curated-items">
      {items.map((item, index) => {
        const action = (what: string) => `${base}/items/${item.practiceId}/${what}`;
        const label = `«${item.title}»`;
        return (
          <li id={`item-${item.practiceId}`}>
            <p>
              <strong>{item.title}</strong>
              <span class="meta">
                {item.registryNumber ? ` · № ${item.registryNumber}` : ''}
                {item.isPublic ? '' : ' · снята с публикации: посетители её не видят'}
              </span>
            </p>
            <PostForm action={action('note')} csrf={csrf} class="item-note">
              <label for={`note-${item.practiceId}`}>Примечание к практике {label}</label>
              <input id={`note-${item.practiceId}`} name="note" type="text" value={item.note} maxLength={1000} />
              <Button variant="secondary">Сохранить примечание</Button>
            </PostForm>
            <div class="item-actions">
              {index > 0 ? (
                <PostForm action={action('move')} csrf={csrf}>
                  <input type="hidden" name="direction" value="up" />
                  <Button variant="secondary" aria-label={`Выше: ${item.title}`}>
                    Выше
                  </Button>
                </PostForm>
              ) : null}
              {index < items.length - 1 ? (
                <PostForm action={action('move')} csrf={csrf}>
                  <input type="hidden" name="direction" value="down" />
                  <Button variant="secondary" aria-label={`Ниже: ${item.title}`}>
                    Ниже
                  </Button>
                </PostForm>
              ) : null}
              <PostForm action={action('remove')} csrf={csrf}>
                <Button variant="warning" aria-label={`Убрать из подборки: ${item.title}`}>
                  Убрать
                </Button>
              </PostForm>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
