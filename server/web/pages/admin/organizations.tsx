/**
 * The directory in the admin area: `/admin/organizations` (search and filters, «новые» waiting for confirmation,
 * likely duplicates) and `/admin/organizations/:id` (edit with the INN checked, confirm, merge into another entry).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminActor } from '../../../admin/actor.js';
import type { AdminOrganization } from '../../../admin/directory.js';
import { directoryQuery, organizationEditFields } from '../../../admin/schemas.js';
import { AppError } from '../../../errors.js';
import { idParam } from '../../../shared/http.js';
import type { Services } from '../../../services.js';
import { Notice } from '../../components/content.js';
import { Button, ErrorSummary, Field, PostForm, type ControlAttributes } from '../../components/forms.js';
import { Pagination } from '../../components/navigation.js';
import { count, ORGANIZATIONS, PRACTICES } from '../../format.js';
import { formFields, parseForm, redirectWithNotice, type FormErrors, type FormFields } from '../../forms.js';
import { sendPage } from '../../render.js';
import { ADMINS_ONLY } from './home.js';
import { AdminNav, adminStyles, availableSections } from './nav.js';
import { ADMIN } from './paths.js';

const LABELS = {
  name: 'Полное название',
  shortName: 'Краткое название',
  type: 'Тип',
  municipality: 'Муниципальное образование',
  inn: 'ИНН',
  address: 'Адрес',
  keptId: 'Организация, которая останется',
};
const editForm = z.object(organizationEditFields);
const mergeForm = z.object({
  keptId: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, 'Выберите организацию из списка или впишите её номер')
    .transform(Number),
});
const PEOPLE = { one: 'пользователь', few: 'пользователя', many: 'пользователей' };

/** A select over vocabulary terms, tied to its label by the attributes `Field` gives. */
const termSelect =
  (terms: { code: string; label: string }[], selected: string | undefined) => (a: ControlAttributes) => (
    <select {...a}>
      {terms.map((t) => (
        <option value={t.code} selected={t.code === selected}>
          {t.label}
        </option>
      ))}
    </select>
  );

function Usage({ o }: { o: AdminOrganization }) {
  return (
    <span class="hint">
      {o.municipalityLabel}, {o.typeLabel}; {count(o.practices, PRACTICES)}, {count(o.people, PEOPLE)}
      {o.inn ? `; ИНН ${o.inn}` : ''}
    </span>
  );
}

function Entry({ o }: { o: AdminOrganization }) {
  return (
    <>
      <a href={ADMIN.organization(o.id)}>{o.name}</a> {o.status === 'new' ? <strong class="badge">новая</strong> : null}
      <br />
      <Usage o={o} />
    </>
  );
}

