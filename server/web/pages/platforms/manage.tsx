/**
 * The keepers' forms (moderators and admins, the people who keep the registry): add a platform, change it and its
 * status, link published practices by registry number or by words of their title, upload the order and yearly
 * reports. Each change is recorded in admin_history by the service, in the same transaction.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../../auth/plugin.js';
import { AppError } from '../../../errors.js';
import { findPlatformOrganization } from '../../../platforms/organizations.js';
import { PLATFORM_KEEPERS } from '../../../platforms/routes.js';
import { searchQuery } from '../../../search-api/schemas.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { Breadcrumbs } from '../../components/navigation.js';
import { formFields, parseForm, redirectWithNotice, type FormErrors, type FormFields } from '../../forms.js';
import { sendPage } from '../../render.js';
import type { WebRoutesOptions } from '../../routes.js';
import { PlatformForm, platformForm } from './form.js';
import { PLATFORMS } from './paths.js';
import { platformStyles } from './public.js';

const idParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});
const REGISTRY_NUMBER = /^67-\d{4}-\d{4}(\/v\d+)?$/i;

interface EditState {
  values?: FormFields;
  errors?: FormErrors;
  find?: string;
  practiceError?: string;
  fileError?: string;
  fileValues?: { kind?: string; year?: string };
}

/** The first value of a multipart field that came before the file. */
function multipartField(fields: Record<string, unknown>, name: string): string {
  const field = fields[name] as { value?: unknown } | { value?: unknown }[] | undefined;
  const value = Array.isArray(field) ? field[0]?.value : field?.value;
  return typeof value === 'string' ? value.trim() : '';
}

