/**
 * The admin's situational thesaurus (`/admin/situations`, «Жизненные ситуации»): the list of entries with a filter,
 * a page to add one, and a page per entry to edit or remove it. Each form posts to the service; a refused change
 * comes back as the same page with the error beside its field, a done one redirects with a notice.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../../auth/plugin.js';
import { AppError } from '../../../errors.js';
import { SITUATION_AREAS, type SituationArea } from '../../../model/situations.js';
import type { Services } from '../../../services.js';
import { foldKey } from '../../../shared/text.js';
import { actorOf } from '../../../vocabularies/admin-routes.js';
import { splitList, type SituationInput } from '../../../vocabularies/situations-admin.js';
import type { SituationRow } from '../../../vocabularies/situations-repository.js';
import { ButtonLink, Button, PostForm } from '../../components/forms.js';
import { formFields, redirectWithNotice } from '../../forms.js';
import { sendPage } from '../../render.js';
import { ADMINS_ONLY } from './home.js';
import { AdminNav, adminStyles, availableSections } from './nav.js';
import { ADMIN } from './paths.js';
import {
  SituationFilterForm,
  SituationForm,
  SituationTable,
  valuesOf,
  type SituationFilter,
  type SituationValues,
} from './situation-parts.js';

const listQuery = z.object({ q: z.string().max(200).optional(), area: z.string().max(40).optional() });
const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const EMPTY: SituationValues = { area: '', phrases: '', concepts: '' };

/** A form field as one string (a repeated field counts as its first value). */
const single = (fields: Record<string, string | string[]>, name: string) => [fields[name] ?? ''].flat()[0] ?? '';

/** The posted form as typed, and as the service takes it. */
function posted(body: unknown): { values: SituationValues; input: SituationInput } {
  const fields = formFields(body);
  const values = {
    area: single(fields, 'area'),
    phrases: single(fields, 'phrases'),
    concepts: single(fields, 'concepts'),
  };
  return {
    values,
    input: { area: values.area, phrases: splitList(values.phrases), concepts: splitList(values.concepts) },
  };
}

/** Runs a change; a refusal with field details comes back as those errors, anything else is thrown on. */
async function attempt<T>(work: () => Promise<T>): Promise<{ done: T } | { errors: Record<string, string> }> {
  try {
    return { done: await work() };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED' || !error.details) throw error;
    return { errors: Object.fromEntries(error.details.map((d) => [d.field, d.message])) };
  }
}

/** Whether an entry matches the filter: the words in one of its phrases or concepts, the area if one is chosen. */
function matches(row: SituationRow, filter: SituationFilter): boolean {
  if (filter.area && row.area !== filter.area) return false;
  const q = foldKey(filter.q);
  return q === '' || [...row.phrases, ...row.concepts].some((text) => foldKey(text).includes(q));
}

