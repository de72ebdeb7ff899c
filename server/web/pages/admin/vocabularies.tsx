/**
 * The admin's vocabularies (`/admin/vocabularies`): the list of vocabularies, a page per vocabulary with its terms
 * and a form to add one, and a page per term to rename it, edit its synonyms, retire it or bring it back. Each
 * form posts to the same service the API uses; a refused change comes back as the same page with the error beside
 * its field, a done one redirects with a notice.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../../auth/plugin.js';
import { AppError } from '../../../errors.js';
import {
  PRACTICE_VOCABULARIES,
  VOCABULARIES,
  VOCABULARY_MODEL,
  type VocabularyName,
} from '../../../model/vocabularies.js';
import type { PracticeVocabulary } from '../../../model/vocabularies.js';
import type { Db } from '../../../db/client.js';
import type { Services } from '../../../services.js';
import { termsCanComeAndGo } from '../../../vocabularies/admin.js';
import { actorOf } from '../../../vocabularies/admin-routes.js';
import { termUsage } from '../../../vocabularies/repository.js';
import { CODE_MAX } from '../../../vocabularies/codes.js';
import { LABEL_MAX } from '../../../vocabularies/rules.js';
import type { Term } from '../../../vocabularies/service.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { formFields, redirectWithNotice } from '../../forms.js';
import { sendPage } from '../../render.js';
import { ADMINS_ONLY } from './home.js';
import { AdminNav, adminStyles, availableSections } from './nav.js';
import { ADMIN } from './paths.js';
import { TermForms, TermTable, VOCABULARY_PAGES } from './vocabulary-parts.js';
import { asset } from '../../assets.js';

const vocabularyStyles = <link rel="stylesheet" href={asset('vocabularies.css')} />;

const vocabularyParams = z.object({ vocabulary: z.string().max(100) });
const termParams = vocabularyParams.extend({ code: z.string().max(200) });

/** The vocabulary an address names, or the page-not-found every unknown address gets. */
function vocabularyOf(name: string): VocabularyName {
  if (!(VOCABULARIES as readonly string[]).includes(name)) throw new AppError('NOT_FOUND');
  return name as VocabularyName;
}

const isPracticeVocabulary = (v: VocabularyName): v is PracticeVocabulary =>
  (PRACTICE_VOCABULARIES as readonly string[]).includes(v);

/** A form field as one string (a repeated field counts as its first value). */
const single = (fields: Record<string, string | string[]>, name: string) => [fields[name] ?? ''].flat()[0] ?? '';

/** Runs a change; a refusal with field details comes back as those errors, anything else is thrown on. */
async function attempt(work: () => Promise<unknown>): Promise<Record<string, string> | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED' || !error.details) throw error;
    return Object.fromEntries(error.details.map((d) => [d.field, d.message]));
  }
}