export const platformManagePages: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, { db, services, config }) => {
  const { platforms, platformFiles, search } = services;
  const actorOf = (request: FastifyRequest) => {
    const user = requireUser(request);
    return { userId: user.id, name: user.fullName };
  };

  /** The posted form as a platform, or the errors to show beside its fields. */
  function readForm(body: unknown) {
    const parsed = parseForm(platformForm, body);
    if (!parsed.ok) return parsed;
    const { organization, ...rest } = parsed.data;
    const found = findPlatformOrganization(db, { text: organization });
    if ('problem' in found)
      return { ok: false as const, errors: { organization: found.problem }, values: formFields(body) };
    return { ok: true as const, data: { ...rest, organizationId: found.id } };
  }

  function newPage(request: FastifyRequest, reply: FastifyReply, values: FormFields, errors: FormErrors, status = 200) {
    return sendPage(
      request,
      reply,
      { title: `${Object.keys(errors).length ? 'Ошибка: ' : ''}Новая инновационная площадка`, head: platformStyles },
      <>
        <Breadcrumbs
          items={[
            { label: 'Главная', href: '/' },
            { label: 'Инновационные площадки', href: PLATFORMS.list },
            { label: 'Новая площадка' },
          ]}
        />
        <h1>Новая инновационная площадка</h1>
        <p>
          Заполните сведения по приказу о присвоении статуса. Практики, приказ и отчёты можно добавить на следующей
          странице. Можно также <a href={PLATFORMS.import}>загрузить площадки из таблицы</a>.
        </p>
        <PlatformForm
          action={PLATFORMS.create}
          csrf={app.formToken(request, reply)}
          values={values}
          errors={errors}
          submit="Добавить площадку"
        />
      </>,
      status,
    );
  }

  async function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    state: EditState = {},
    status = 200,
  ) {
    const p = platforms.get(id);
    const csrf = app.formToken(request, reply);
    const values: FormFields = state.values ?? {
      organization: p.organization.name,
      theme: p.theme,
      level: p.level,
      status: p.status,
      yearFrom: String(p.yearFrom),
      yearTo: p.yearTo === null ? '' : String(p.yearTo),
      orderNumber: p.order.number,
      orderDate: p.order.date,
      orderIssuer: p.order.issuer,
      description: p.description,
    };
    const found = state.find
      ? (await search.search(searchQuery.parse({ q: state.find, perPage: 10 }))).hits.filter(
          (h) => h.registryNumber && !p.practices.some((x) => x.registryNumber === h.registryNumber),
        )
      : [];
    const hasErrors = Object.keys(state.errors ?? {}).length > 0 || !!state.practiceError || !!state.fileError;
    const fileErrors: FormErrors = state.fileError ? { file: state.fileError } : {};
    const practiceErrors: FormErrors = state.practiceError ? { practice: state.practiceError } : {};
    return sendPage(
      request,
      reply,
      { title: `${hasErrors ? 'Ошибка: ' : ''}Изменить площадку — ${p.theme}`, head: platformStyles },
      <>
        <Breadcrumbs
          items={[
            { label: 'Главная', href: '/' },
            { label: 'Инновационные площадки', href: PLATFORMS.list },
            { label: p.organization.shortName ?? p.organization.name, href: PLATFORMS.one(id) },
            { label: 'Изменить' },
          ]}
        />
        <h1>Изменить площадку</h1>
        <p>
          <a href={PLATFORMS.one(id)}>Страница площадки</a>
        </p>
        <h2 id="practices-title">Практики площадки</h2>
        {p.practices.length === 0 ? (
          <p>Практик пока нет.</p>
        ) : (
          <ul class="platform-practices">
            {p.practices.map((practice) => (
              <li>
                <a href={practice.url}>{practice.title}</a> <span class="meta nowrap">{practice.registryNumber}</span>{' '}
                <PostForm action={PLATFORMS.practices(id)} csrf={csrf} class="inline-form">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="number" value={practice.registryNumber} />
                  <Button variant="secondary" aria-label={`Убрать практику ${practice.registryNumber} из площадки`}>
                    Убрать
                  </Button>
                </PostForm>
              </li>
            ))}
          </ul>
        )}
        <PostForm action={PLATFORMS.practices(id)} csrf={csrf} aria-label="Добавить практику">
          <ErrorSummary errors={practiceErrors} labels={{ practice: 'Практика' }} />
          <input type="hidden" name="intent" value="add" />
          <Field
            id="practice"
            name="number"
            label="Добавить практику"
            hint="Номер в реестре (например, 67-2026-0042) или слова из названия опубликованной практики"
            error={state.practiceError}
            value={state.find ?? ''}
          />
          <Button>Добавить или найти</Button>
        </PostForm>
        {state.find && !state.practiceError ? (
          found.length === 0 ? (
            <p role="status">По словам «{state.find}» опубликованных практик не найдено.</p>
          ) : (
            <>
              <p role="status">Найдено по словам «{state.find}»: выберите практику.</p>
              <ul>
                {found.map((h) => (
                  <li>
                    {h.title} <span class="meta nowrap">{h.registryNumber}</span>{' '}
                    <PostForm action={PLATFORMS.practices(id)} csrf={csrf} class="inline-form">
                      <input type="hidden" name="intent" value="add" />
                      <input type="hidden" name="number" value={h.registryNumber ?? ''} />
                      <Button variant="secondary" aria-label={`Добавить практику ${h.registryNumber}`}>
                        Добавить
                      </Button>
                    </PostForm>
                  </li>
                ))}
              </ul>
            </>
          )
        ) : null}
        <h2>Приказ и отчёты</h2>
        {p.files.length === 0 ? (
          <p>Файлов пока нет.</p>
        ) : (
          <ul>
            {p.files.map((f) => (
              <li>
                {f.kind === 'order' ? 'Приказ' : `Отчёт за ${f.year} год`}: <a href={f.url}>{f.name}</a>
              </li>
            ))}
          </ul>
        )}
        <PostForm action={PLATFORMS.files(id)} csrf={csrf} multipart aria-label="Загрузить файл площадки">
          <ErrorSummary errors={fileErrors} labels={{ file: 'Файл' }} />
          <Field
            id="file-kind"
            name="kind"
            label="Что загружаете"
            control={(attributes) => (
              <select {...attributes}>
                <option value="report" selected={state.fileValues?.kind !== 'order'}>
                  Отчёт за год
                </option>
                <option value="order" selected={state.fileValues?.kind === 'order'}>
                  Приказ о присвоении статуса (заменит прежний)
                </option>
              </select>
            )}
          />
          <Field
            id="file-year"
            name="year"
            label="Год отчёта"
            hint="Для приказа не нужен"
            value={state.fileValues?.year ?? String(new Date().getFullYear())}
          />
          <Field
            id="file"
            name="file"
            label="Файл"
            hint={`PDF, DOC(X), ODT, XLS(X), RTF, TXT, JPG, PNG; не больше ${Math.round(config.attachments.maxFileBytes / 1048576)} МБ`}
            error={state.fileError}
            control={(attributes) => <input {...attributes} type="file" />}
          />
          <Button>Загрузить файл</Button>
        </PostForm>
        <h2>Сведения о площадке</h2>
        <PlatformForm
          action={PLATFORMS.edit(id)}
          csrf={csrf}
          values={values}
          errors={state.errors ?? {}}
          submit="Сохранить изменения"
        />
      </>,
      status,
    );
  }

  app.get(PLATFORMS.create, { config: PLATFORM_KEEPERS, schema: { hide: true } }, async (request, reply) =>
    newPage(request, reply, { status: 'active' }, {}),
  );

  app.post(PLATFORMS.create, { config: PLATFORM_KEEPERS, schema: { hide: true } }, async (request, reply) => {
    const form = readForm(request.body);
    if (!form.ok) return newPage(request, reply, form.values, form.errors, 400);
    try {
      const created = platforms.create(actorOf(request), form.data);
      return redirectWithNotice(reply, PLATFORMS.one(created.id), 'Площадка добавлена в реестр');
    } catch (error) {
      if (error instanceof AppError && error.code === 'PLATFORM_EXISTS')
        return newPage(request, reply, formFields(request.body), { theme: error.message }, 409);
      throw error;
    }
  });

  app.get(
    '/platforms/:id/edit',
    { config: PLATFORM_KEEPERS, schema: { hide: true, params: idParams } },
    async (request, reply) => editPage(request, reply, request.params.id),
  );

  app.post(
    '/platforms/:id/edit',
    { config: PLATFORM_KEEPERS, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const { id } = request.params;
      platforms.get(id); // 404 before any form error
      const form = readForm(request.body);
      if (!form.ok) return editPage(request, reply, id, { values: form.values, errors: form.errors }, 400);
      try {
        platforms.update(actorOf(request), id, form.data);
      } catch (error) {
        if (error instanceof AppError && error.code === 'PLATFORM_EXISTS')
          return editPage(
            request,
            reply,
            id,
            { values: formFields(request.body), errors: { theme: error.message } },
            409,
          );
        throw error;
      }
      return redirectWithNotice(reply, PLATFORMS.one(id), 'Изменения сохранены');
    },
  );

  app.post(
    '/platforms/:id/practices',
    { config: PLATFORM_KEEPERS, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const { id } = request.params;
      platforms.get(id);
      const fields = formFields(request.body);
      const number = (typeof fields.number === 'string' ? fields.number : '').trim().slice(0, 200);
      const intent = fields.intent === 'remove' ? 'remove' : 'add';
      if (!number)
        return editPage(
          request,
          reply,
          id,
          { practiceError: 'Укажите номер практики в реестре или слова из её названия' },
          400,
        );
      // Words, not a number: show what the search finds, to pick from.
      if (intent === 'add' && !REGISTRY_NUMBER.test(number)) return editPage(request, reply, id, { find: number });
      try {
        platforms.update(
          actorOf(request),
          id,
          intent === 'add' ? { addPractices: [number] } : { removePractices: [number] },
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'VALIDATION_FAILED')
          return editPage(
            request,
            reply,
            id,
            { practiceError: error.details?.[0]?.message ?? error.message, find: number },
            400,
          );
        throw error;
      }
      return redirectWithNotice(
        reply,
        PLATFORMS.edit(id),
        intent === 'add' ? `Практика ${number} добавлена к площадке` : `Практика ${number} убрана из площадки`,
      );
    },
  );

  app.post(
    '/platforms/:id/files',
    { config: PLATFORM_KEEPERS, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const { id } = request.params;
      platforms.get(id);
      if (!request.isMultipart())
        return editPage(request, reply, id, { fileError: 'Выберите файл: форма должна отправляться с файлом' }, 415);
      const part = await request.file({ limits: { fileSize: config.attachments.maxFileBytes, files: 1, fields: 5 } });
      if (!part) return editPage(request, reply, id, { fileError: 'Выберите файл для загрузки' }, 400);
      const kind = multipartField(part.fields, 'kind') === 'order' ? 'order' : 'report';
      const yearText = multipartField(part.fields, 'year');
      const year = Number(yearText);
      const fileValues = { kind, year: yearText };
      if (kind === 'report' && !(/^\d{4}$/.test(yearText) && year >= 1990 && year <= 2100)) {
        part.file.resume();
        return editPage(
          request,
          reply,
          id,
          { fileError: 'Укажите год отчёта четырьмя цифрами, например 2025', fileValues },
          400,
        );
      }
      try {
        const saved = await platformFiles.upload(
          { ...actorOf(request) },
          id,
          kind === 'order' ? { kind } : { kind, year },
          part,
        );
        return redirectWithNotice(reply, PLATFORMS.edit(id), `Файл «${saved.name}» загружен`);
      } catch (error) {
        if (error instanceof AppError && error.code === 'VALIDATION_FAILED')
          return editPage(
            request,
            reply,
            id,
            { fileError: error.details?.[0]?.message ?? error.message, fileValues },
            400,
          );
        throw error;
      }
    },
  );
};