export const adminSituationPages: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const admin = services.situationAdmin;

  function page(request: FastifyRequest, reply: FastifyReply, title: string, body: ComponentChildren, status = 200) {
    return sendPage(request, reply, { head: adminStyles, title }, <div class="admin">{body}</div>, status);
  }

  app.get(
    ADMIN.situations,
    { config: ADMINS_ONLY, schema: { hide: true, querystring: listQuery } },
    async (request, reply) => {
      const area = request.query.area;
      const filter: SituationFilter = {
        q: request.query.q?.trim() ?? '',
        area: area && area in SITUATION_AREAS ? (area as SituationArea) : undefined,
      };
      const all = admin.list();
      const shown = all.filter((row) => matches(row, filter));
      const filtered = filter.q !== '' || filter.area !== undefined;
      return page(
        request,
        reply,
        'Жизненные ситуации',
        <>
          <h1>Жизненные ситуации</h1>
          <AdminNav sections={availableSections(request)} current={ADMIN.situations} />
          <p>
            Педагоги и родители часто описывают в поиске ситуацию своими словами: «дерётся», «скучно на уроке», «сидят в
            телефонах». Здесь каждой такой фразе сопоставлены понятия, которыми о ней говорят практики: «агрессивное
            поведение», «работа с одарёнными детьми», «медиаграмотность». Поиск дополняет вопрос этими понятиями, а в
            обратную сторону связь не действует. Изменения сразу учитываются в поиске.
          </p>
          <p>
            <ButtonLink href={ADMIN.newSituation}>Добавить ситуацию</ButtonLink>
          </p>
          <SituationFilterForm filter={filter} />
          {shown.length === 0 ? (
            <p>
              Ничего не нашлось. <a href={ADMIN.situations}>Показать все ситуации</a>
            </p>
          ) : (
            <SituationTable
              rows={shown}
              caption={
                filtered ? `Найдено ситуаций: ${shown.length} из ${all.length}` : `Всего ситуаций: ${all.length}`
              }
            />
          )}
        </>,
      );
    },
  );

  function newPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: SituationValues = EMPTY,
    errors: Record<string, string> = {},
  ) {
    const failed = Object.keys(errors).length > 0;
    return page(
      request,
      reply,
      `${failed ? 'Ошибка: ' : ''}Новая ситуация — жизненные ситуации`,
      <>
        <h1>Новая ситуация</h1>
        <AdminNav sections={availableSections(request)} current={ADMIN.situations} />
        <p>
          <a href={ADMIN.situations}>Все ситуации</a>
        </p>
        <SituationForm
          action={ADMIN.situations}
          csrf={app.formToken(request, reply)}
          values={values}
          errors={errors}
          submit="Добавить ситуацию"
        />
      </>,
      failed ? 400 : 200,
    );
  }

  app.get(ADMIN.newSituation, { config: ADMINS_ONLY, schema: { hide: true } }, async (request, reply) =>
    newPage(request, reply),
  );

  app.post(ADMIN.situations, { config: ADMINS_ONLY, schema: { hide: true } }, async (request, reply) => {
    const actor = actorOf(requireUser(request));
    const { values, input } = posted(request.body);
    const result = await attempt(() => admin.add(actor, input));
    if ('errors' in result) return newPage(request, reply, values, result.errors);
    return redirectWithNotice(
      reply,
      ADMIN.situation(result.done.id),
      `Ситуация «${result.done.phrases[0]}» добавлена: поиск уже дополняет такие вопросы её понятиями`,
    );
  });

  function entryPage(
    request: FastifyRequest,
    reply: FastifyReply,
    row: SituationRow,
    values: SituationValues = valuesOf(row),
    errors: Record<string, string> = {},
  ) {
    const failed = Object.keys(errors).length > 0;
    const csrf = app.formToken(request, reply);
    return page(
      request,
      reply,
      `${failed ? 'Ошибка: ' : ''}«${row.phrases[0]}» — жизненные ситуации`,
      <>
        <h1>Ситуация «{row.phrases[0]}»</h1>
        <AdminNav sections={availableSections(request)} current={ADMIN.situations} />
        <p>
          <a href={ADMIN.situations}>Все ситуации</a>
        </p>
        <SituationForm
          action={ADMIN.situation(row.id)}
          csrf={csrf}
          values={values}
          errors={errors}
          submit="Сохранить ситуацию"
        />
        <section aria-labelledby="remove-title">
          <h2 id="remove-title">Удалить ситуацию</h2>
          <PostForm action={ADMIN.removeSituation(row.id)} csrf={csrf}>
            <p>
              Поиск перестанет дополнять вопросы с этими фразами понятиями практик. Запись останется в журнале
              администрирования; вернуть ситуацию можно, добавив её заново.
            </p>
            <Button variant="warning">Удалить ситуацию</Button>
          </PostForm>
        </section>
      </>,
      failed ? 400 : 200,
    );
  }

  app.get(
    '/admin/situations/:id',
    { config: ADMINS_ONLY, schema: { hide: true, params: idParams } },
    async (request, reply) => entryPage(request, reply, admin.get(request.params.id)),
  );

  app.post(
    '/admin/situations/:id',
    { config: ADMINS_ONLY, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const actor = actorOf(requireUser(request));
      const row = admin.get(request.params.id);
      const { values, input } = posted(request.body);
      const result = await attempt(() => admin.update(actor, row.id, input));
      if ('errors' in result) return entryPage(request, reply, row, values, result.errors);
      return redirectWithNotice(
        reply,
        ADMIN.situation(row.id),
        `Ситуация «${result.done.phrases[0]}» сохранена: поиск уже использует новые фразы и понятия`,
      );
    },
  );

  app.post(
    '/admin/situations/:id/remove',
    { config: ADMINS_ONLY, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const actor = actorOf(requireUser(request));
      const removed = await admin.remove(actor, request.params.id);
      return redirectWithNotice(
        reply,
        ADMIN.situations,
        `Ситуация «${removed.phrases[0]}» удалена: поиск больше не дополняет такие вопросы её понятиями`,
      );
    },
  );
};