export const adminOrganizationPages: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { adminDirectory: directory, vocabularies } = services;
  const municipalities = vocabularies.terms('municipalities');
  const types = vocabularies.terms('organizationTypes');

  app.get(
    ADMIN.organizations,
    { config: ADMINS_ONLY, schema: { hide: true, querystring: directoryQuery } },
    async (request, reply) => {
      const query = request.query;
      const result = directory.list(query);
      const pending = directory.pendingCount();
      const duplicates = query.page === 1 && !query.q ? directory.duplicates(20) : [];
      const href = (page: number) =>
        `${ADMIN.organizations}?${new URLSearchParams(
          Object.entries({ ...query, page: page > 1 ? String(page) : '' })
            .filter(([k, v]) => v && !(k === 'status' && v === 'any'))
            .map(([k, v]) => [k, String(v)]),
        )}`;
      return sendPage(
        request,
        reply,
        { head: adminStyles, title: 'Организации' },
        <div class="admin">
          <h1>Организации</h1>
          <AdminNav sections={availableSections(request)} current={ADMIN.organizations} />
          {pending > 0 && query.status !== 'new' ? (
            <Notice kind="warning">
              <p>
                Авторы добавили новые организации, их ждёт проверка: {count(pending, ORGANIZATIONS)}.{' '}
                <a href={`${ADMIN.organizations}?status=new`}>Показать новые</a>
              </p>
            </Notice>
          ) : null}
          <form method="get" action={ADMIN.organizations} role="search" class="admin-search admin-filters">
            <div>
              <label for="q">Название</label>
              <input id="q" name="q" type="search" value={query.q ?? ''} maxLength={200} />
            </div>
            <div>
              <label for="municipality">Муниципальное образование</label>
              <select id="municipality" name="municipality">
                <option value="">Все</option>
                {municipalities.map((m) => (
                  <option value={m.code} selected={m.code === query.municipality}>
                    {m.label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="type">Тип</label>
              <select id="type" name="type">
                <option value="">Все</option>
                {types.map((t) => (
                  <option value={t.code} selected={t.code === query.type}>
                    {t.label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label class="choice">
                <input type="checkbox" name="status" value="new" checked={query.status === 'new'} /> Только новые
              </label>
            </div>
            <button class="button" type="submit">
              Найти
            </button>
          </form>
          <p>Найдено: {count(result.total, ORGANIZATIONS)}</p>
          <ul class="admin-list">
            {result.items.map((o) => (
              <li>
                <Entry o={o} />
              </li>
            ))}
          </ul>
          <Pagination page={result.page} pages={result.pages} href={href} label="Страницы справочника" />
          {duplicates.length > 0 ? (
            <section aria-labelledby="duplicates-title">
              <h2 id="duplicates-title">Похоже на дубли</h2>
              <p class="hint">
                Названия совпадают, если не обращать внимания на кавычки, «№», пробелы, регистр и город в конце.
                Откройте запись, которую нужно убрать, и объедините её с той, что останется.
              </p>
              <ul class="admin-list">
                {duplicates.map((group) => (
                  <li>
                    <ul>
                      {group.map((o) => (
                        <li>
                          <Entry o={o} />
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>,
      );
    },
  );

  function page(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    state: { values?: FormFields; errors?: FormErrors; status?: number } = {},
  ) {
    const o = directory.get(id);
    const csrf = app.formToken(request, reply);
    const errors = state.errors ?? {};
    const value = (name: keyof typeof LABELS, current: string | null) =>
      state.values ? (typeof state.values[name] === 'string' ? (state.values[name] as string) : '') : (current ?? '');
    // Likely twins first among the candidates to keep; any other entry can be named by its number.
    const twins = directory
      .duplicates()
      .find((g) => g.some((x) => x.id === id))
      ?.filter((x) => x.id !== id);
    return sendPage(
      request,
      reply,
      { head: adminStyles, title: `${Object.keys(errors).length ? 'Ошибка: ' : ''}${o.name}` },
      <div class="admin">
        <h1>{o.name}</h1>
        <AdminNav sections={availableSections(request)} current={ADMIN.organizations} />
        <p>
          <a href={ADMIN.organizations}>← Справочник</a> · <a href={`/organizations/${o.id}`}>Публичная страница</a>
        </p>
        <ErrorSummary errors={errors} labels={LABELS} />
        <p>
          <Usage o={o} />
        </p>
        {o.status === 'new' ? (
          <section aria-labelledby="confirm-title" class="admin-pending">
            <h2 id="confirm-title">Новая организация</h2>
            <p>
              Её добавил автор; пока она видна только ему. Если такой организации в справочнике ещё нет и название
              верное, подтвердите её. Если это дубль, объедините её с существующей ниже.
            </p>
            <PostForm action={`${ADMIN.organization(id)}/confirm`} csrf={csrf}>
              <Button>Подтвердить организацию</Button>
            </PostForm>
          </section>
        ) : null}
        <section aria-labelledby="edit-title">
          <h2 id="edit-title">Сведения</h2>
          <PostForm action={ADMIN.organization(id)} csrf={csrf} novalidate>
            <Field id="name" name="name" label={LABELS.name} value={value('name', o.name)} error={errors.name} />
            <Field
              id="shortName"
              name="shortName"
              label={LABELS.shortName}
              hint="Необязательно. Например: МБДОУ д/с № 12"
              value={value('shortName', o.shortName)}
              error={errors.shortName}
            />
            <Field
              id="type"
              name="type"
              label={LABELS.type}
              error={errors.type}
              control={termSelect(types, value('type', o.type))}
            />
            <Field
              id="municipality"
              name="municipality"
              label={LABELS.municipality}
              error={errors.municipality}
              control={termSelect(municipalities, value('municipality', o.municipality))}
            />
            <Field
              id="inn"
              name="inn"
              label={LABELS.inn}
              hint="10 цифр; банк проверит контрольную цифру"
              value={value('inn', o.inn)}
              error={errors.inn}
            />
            <Field
              id="address"
              name="address"
              label={LABELS.address}
              value={value('address', o.address)}
              error={errors.address}
            />
            <Button>Сохранить</Button>
          </PostForm>
        </section>
        <section aria-labelledby="merge-title">
          <h2 id="merge-title">Объединить с другой организацией</h2>
          <p>
            Эта запись исчезнет из справочника. Её практики, пользователи и ссылки перейдут к организации, которая
            останется; старый адрес страницы будет вести на неё.
          </p>
          <PostForm action={`${ADMIN.organization(id)}/merge`} csrf={csrf} novalidate>
            <Field
              id="keptId"
              name="keptId"
              label={LABELS.keptId}
              hint={
                twins?.length
                  ? 'Похожие записи в списке; другую можно выбрать по номеру из адреса её страницы'
                  : 'Номер организации из адреса её страницы, например 12 для /admin/organizations/12'
              }
              error={errors.keptId}
              control={(a) =>
                twins?.length ? (
                  <select {...a}>
                    {twins.map((t) => (
                      <option value={String(t.id)} selected={value('keptId', null) === String(t.id)}>
                        {t.name} (№ {t.id})
                      </option>
                    ))}
                  </select>
                ) : (
                  <input {...a} type="text" inputMode="numeric" value={value('keptId', null)} />
                )
              }
            />
            <Button variant="warning">Объединить</Button>
          </PostForm>
        </section>
        <p>
          <a href={`${ADMIN.history}?${new URLSearchParams({ targetType: 'organization', targetId: String(id) })}`}>
            Журнал изменений этой организации
          </a>
        </p>
      </div>,
      state.status ?? (Object.keys(errors).length ? 400 : 200),
    );
  }

  /** A merged entry's admin page leads to the one it was merged into, like its public page. */
  function orMoved(reply: FastifyReply, id: number): FastifyReply | undefined {
    const found = services.organizations.lookup(id);
    return 'movedTo' in found ? reply.redirect(ADMIN.organization(found.movedTo), 303) : undefined;
  }

  /** Field errors of a refused change, or rethrows what is not one. */
  function fieldErrors(error: unknown): FormErrors {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.details?.length)
      return Object.fromEntries(error.details.map((d) => [d.field, d.message]));
    throw error;
  }

  const route = { config: ADMINS_ONLY, schema: { hide: true, params: idParam } };

  app.get(
    `${ADMIN.organizations}/:id`,
    route,
    (request, reply) => orMoved(reply, request.params.id) ?? page(request, reply, request.params.id),
  );

  app.post(`${ADMIN.organizations}/:id`, route, (request, reply) => {
    const { id } = request.params;
    const parsed = parseForm(editForm, request.body);
    if (!parsed.ok) return page(request, reply, id, { values: parsed.values, errors: parsed.errors });
    try {
      directory.update(adminActor(request), id, parsed.data);
    } catch (error) {
      return page(request, reply, id, { values: formFields(request.body), errors: fieldErrors(error) });
    }
    return redirectWithNotice(reply, ADMIN.organization(id), 'Сведения об организации сохранены');
  });

  app.post(`${ADMIN.organizations}/:id/confirm`, route, (request, reply) => {
    directory.confirm(adminActor(request), request.params.id);
    return redirectWithNotice(
      reply,
      ADMIN.organization(request.params.id),
      'Организация подтверждена: теперь она в справочнике',
    );
  });

  app.post(`${ADMIN.organizations}/:id/merge`, route, (request, reply) => {
    const { id } = request.params;
    const parsed = parseForm(mergeForm, request.body);
    if (!parsed.ok) return page(request, reply, id, { values: parsed.values, errors: parsed.errors });
    try {
      directory.merge(adminActor(request), id, parsed.data.keptId);
    } catch (error) {
      return page(request, reply, id, { values: formFields(request.body), errors: fieldErrors(error) });
    }
    return redirectWithNotice(
      reply,
      ADMIN.organization(parsed.data.keptId),
      'Организации объединены: практики, пользователи и ссылки перешли к этой записи',
    );
  });
};
