/**
 * The editor's controls beyond a plain field: a Markdown section with its toolbar and preview, a searchable list of
 * vocabulary terms, and the organisation picked from the directory. Each works as a plain form control without
 * JavaScript; editor.js adds the toolbar, the filter box and the suggestions.
 */
import type { FieldHint } from '../../../model/hints.js';
import type { PracticeVocabulary } from '../../../model/vocabularies.js';
import type { Organization } from '../../../organizations/service.js';
import type { Term } from '../../../vocabularies/service.js';
import { Raw } from '../../render.js';

function ErrorText({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <span class="error-message" id={`${id}-error`}>
      <span class="visually-hidden">Ошибка: </span>
      {error}
    </span>
  ) : null;
}

const describedBy = (id: string, error: string | undefined, extra: string[] = []) =>
  [`${id}-hint`, ...(error ? [`${id}-error`] : []), ...extra].join(' ');

/** The hint under a label, with its example folded away so the form stays short. */
export function HintWithExample({ id, hint }: { id: string; hint: FieldHint }) {
  return (
    <div class="hint">
      <span id={`${id}-hint`}>{hint.hint}</span>
      {hint.example ? (
        <details class="example">
          <summary>Пример</summary>
          <p>{hint.example}</p>
        </details>
      ) : null}
    </div>
  );
}

export interface MarkdownFieldProps {
  id: string;
  label: string;
  hint: FieldHint;
  value: string;
  maxLength: number;
  error?: string | undefined;
  /** The published HTML of the saved text, when the author asked for a preview without JavaScript. */
  preview?: { html: string; problem: string | null } | undefined;
  /** What the reviewer said about this section (a score of the rubric). */
  review?: string | undefined;
  rows?: number;
}