export const adminVocabularyPages: FastifyPluginAsyncZod<{ db: Db; services: Services }> = async (
  app,
  { db, services },
) => {
  const { vocabularies, vocabularyAdmin: admin } = services;

  function page(request: FastifyRequest, reply: FastifyReply, title: string, body: ComponentChildren, status = 200) {
    return sendPage(
      request,
      reply,
      { head: [adminStyles, vocabularyStyles], title },
      <div class="admin">{body}</div>,
      status,
    );
  }

  app.get(ADMIN.vocabularies, { config: ADMINS_ONLY, schema: { hide: true } }, async (request, reply) =>
    page(
      request,
      reply,
      'Словари',
      <>
        <h1>Словари</h1>
        <AdminNav sections={availableSections(request)} current={ADMIN.vocabularies} />
        <p>
          Термины, которыми авторы описывают практики, и их синонимы для поиска. Изменения сразу видны в редакторе, на
          страницах практик и в поиске.
        </p>
        <ul class="admin-sections">
          {VOCABULARIES.map((v) => {
            const all = vocabularies.terms(v);
            const retired = all.filter((t) => t.retired).length;
            return (
              <li>
                <a href={VOCABULARY_PAGES.vocabulary(v)}>{VOCABULARY_MODEL[v].title}</a>
                <p class="hint">
                  Терминов: {all.length - retired}
                  {retired > 0 ? `, выведенных: ${retired}` : ''}
                  {termsCanComeAndGo(v) ? '' : '. Меняются только названия и синонимы'}
                </p>
              </li>
            );
          })}
        </ul>
      </>,
    ),
  );

  function vocabularyPage(
    request: FastifyRequest,
    reply: FastifyReply,
    vocabulary: VocabularyName,
    errors: Record<string, string> = {},
    values: { label?: string; code?: string } = {},
  ) {
    const { title } = VOCABULARY_MODEL[vocabulary];
    const csrf = app.formToken(request, reply);
    const usage = isPracticeVocabulary(vocabulary) ? termUsage(db, vocabulary) : undefined;
    const terms: Term[] = vocabularies.terms(vocabulary);
    return page(
      request,
      reply,
      `${Object.keys(errors).length ? 'Ошибка: ' : ''}${title} — словари`,
      <>
        <h1>{title}</h1>
        <AdminNav sections={availableSections(request)} current={ADMIN.vocabularies} />
        <p>
          <a href={ADMIN.vocabularies}>Все словари</a>
        </p>
        {termsCanComeAndGo(vocabulary) ? (
          <section aria-labelledby="add-title">
            <h2 id="add-title">Добавить термин</h2>
            <ErrorSummary errors={errors} labels={{ label: 'Название', code: 'Код' }} />
            <PostForm action={VOCABULARY_PAGES.vocabulary(vocabulary)} csrf={csrf}>
              <Field
                id="label"
                name="label"
                label="Название"
                hint={`До ${LABEL_MAX} символов`}
                value={values.label ?? ''}
                error={errors.label}
              />
              <Field
                id="code"
                name="code"
                label="Код (необязательно)"
                hint={`Латиницей, например «story-method»; без кода банк составит его из названия. До ${CODE_MAX} символов, потом не меняется`}
                value={values.code ?? ''}
                error={errors.code}
              />
              <Button>Добавить термин</Button>
            </PostForm>
          </section>
        ) : (
          <p>
            Муниципальные образования и типы организаций задаются справочником организаций: здесь меняются только их
            названия и синонимы.
          </p>
        )}
        <h2>Термины</h2>
        <TermTable vocabulary={vocabulary} terms={terms} usage={usage} />
      </>,
      Object.keys(errors).length ? 400 : 200,
    );
  }

  app.get(
    '/admin/vocabularies/:vocabulary',
    { config: ADMINS_ONLY, schema: { hide: true, params: vocabularyParams } },
    async (request, reply) => vocabularyPage(request, reply, vocabularyOf(request.params.vocabulary)),
  );

  app.post(
    '/admin/vocabularies/:vocabulary',
    { config: ADMINS_ONLY, schema: { hide: true, params: vocabularyParams } },
    async (request, reply) => {
      const vocabulary = vocabularyOf(request.params.vocabulary);
      const actor = actorOf(requireUser(request));
      const fields = formFields(request.body);
      const values = { label: single(fields, 'label'), code: single(fields, 'code') };
      let added: Term | undefined;
      const errors = await attempt(async () => {
        added = await admin.addTerm(actor, vocabulary, values);
      });
      if (errors || !added) return vocabularyPage(request, reply, vocabulary, errors, values);
      return redirectWithNotice(
        reply,
        VOCABULARY_PAGES.term(vocabulary, added.code),
        `Термин «${added.label}» добавлен с кодом ${added.code}`,
      );
    },
  );

  function termPage(
    request: FastifyRequest,
    reply: FastifyReply,
    vocabulary: VocabularyName,
    code: string,
    errors: Record<string, string> = {},
    values: { label?: string; synonym?: string } = {},
  ) {
    const term = vocabularies.term(vocabulary, code);
    if (!term) throw new AppError('TERM_NOT_FOUND');
    const used = isPracticeVocabulary(vocabulary) ? (termUsage(db, vocabulary).get(code) ?? 0) : undefined;
    return page(
      request,
      reply,
      `${Object.keys(errors).length ? 'Ошибка: ' : ''}${term.label} — ${VOCABULARY_MODEL[vocabulary].title}`,
      <>
        <h1>{term.label}</h1>
        <AdminNav sections={availableSections(request)} current={ADMIN.vocabularies} />
        <p>
          <a href={VOCABULARY_PAGES.vocabulary(vocabulary)}>{VOCABULARY_MODEL[vocabulary].title}</a>
        </p>
        <TermForms
          vocabulary={vocabulary}
          term={term}
          csrf={app.formToken(request, reply)}
          used={used}
          canRetire={termsCanComeAndGo(vocabulary)}
          errors={errors}
          values={values}
        />
      </>,
      Object.keys(errors).length ? 400 : 200,
    );
  }

  app.get(
    '/admin/vocabularies/:vocabulary/:code',
    { config: ADMINS_ONLY, schema: { hide: true, params: termParams } },
    async (request, reply) => termPage(request, reply, vocabularyOf(request.params.vocabulary), request.params.code),
  );

  /** One form's route: the change, and the notice once it is done. */
  const termAction = (
    what: 'label' | 'synonyms' | 'synonyms/remove' | 'retire' | 'restore',
    run: (args: {
      vocabulary: VocabularyName;
      code: string;
      value: string;
      actor: ReturnType<typeof actorOf>;
    }) => Promise<Term>,
    notice: (term: Term, value: string) => string,
  ) =>
    app.post(
      `/admin/vocabularies/:vocabulary/:code/${what}`,
      { config: ADMINS_ONLY, schema: { hide: true, params: termParams } },
      async (request, reply) => {
        const vocabulary = vocabularyOf(request.params.vocabulary);
        const { code } = request.params;
        const actor = actorOf(requireUser(request));
        const fields = formFields(request.body);
        const field = what === 'label' ? 'label' : 'synonym';
        const value = single(fields, field);
        let term: Term | undefined;
        const errors = await attempt(async () => {
          term = await run({ vocabulary, code, value, actor });
        });
        if (errors || !term) {
          // A removal's only field is hidden: its error is shown with the synonyms, not as a field to fix.
          const values = what === 'label' ? { label: value } : what === 'synonyms' ? { synonym: value } : {};
          return termPage(request, reply, vocabulary, code, errors, values);
        }
        return redirectWithNotice(reply, VOCABULARY_PAGES.term(vocabulary, code), notice(term, value.trim()));
      },
    );

  termAction(
    'label',
    ({ vocabulary, code, value, actor }) => admin.renameTerm(actor, vocabulary, code, value),
    (t) => `Название сохранено: «${t.label}». Поиск и страницы практик уже показывают его`,
  );
  termAction(
    'synonyms',
    ({ vocabulary, code, value, actor }) => admin.addSynonym(actor, vocabulary, code, value),
    (t, s) => `Синоним «${s}» добавлен: поиск уже находит по нему практики с термином «${t.label}»`,
  );
  termAction(
    'synonyms/remove',
    ({ vocabulary, code, value, actor }) => admin.removeSynonym(actor, vocabulary, code, value),
    (_t, s) => `Синоним «${s}» удалён`,
  );
  termAction(
    'retire',
    ({ vocabulary, code, actor }) => admin.retireTerm(actor, vocabulary, code),
    (t) => `Термин «${t.label}» выведен из употребления: он остаётся у прежних практик, но новым не выбирается`,
  );
  termAction(
    'restore',
    ({ vocabulary, code, actor }) => admin.restoreTerm(actor, vocabulary, code),
    (t) => `Термин «${t.label}» снова можно выбирать`,
  );
};
