/**
 * The keepers' desk of collections (`/curation`, curators and moderators): every collection with its state, a new
 * one, and one collection's editor — its fields, publishing, adding practices by number or from a search, notes,
 * «Выше» / «Ниже» and «Убрать». Every action is a form that posts and comes back (303) with a notice; a form with
 * mistakes comes back as the same page, 400, with the mistakes beside the fields and nothing changed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KEEPERS } from '../../../collections/routes.js';
import type { CollectionFields } from '../../../collections/service.js';
import { collectionPath } from '../../../collections/views.js';
import { AppError } from '../../../errors.js';
import { searchQuery } from '../../../search-api/schemas.js';
import { idParam } from '../../../shared/http.js';
import { Notice } from '../../components/content.js';
import { Button, ButtonLink, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { count, formatDate, PRACTICES } from '../../format.js';
import { parseForm, redirectWithNotice, type FormErrors, type FormFields } from '../../forms.js';
import { sendPage } from '../../render.js';
import type { WebRoutesOptions } from '../../routes.js';
import { asset } from '../../assets.js';
import { CollectionForm, FIELD_LABELS, formValues, ItemList } from './curation-parts.js';
import { WORKSPACE } from './paths.js';

const optional = (max: number) => z.string().trim().max(max, `Не длиннее ${max} символов`);

/** The form's fields, turned into what the service takes: an event only when it is named. */
const fieldsForm = z
  .object({
    title: z.string().trim().min(3, 'Напишите название — не короче 3 символов').max(200, 'Не длиннее 200 символов'),
    lead: optional(500).default(''),
    description: optional(5000).default(''),
    eventName: optional(300).default(''),
    eventDate: z
      .union([z.literal(''), z.iso.date({ error: 'Дата в виде ГГГГ-ММ-ДД, например 2026-03-14' })])
      .default(''),
    eventPlace: optional(300).default(''),
  })
  .superRefine((v, ctx) => {
    if (!v.eventName && (v.eventDate || v.eventPlace))
      ctx.addIssue({ code: 'custom', path: ['eventName'], message: 'Назовите мероприятие или уберите дату и место' });
  })
  .transform((v): CollectionFields => ({
    title: v.title,
    lead: v.lead,
    description: v.description,
    event: v.eventName ? { name: v.eventName, date: v.eventDate || null, place: v.eventPlace || null } : null,
  }));

const addForm = z.object({
  number: z.string().trim().min(1, 'Впишите номер практики, например 67-2026-0042').max(40),
  note: optional(1000).default(''),
});
const noteForm = z.object({ note: optional(1000).default('') });
const moveForm = z.object({ direction: z.enum(['up', 'down'], { error: 'Выше или ниже?' }) });
const publishForm = z.object({ published: z.enum(['1', '0'], { error: 'Опубликовать или снять?' }) });
const itemParams = idParam.extend({ practiceId: idParam.shape.id });
const editorQuery = z.object({ q: z.string().trim().max(200, 'Запрос не длиннее 200 символов').optional() });

/** Where the editor's forms came back with mistakes, and what was typed. */
interface Problem {
  errors: FormErrors;
  values: FormFields;
  /** Which form: the fields, or adding a practice. */
  form: 'fields' | 'add';
  /** 400 unless the service said otherwise (409: the practice is there already). */
  status?: number;
}

