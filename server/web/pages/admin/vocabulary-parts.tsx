/** Pieces of the admin's vocabulary pages: the list of a vocabulary's terms and the forms that change one term. */
import type { VocabularyName } from '../../../model/vocabularies.js';
import type { Term } from '../../../vocabularies/service.js';
import { LABEL_MAX, SYNONYM_MAX } from '../../../vocabularies/rules.js';
import { Table, type Column } from '../../components/content.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { ADMIN } from './paths.js';

/** The vocabulary pages' addresses, beside the area's own (`ADMIN.vocabularies`). */
export const VOCABULARY_PAGES = {
  vocabulary: (v: VocabularyName) => `${ADMIN.vocabularies}/${v}`,
  term: (v: VocabularyName, code: string) => `${ADMIN.vocabularies}/${v}/${encodeURIComponent(code)}`,
  action: (v: VocabularyName, code: string, what: 'label' | 'synonyms' | 'synonyms/remove' | 'retire' | 'restore') =>
    `${ADMIN.vocabularies}/${v}/${encodeURIComponent(code)}/${what}`,
};

export const RETIRED_NOTE = 'Выведен: остаётся у прежних практик, новым не выбирается';

/** The terms of a vocabulary as a table (cards on a phone): label (a link to its page), synonyms, use. */
export function TermTable({
  vocabulary,
  terms,
  usage,
}: {
  vocabulary: VocabularyName;
  terms: Term[];
  usage: Map<string, number> | undefined;
}) {
  const columns: Column<Term>[] = [
    {
      header: 'Термин',
      rowHeader: true,
      cell: (t) => (
        <>
          <a href={VOCABULARY_PAGES.term(vocabulary, t.code)}>{t.label}</a> <code>{t.code}</code>
          {t.retired ? <span class="term-state"> · {RETIRED_NOTE}</span> : null}
        </>
      ),
    },
    { header: 'Синонимы', cell: (t) => (t.synonyms.length > 0 ? t.synonyms.join(', ') : 'нет') },
    ...(usage ? [{ header: 'Практик с термином', cell: (t: Term) => usage.get(t.code) ?? 0 }] : []),
  ];
  const retired = terms.filter((t) => t.retired).length;
  const caption = `Всего терминов: ${terms.length}${retired > 0 ? `, из них выведенных: ${retired}` : ''}`;
  return <Table caption={caption} columns={columns} rows={terms} />;
}

export interface TermFormsProps {
  vocabulary: VocabularyName;
  term: Term;
  csrf: string;
  /** Practices (any state) carrying the term; none for vocabularies that come with the organisation. */
  used: number | undefined;
  canRetire: boolean;
  errors: Record<string, string>;
  values: { label?: string | undefined; synonym?: string | undefined };
}

/** Everything an admin does to one term, one small form per action, each posting without JavaScript. */
export function TermForms({ vocabulary, term, csrf, used, canRetire, errors, values }: TermFormsProps) {
  const action = (what: Parameters<typeof VOCABULARY_PAGES.action>[2]) =>
    VOCABULARY_PAGES.action(vocabulary, term.code, what);
  return (
    <>
      <ErrorSummary errors={errors} labels={{ label: 'Название', synonym: 'Новый синоним' }} />
      <p>
        Код <code>{term.code}</code> не меняется: практики хранят его, а показывают название.
        {used !== undefined ? ` Практик с этим термином: ${used}.` : ''}
      </p>
      {term.retired ? <p class="term-state">{RETIRED_NOTE}.</p> : null}

      <section aria-labelledby="rename-title">
        <h2 id="rename-title">Название</h2>
        <PostForm action={action('label')} csrf={csrf}>
          <Field
            id="label"
            name="label"
            label="Название"
            hint={`Так термин видят авторы, читатели и поиск; до ${LABEL_MAX} символов`}
            value={values.label ?? term.label}
            error={errors.label}
          />
          <Button>Сохранить название</Button>
        </PostForm>
      </section>

      <section aria-labelledby="synonyms-title">
        <h2 id="synonyms-title">Синонимы</h2>
        <p class="hint">По синонимам поиск находит практики с этим термином, а импорт узнаёт термин в таблицах.</p>
        {term.synonyms.length > 0 ? (
          <ul class="synonyms">
            {term.synonyms.map((s) => (
              <li>
                <span>{s}</span>
                <PostForm action={action('synonyms/remove')} csrf={csrf}>
                  <input type="hidden" name="synonym" value={s} />
                  <Button variant="secondary" aria-label={`Удалить синоним «${s}»`}>
                    Удалить
                  </Button>
                </PostForm>
              </li>
            ))}
          </ul>
        ) : (
          <p>Синонимов пока нет.</p>
        )}
        <PostForm action={action('synonyms')} csrf={csrf}>
          <Field
            id="synonym"
            name="synonym"
            label="Новый синоним"
            hint={`Слово или сочетание, которым называют то же самое; до ${SYNONYM_MAX} символов`}
            value={values.synonym ?? ''}
            error={errors.synonym}
          />
          <Button>Добавить синоним</Button>
        </PostForm>
      </section>

      {canRetire ? (
        <section aria-labelledby="state-title">
          <h2 id="state-title">Употребление</h2>
          {term.retired ? (
            <PostForm action={action('restore')} csrf={csrf}>
              <p>Вернувшийся термин снова можно выбирать в редакторе и при импорте.</p>
              <Button variant="secondary">Вернуть термин</Button>
            </PostForm>
          ) : (
            <PostForm action={action('retire')} csrf={csrf}>
              <p>
                Выведенный термин останется у практик, где он указан, и поиск будет их по нему находить, но выбрать его
                для новой практики уже нельзя. Его можно будет вернуть.
              </p>
              <Button variant="warning">Вывести из употребления</Button>
            </PostForm>
          )}
        </section>
      ) : null}
    </>
  );
}
