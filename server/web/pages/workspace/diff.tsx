/**
 * What changed since the last review, field by field, as a reviewer reads it: texts word by word (insertions in
 * `<ins>`, deletions in `<del>`, each also named in words for a screen reader), lists as the items added and
 * removed, single values as «было → стало». The field names are the practice model's.
 */
import { diffWords, type Change } from 'diff';
import { SECTION_TITLES, STARTED_YEAR, SUMMARY, TITLE, KEYWORDS } from '../../../model/practice.js';
import { PRACTICE_VOCABULARIES, VOCABULARY_MODEL, type PracticeVocabulary } from '../../../model/vocabularies.js';

/** One changed field as the changes API gives it. */
export interface ChangedField {
  field: string;
  before: unknown;
  after: unknown;
}

/** What the diff needs to name things: the label of a vocabulary code, the name of an organisation. */
export interface DiffNames {
  term(vocabulary: PracticeVocabulary, code: string): string;
  organization(id: number): string;
}

const SEGMENTER = new Intl.Segmenter('ru', { granularity: 'word' });
/** Unchanged text longer than this is shortened to its ends, so a one-word change in a long section stands out. */
const CONTEXT = 160;

const isVocabulary = (field: string): field is PracticeVocabulary =>
  (PRACTICE_VOCABULARIES as readonly string[]).includes(field);

/** The Russian name of a field of the practice (or of its materials). */
export function fieldLabel(field: string): string {
  if (field in SECTION_TITLES) return SECTION_TITLES[field as keyof typeof SECTION_TITLES];
  if (isVocabulary(field)) return VOCABULARY_MODEL[field].title;
  const fixed: Record<string, string> = {
    title: TITLE.title,
    summary: SUMMARY.title,
    keywords: KEYWORDS.title,
    startedYear: STARTED_YEAR.title,
    organizationId: 'Организация',
    authors: 'Авторы',
    attachments: 'Материалы',
  };
  return fixed[field] ?? field;
}

type Shown = { kind: 'text'; parts: Change[] } | { kind: 'list'; added: string[]; removed: string[] } | Value;
type Value = { kind: 'value'; before: string; after: string };

function authorText(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  const { fullName, position } = value as { fullName?: string; position?: string };
  return [fullName, position].filter(Boolean).join(', ');
}

/** Items of a list field as people read them. */
function itemsOf(field: string, value: unknown, names: DiffNames): string[] {
  if (!Array.isArray(value)) return [];
  if (field === 'authors') return value.map(authorText);
  if (isVocabulary(field)) return value.map((code) => names.term(field, String(code)));
  return value.map(String);
}

function valueText(field: string, value: unknown, names: DiffNames): string {
  if (value === null || value === undefined || value === '') return '';
  if (field === 'organizationId' && typeof value === 'number') return names.organization(value);
  return String(value);
}

/** How one changed field is shown: a word diff, the list items added and removed, or the old and new value. */
export function describeChange({ field, before, after }: ChangedField, names: DiffNames): Shown {
  if (Array.isArray(before) || Array.isArray(after)) {
    const old = itemsOf(field, before, names);
    const now = itemsOf(field, after, names);
    return { kind: 'list', added: now.filter((i) => !old.includes(i)), removed: old.filter((i) => !now.includes(i)) };
  }
  if ((typeof before === 'string' || before === null) && typeof after === 'string' && field !== 'organizationId')
    return { kind: 'text', parts: diffWords(before ?? '', after, { intlSegmenter: SEGMENTER }) };
  return { kind: 'value', before: valueText(field, before, names), after: valueText(field, after, names) };
}

/** An unchanged run of text, shortened to its ends when long. */
function Same({ text, first, last }: { text: string; first: boolean; last: boolean }) {
  if (text.length <= CONTEXT * 2) return <>{text}</>;
  const head = first ? '' : text.slice(0, CONTEXT);
  const tail = last ? '' : text.slice(-CONTEXT);
  return (
    <>
      {head}
      <span class="diff-skip">
        <span aria-hidden="true"> […] </span>
        <span class="visually-hidden"> (без изменений пропущено) </span>
      </span>
      {tail}
    </>
  );
}

function TextDiff({ parts }: { parts: Change[] }) {
  return (
    <p class="diff-text">
      {parts.map((part, i) =>
        part.added ? (
          <ins>
            <span class="visually-hidden">[добавлено: </span>
            {part.value}
            <span class="visually-hidden">]</span>
          </ins>
        ) : part.removed ? (
          <del>
            <span class="visually-hidden">[удалено: </span>
            {part.value}
            <span class="visually-hidden">]</span>
          </del>
        ) : (
          <Same text={part.value} first={i === 0} last={i === parts.length - 1} />
        ),
      )}
    </p>
  );
}

function ListDiff({ added, removed }: { added: string[]; removed: string[] }) {
  return (
    <ul class="diff-list">
      {added.map((item) => (
        <li>
          <ins>
            <span class="visually-hidden">добавлено: </span>
            {item}
          </ins>
        </li>
      ))}
      {removed.map((item) => (
        <li>
          <del>
            <span class="visually-hidden">удалено: </span>
            {item}
          </del>
        </li>
      ))}
    </ul>
  );
}

function ValueDiff({ before, after }: { before: string; after: string }) {
  return (
    <p class="diff-text">
      {before ? (
        <del>
          <span class="visually-hidden">было: </span>
          {before}
        </del>
      ) : (
        <span class="meta">не было</span>
      )}
      {' → '}
      {after ? (
        <ins>
          <span class="visually-hidden">стало: </span>
          {after}
        </ins>
      ) : (
        <span class="meta">убрано</span>
      )}
    </p>
  );
}

/** Every changed field under its name; nothing when nothing changed. */
export function ChangesDiff({ fields, names }: { fields: ChangedField[]; names: DiffNames }) {
  return (
    <dl class="diff">
      {fields.map((change) => {
        const shown = describeChange(change, names);
        return (
          <div class="diff-field">
            <dt>{fieldLabel(change.field)}</dt>
            <dd>
              {shown.kind === 'text' ? (
                <TextDiff parts={shown.parts} />
              ) : shown.kind === 'list' ? (
                <ListDiff added={shown.added} removed={shown.removed} />
              ) : (
                <ValueDiff before={shown.before} after={shown.after} />
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