/** A Markdown section: label, hint and example, the reviewer's score, a toolbar (with JS), the text and a preview. */
export function MarkdownField({
  id,
  label,
  hint,
  value,
  maxLength,
  error,
  preview,
  review,
  rows = 8,
}: MarkdownFieldProps) {
  return (
    <div class={error ? 'field md-field has-error' : 'field md-field'} id={`${id}-field`}>
      <label for={id}>{label}</label>
      <HintWithExample id={id} hint={hint} />
      {review ? (
        <p class="review-note" id={`${id}-review`}>
          {review}
        </p>
      ) : null}
      <ErrorText id={id} error={error} />
      <div class="md-toolbar" role="toolbar" aria-label={`Оформление: ${label}`} aria-controls={id} hidden>
        <button type="button" data-md="bold" title="Полужирный">
          <b>Ж</b>
          <span class="visually-hidden"> полужирный</span>
        </button>
        <button type="button" data-md="italic" title="Курсив">
          <i>К</i>
          <span class="visually-hidden"> курсив</span>
        </button>
        <button type="button" data-md="list">
          • Список
        </button>
        <button type="button" data-md="numbered">
          1. Нумерованный
        </button>
        <button type="button" data-md="link">
          Ссылка
        </button>
      </div>
      <textarea
        id={id}
        name={id}
        rows={rows}
        maxLength={maxLength}
        aria-describedby={describedBy(id, error, review ? [`${id}-review`] : [])}
        {...(error ? { 'aria-invalid': 'true' as const } : {})}
      >
        {value}
      </textarea>
      <p class="md-help">
        Можно оформлять: **полужирный**, *курсив*, списки со строк «- » или «1. », ссылки [текст](https://…).
      </p>
      <button class="button secondary" type="submit" name="intent" value={`preview:${id}`} data-preview={id}>
        Предпросмотр
      </button>
      <div class="md-preview" id={`${id}-preview`} aria-live="polite" hidden={!preview}>
        {preview ? <PreviewBody preview={preview} /> : null}
      </div>
    </div>
  );
}

function PreviewBody({ preview }: { preview: { html: string; problem: string | null } }) {
  return (
    <>
      <p class="md-preview-title">Так раздел будет выглядеть на сайте:</p>
      {preview.problem ? <p class="error-message">{preview.problem}</p> : <Raw html={preview.html} class="prose" />}
    </>
  );
}

/** Lower-case text a filter box matches: the label and its synonyms («робот» finds «Образовательная робототехника»). */
const searchText = (term: Term) => [term.label, ...term.synonyms].join(' ').toLowerCase().replace(/ё/g, 'е');

export interface PickerProps {
  vocabulary: PracticeVocabulary;
  title: string;
  hint: string;
  terms: Term[];
  chosen: readonly string[];
  groups?: readonly { title: string; codes: readonly string[] }[] | undefined;
  error?: string | undefined;
}

/** Terms of a vocabulary as checkboxes, in groups where the model groups them; editor.js adds a filter box. */
export function VocabularyPicker({ vocabulary, title, hint, terms, chosen, groups, error }: PickerProps) {
  const named = new Set(groups?.flatMap((g) => g.codes) ?? []);
  const sets = groups
    ? groups.map((g, i) => ({
        title: g.title,
        terms:
          i === groups.length - 1 && g.codes.length === 0
            ? terms.filter((t) => !named.has(t.code))
            : terms.filter((t) => g.codes.includes(t.code)),
      }))
    : [{ title: '', terms }];
  const many = terms.length > 10;
  return (
    <fieldset
      class={error ? 'field picker has-error' : 'field picker'}
      id={vocabulary}
      aria-describedby={describedBy(vocabulary, error)}
      data-picker={many ? '' : undefined}
    >
      <legend>{title}</legend>
      <span class="hint" id={`${vocabulary}-hint`}>
        {hint}
      </span>
      <ErrorText id={vocabulary} error={error} />
      {many ? (
        <div class="picker-filter" hidden>
          <label for={`${vocabulary}-filter`}>Найти в списке</label>
          <input id={`${vocabulary}-filter`} type="search" autocomplete="off" data-filter={vocabulary} />
          <p class="picker-count" aria-live="polite"></p>
        </div>
      ) : null}
      {sets.map((set) => (
        <div class="picker-group">
          {set.title ? <p class="picker-group-title">{set.title}</p> : null}
          <ul class={many ? 'choices columns' : 'choices'}>
            {set.terms.map((term) => (
              <li data-search={searchText(term)}>
                <input
                  type="checkbox"
                  id={`${vocabulary}-${term.code}`}
                  name={vocabulary}
                  value={term.code}
                  checked={chosen.includes(term.code)}
                />
                <label for={`${vocabulary}-${term.code}`}>
                  {term.label}
                  {term.retired ? (
                    <span class="hint"> — выведен из справочника, новым практикам не выбирается</span>
                  ) : null}
                </label>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </fieldset>
  );
}

export interface OrganizationPickerProps {
  current: Organization | null;
  query: string;
  results: Organization[];
  hint: string;
  municipalities: Term[];
  types: Term[];
  municipalityLabel: (code: string) => string;
  error?: string | undefined;
  /** What was typed into «add an organisation» when it came back with errors. */
  added?: { name: string; type: string; municipality: string; errors: Record<string, string> } | undefined;
}

/** One organisation as a choice: its name and municipality, so two schools № 1 can be told apart. */
function OrganizationChoice({ org, checked, label }: { org: Organization; checked: boolean; label: string }) {
  return (
    <li>
      <input
        type="radio"
        id={`organization-${org.id}`}
        name="organizationId"
        value={String(org.id)}
        checked={checked}
      />
      <label for={`organization-${org.id}`}>
        {org.name} <span class="meta">({label})</span>
      </label>
    </li>
  );
}

/**
 * The organisation: the chosen one, a search of the directory (without JS: a button that saves and comes back
 * with the matches; with JS: suggestions as one types) and, when it is missing, a form to add it.
 */
export function OrganizationPicker(props: OrganizationPickerProps) {
  const { current, query, results, hint, error, added } = props;
  const others = results.filter((o) => o.id !== current?.id);
  return (
    <fieldset
      class={error ? 'field org-picker has-error' : 'field org-picker'}
      id="organizationId"
      aria-describedby={describedBy('organizationId', error)}
    >
      <legend>Организация</legend>
      <span class="hint" id="organizationId-hint">
        {hint}
      </span>
      <ErrorText id="organizationId" error={error} />
      <div class="org-search">
        <label for="orgq">Найти организацию по названию</label>
        <div class="inline-controls">
          <input id="orgq" name="orgq" type="search" value={query} autocomplete="off" maxLength={200} />
          <button class="button secondary" type="submit" name="intent" value="org-search">
            Найти
          </button>
        </div>
      </div>
      <ul class="choices" id="org-results">
        {current ? (
          <OrganizationChoice org={current} checked label={props.municipalityLabel(current.municipality)} />
        ) : null}
        {others.map((org) => (
          <OrganizationChoice org={org} checked={false} label={props.municipalityLabel(org.municipality)} />
        ))}
      </ul>
      <p class="org-status" id="org-status" aria-live="polite">
        {query && others.length === 0 ? `По запросу «${query}» в справочнике ничего не нашлось.` : ''}
        {!current && !query ? 'Организация пока не выбрана.' : ''}
      </p>
      <details class="org-add" open={added !== undefined}>
        <summary>Моей организации нет в справочнике</summary>
        <p class="hint">Добавьте её: она появится в справочнике и будет выбрана для этой практики.</p>
        <div class={added?.errors.newOrgName ? 'field has-error' : 'field'}>
          <label for="newOrgName">Полное название организации</label>
          <ErrorText id="newOrgName" error={added?.errors.newOrgName} />
          <input id="newOrgName" name="newOrgName" type="text" maxLength={500} value={added?.name ?? ''} />
        </div>
        <div class={added?.errors.newOrgType ? 'field has-error' : 'field'}>
          <label for="newOrgType">Тип организации</label>
          <ErrorText id="newOrgType" error={added?.errors.newOrgType} />
          <select id="newOrgType" name="newOrgType">
            {props.types.map((t) => (
              <option value={t.code} selected={added?.type === t.code}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <div class={added?.errors.newOrgMunicipality ? 'field has-error' : 'field'}>
          <label for="newOrgMunicipality">Муниципальное образование</label>
          <ErrorText id="newOrgMunicipality" error={added?.errors.newOrgMunicipality} />
          <select id="newOrgMunicipality" name="newOrgMunicipality">
            {props.municipalities.map((m) => (
              <option value={m.code} selected={added?.municipality === m.code}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <button class="button secondary" type="submit" name="intent" value="add-org">
          Добавить организацию
        </button>
      </details>
    </fieldset>
  );
}