export const curationPages: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, { services }) => {
  const { collections, search } = services;
  const styles = <link rel="stylesheet" href={asset('workspace.css')} />;

  app.get(WORKSPACE.curation, { config: KEEPERS, schema: { hide: true } }, async (request, reply) => {
    const items = collections.all(request.principal);
    return sendPage(
      request,
      reply,
      { title: 'Подборки', head: styles },
      <div class="curation">
        <h1>Подборки</h1>
        <p>
          Здесь кураторы и модераторы составляют подборки опубликованных практик. Черновик видите только вы и коллеги;
          после публикации подборка появится на странице <a href="/collections">«Подборки практик»</a>.
        </p>
        <p>
          <ButtonLink href={WORKSPACE.newCollection}>Новая подборка</ButtonLink>
        </p>
        {items.length === 0 ? (
          <p>Подборок пока нет.</p>
        ) : (
          <ul class="admin-list">
            {items.map((c) => (
              <li>
                <a href={WORKSPACE.curatedCollection(c.id)}>{c.title}</a>
                <br />
                <span class="hint">
                  {c.publishedAt ? `опубликована ${formatDate(c.publishedAt)}` : 'черновик'} ·{' '}
                  {count(c.practiceCount, PRACTICES)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>,
    );
  });

  const newPage = (request: FastifyRequest, reply: FastifyReply, problem?: Omit<Problem, 'form'>) =>
    sendPage(
      request,
      reply,
      { title: `${problem ? 'Ошибка: ' : ''}Новая подборка`, head: styles },
      <div class="curation">
        <h1>Новая подборка</h1>
        <p>
          <a href={WORKSPACE.curation}>← Все подборки</a>
        </p>
        <CollectionForm
          action={WORKSPACE.newCollection}
          csrf={app.formToken(request, reply)}
          values={formValues(undefined, problem?.values)}
          errors={problem?.errors ?? {}}
          submit="Создать черновик подборки"
        />
      </div>,
      problem ? 400 : 200,
    );

  app.get(WORKSPACE.newCollection, { config: KEEPERS, schema: { hide: true } }, async (request, reply) => {
    collections.all(request.principal);
    return newPage(request, reply);
  });

  app.post(WORKSPACE.newCollection, { config: KEEPERS, schema: { hide: true } }, async (request, reply) => {
    const parsed = parseForm(fieldsForm, request.body);
    if (!parsed.ok) return newPage(request, reply, parsed);
    const row = collections.create(request.principal, parsed.data);
    return redirectWithNotice(reply, WORKSPACE.curatedCollection(row.id), 'Черновик подборки создан');
  });

  /** One collection's editor, with a form that came back if there is one, and a search's hits to add. */
  async function editor(request: FastifyRequest, reply: FastifyReply, id: number, q?: string, problem?: Problem) {
    const { collection: c, items } = collections.get(request.principal, { id });
    const csrf = app.formToken(request, reply);
    const base = WORKSPACE.curatedCollection(id);
    const inside = new Set(items.map((i) => i.practiceId));
    const hits = q ? (await search.search(searchQuery.parse({ q, perPage: '10' }))).hits : [];
    const fields = {
      title: c.title,
      lead: c.lead,
      description: c.description,
      event: c.eventName ? { name: c.eventName, date: c.eventDate, place: c.eventPlace } : null,
    };
    const addErrors = problem?.form === 'add' ? problem.errors : {};
    const typedNumber = problem?.form === 'add' ? problem.values.number : undefined;
    return sendPage(
      request,
      reply,
      { title: `${problem ? 'Ошибка: ' : ''}${c.title}`, head: styles },
      <div class="curation">
        <h1>{c.title}</h1>
        <p>
          <a href={WORKSPACE.curation}>← Все подборки</a> ·{' '}
          <a href={collectionPath(c.slug)}>Открыть страницу подборки</a>
        </p>
        <Notice kind={c.publishedAt ? 'success' : 'warning'}>
          <p>
            {c.publishedAt
              ? `Опубликована ${formatDate(c.publishedAt)}: подборку видят все.`
              : 'Черновик: подборку видят только кураторы и модераторы.'}
          </p>
          <PostForm action={`${base}/publish`} csrf={csrf}>
            <input type="hidden" name="published" value={c.publishedAt ? '0' : '1'} />
            <Button variant={c.publishedAt ? 'secondary' : 'primary'}>
              {c.publishedAt ? 'Вернуть в черновики' : 'Опубликовать подборку'}
            </Button>
          </PostForm>
        </Notice>

        <h2 id="practices">Практики подборки ({items.length})</h2>
        <ItemList id={id} items={items} csrf={csrf} />

        <h2 id="add">Добавить практику</h2>
        <PostForm action={`${base}/items`} csrf={csrf} novalidate class="add-item">
          <ErrorSummary errors={addErrors} labels={FIELD_LABELS} />
          <Field
            id="number"
            name="number"
            label={FIELD_LABELS.number}
            hint="Например: 67-2026-0042. Номер есть на странице практики."
            value={typeof typedNumber === 'string' ? typedNumber : ''}
            error={addErrors.number}
          />
          <Field id="note" name="note" label={FIELD_LABELS.note} hint="Необязательно: почему практика в подборке." />
          <Button>Добавить в подборку</Button>
        </PostForm>
        <form method="get" action={`${base}#found`} role="search" class="admin-search">
          <label for="q">Или найдите практику по словам</label>
          <input id="q" name="q" type="search" value={q ?? ''} maxLength={200} />
          <button class="button secondary" type="submit">
            Найти
          </button>
        </form>
        {q ? (
          <section id="found" aria-labelledby="found-title">
            <h3 id="found-title">Найдено по запросу «{q}»</h3>
            {hits.length === 0 ? <p>Ничего не найдено.</p> : null}
            <ul class="admin-list">
              {hits.map((h) => (
                <li>
                  {h.title} <span class="meta">№ {h.registryNumber}</span>
                  {inside.has(h.id) ? (
                    <span class="hint"> — уже в подборке</span>
                  ) : (
                    <PostForm action={`${base}/items`} csrf={csrf}>
                      <input type="hidden" name="number" value={h.registryNumber ?? ''} />
                      <Button variant="secondary" aria-label={`Добавить в подборку: ${h.title}`}>
                        Добавить
                      </Button>
                    </PostForm>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <h2 id="fields">Название, описание и мероприятие</h2>
        <CollectionForm
          action={base}
          csrf={csrf}
          values={formValues(fields, problem?.form === 'fields' ? problem.values : undefined)}
          errors={problem?.form === 'fields' ? problem.errors : {}}
          submit="Сохранить описание"
        />
      </div>,
      problem ? (problem.status ?? 400) : 200,
    );
  }

  app.get(
    '/curation/:id',
    { config: KEEPERS, schema: { hide: true, params: idParam, querystring: editorQuery } },
    async (request, reply) => editor(request, reply, request.params.id, request.query.q),
  );

  app.post('/curation/:id', { config: KEEPERS, schema: { hide: true, params: idParam } }, async (request, reply) => {
    const { id } = request.params;
    const parsed = parseForm(fieldsForm, request.body);
    if (!parsed.ok) return editor(request, reply, id, undefined, { ...parsed, form: 'fields' });
    collections.update(request.principal, id, parsed.data);
    return redirectWithNotice(reply, WORKSPACE.curatedCollection(id), 'Описание подборки сохранено');
  });

  app.post(
    '/curation/:id/publish',
    { config: KEEPERS, schema: { hide: true, params: idParam } },
    async (request, reply) => {
      const { id } = request.params;
      const parsed = parseForm(publishForm, request.body);
      if (!parsed.ok) throw new AppError('VALIDATION_FAILED', parsed.errors.published);
      const published = parsed.data.published === '1';
      collections.setPublished(request.principal, id, published);
      return redirectWithNotice(
        reply,
        WORKSPACE.curatedCollection(id),
        published ? 'Подборка опубликована' : 'Подборка возвращена в черновики',
      );
    },
  );

  app.post(
    '/curation/:id/items',
    { config: KEEPERS, schema: { hide: true, params: idParam } },
    async (request, reply) => {
      const { id } = request.params;
      const parsed = parseForm(addForm, request.body);
      if (!parsed.ok) return editor(request, reply, id, undefined, { ...parsed, form: 'add' });
      try {
        const added = collections.addByNumber(request.principal, id, parsed.data.number, parsed.data.note);
        return redirectWithNotice(reply, `${WORKSPACE.curatedCollection(id)}#practices`, `Добавлена: «${added.title}»`);
      } catch (error) {
        if (!(error instanceof AppError) || (error.statusCode !== 400 && error.statusCode !== 409)) throw error;
        const message = error.details?.[0]?.message ?? error.message;
        const values = { number: parsed.data.number };
        return editor(request, reply, id, undefined, {
          errors: { number: message },
          values,
          form: 'add',
          status: error.statusCode,
        });
      }
    },
  );

  app.post(
    '/curation/:id/items/:practiceId/note',
    { config: KEEPERS, schema: { hide: true, params: itemParams } },
    async (request, reply) => {
      const { id, practiceId } = request.params;
      const parsed = parseForm(noteForm, request.body);
      if (!parsed.ok) throw new AppError('VALIDATION_FAILED', parsed.errors.note);
      collections.setNote(request.principal, id, practiceId, parsed.data.note);
      return redirectWithNotice(reply, `${WORKSPACE.curatedCollection(id)}#item-${practiceId}`, 'Примечание сохранено');
    },
  );

  app.post(
    '/curation/:id/items/:practiceId/move',
    { config: KEEPERS, schema: { hide: true, params: itemParams } },
    async (request, reply) => {
      const { id, practiceId } = request.params;
      const parsed = parseForm(moveForm, request.body);
      if (!parsed.ok) throw new AppError('VALIDATION_FAILED', parsed.errors.direction);
      collections.move(request.principal, id, practiceId, parsed.data.direction);
      const where = parsed.data.direction === 'up' ? 'выше' : 'ниже';
      return redirectWithNotice(
        reply,
        `${WORKSPACE.curatedCollection(id)}#item-${practiceId}`,
        `Практика перемещена ${where}`,
      );
    },
  );

  app.post(
    '/curation/:id/items/:practiceId/remove',
    { config: KEEPERS, schema: { hide: true, params: itemParams } },
    async (request, reply) => {
      const { id, practiceId } = request.params;
      collections.remove(request.principal, id, practiceId);
      return redirectWithNotice(reply, `${WORKSPACE.curatedCollection(id)}#practices`, 'Практика убрана из подборки');
    },
  );
};
