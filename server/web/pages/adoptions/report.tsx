/**
 * «Внедрили у себя»: the form a signed-in teacher fills to report that their organisation uses a published practice
 * (`/practices/:number/adopt`). The organisation is picked from the directory — their own is offered first, «Найти»
 * searches by name and comes back with the matches (no JavaScript needed). The report waits for a moderator.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../../access/routes.js';
import { requireUser } from '../../../auth/plugin.js';
import { reportBody } from '../../../adoptions/schemas.js';
import { ADOPTION_FILE_TYPES, readMultipartReport } from '../../../adoptions/upload.js';
import { MY_ADOPTIONS_PATH } from '../../../adoptions/messages.js';
import { AppError } from '../../../errors.js';
import type { Organization } from '../../../organizations/service.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { formFields, parseForm, redirectWithNotice, type FormErrors, type FormFields } from '../../forms.js';
import { asset } from '../../assets.js';
import { sendPage } from '../../render.js';
import type { WebRoutesOptions } from '../../routes.js';
import { adoptFormPath } from './parts.js';

const STYLES = (
  <>
    <link rel="stylesheet" href={asset('pages.css')} />
    <link rel="stylesheet" href={asset('editor.css')} />
  </>
);

const LABELS = {
  organizationId: 'Организация',
  since: 'С какого времени',
  adapted: 'Что изменили, приспосабливая практику',
  results: 'Результаты',
  file: 'Файл (по желанию)',
};

const numberParam = z.object({ number: z.string().max(40) });
/** The page's own fields (search box, intent) beside the report's; only the report's reach the service. */
const pageForm = reportBody.extend({ orgq: z.string().max(200).optional(), intent: z.string().max(20).optional() });

interface FormState {
  values: FormFields;
  errors: FormErrors;
  choices: Organization[];
}

function OrganizationChoices({ state, label }: { state: FormState; label: (code: string) => string }) {
  const error = state.errors.organizationId;
  const chosen = typeof state.values.organizationId === 'string' ? state.values.organizationId : '';
  return (
    <fieldset class={error ? 'field has-error' : 'field'} id="organizationId">
      <legend>{LABELS.organizationId}</legend>
      <span class="hint">Организация, где вы работаете и где используют практику. Найдите её в справочнике.</span>
      {error ? (
        <span class="error-message">
          <span class="visually-hidden">Ошибка: </span>
          {error}
        </span>
      ) : null}
      <div class="org-search">
        <label for="orgq">Найти организацию по названию</label>
        <div class="inline-controls">
          <input
            id="orgq"
            name="orgq"
            type="search"
            value={typeof state.values.orgq === 'string' ? state.values.orgq : ''}
            maxLength={200}
          />
          <button class="button secondary" type="submit" name="intent" value="org-search">
            Найти
          </button>
        </div>
      </div>
      {state.choices.length > 0 ? (
        <ul class="choices">
          {state.choices.map((org, i) => (
            <li>
              <input
                type="radio"
                id={`organization-${org.id}`}
                name="organizationId"
                value={String(org.id)}
                checked={chosen === String(org.id) || (chosen === '' && i === 0)}
              />
              <label for={`organization-${org.id}`}>
                {org.name} <span class="meta">({label(org.municipality)})</span>
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <p class="org-status">Найдите организацию по названию: в справочнике много школ и детских садов.</p>
      )}
    </fieldset>
  );
}

export const adoptionReportPages: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, { services, config }) => {
  const { adoptions, registry, organizations, vocabularies, store } = services;
  const label = (code: string) => vocabularies.label('municipalities', code) ?? code;
  const text = (values: FormFields, name: string) => (typeof values[name] === 'string' ? values[name] : '');

  /** The directory entries to choose from: the person's own organisation, then what the search found. */
  function choicesFor(request: FastifyRequest, values: FormFields): Organization[] {
    const user = requireUser(request);
    const found = new Map<number, Organization>();
    const add = (id: number | null | undefined) => {
      if (!id) return;
      try {
        const org = organizations.get(id);
        found.set(org.id, org);
      } catch {
        /* a merged or removed entry is simply not offered */
      }
    };
    add(Number(text(values, 'organizationId')) || null);
    add(user.organizationId);
    const q = text(values, 'orgq').trim();
    if (q) for (const org of organizations.list({ q, limit: 10, offset: 0 }, user.id).items) found.set(org.id, org);
    return [...found.values()];
  }

  function show(request: FastifyRequest, reply: FastifyReply, number: string, state: FormState, status = 200) {
    const entry = registry.get(number, { countView: false });
    if (!entry.practice) throw new AppError('PRACTICE_WITHDRAWN');
    const failed = Object.keys(state.errors).length > 0;
    return sendPage(
      request,
      reply,
      { title: `${failed ? 'Ошибка: ' : ''}Сообщить о внедрении практики`, head: STYLES },
      <div class="adoption-form">
        <h1>Внедрили у себя</h1>
        <p class="lead">
          Практика <a href={`/practices/${number}`}>«{entry.practice.title}»</a>. Расскажите, как ваша организация её
          использует: сообщение проверит модератор СОИРО, после этого оно появится на странице практики, а авторы
          получат уведомление.
        </p>
        <PostForm action={adoptFormPath(number)} csrf={app.formToken(request, reply)} multipart novalidate>
          <ErrorSummary errors={state.errors} labels={LABELS} />
          <OrganizationChoices state={state} label={label} />
          <Field
            id="since"
            name="since"
            label={LABELS.since}
            hint="Месяц и год в виде ГГГГ-ММ, например 2025-09"
            value={text(state.values, 'since')}
            error={state.errors.since}
            autocomplete="off"
            required
          />
          <Field
            id="adapted"
            name="adapted"
            label={LABELS.adapted}
            hint="Что взяли из практики как есть и что изменили под своих детей и условия. До 1000 символов."
            value={text(state.values, 'adapted')}
            error={state.errors.adapted}
            multiline
            rows={4}
            required
          />
          <Field
            id="results"
            name="results"
            label={LABELS.results}
            hint="Что получилось: изменения у детей, педагогов, родителей. До 1000 символов."
            value={text(state.values, 'results')}
            error={state.errors.results}
            multiline
            rows={4}
            required
          />
          <Field
            id="file"
            name="file"
            label={LABELS.file}
            hint={`План, отчёт или фотографии одним файлом: PDF, DOCX, ODT, XLSX, JPG, PNG или WebP, не больше ${Math.round(config.attachments.maxFileBytes / 1048576)} МБ.${failed ? ' Если вы выбирали файл, выберите его снова.' : ''}`}
            error={state.errors.file}
            control={(attributes) => (
              <input
                {...attributes}
                type="file"
                accept={ADOPTION_FILE_TYPES.extensions.map((e) => `.${e}`).join(',')}
              />
            )}
          />
          <Button>Отправить сообщение о внедрении</Button>
        </PostForm>
      </div>,
      status,
    );
  }

  const signedIn = access('signed-in');

  app.get(
    '/practices/:number/adopt',
    { config: signedIn, schema: { hide: true, params: numberParam } },
    async (request, reply) => {
      const values: FormFields = {};
      return show(request, reply, request.params.number, { values, errors: {}, choices: choicesFor(request, values) });
    },
  );

  app.post(
    '/practices/:number/adopt',
    { config: signedIn, schema: { hide: true, params: numberParam } },
    async (request, reply) => {
      const { number } = request.params;
      // The form posts multipart (it may carry a file); a form without one may still come urlencoded.
      const posted = request.isMultipart()
        ? await readMultipartReport(request, store, config.attachments)
        : { fields: request.body, file: undefined, fileError: undefined };
      const { file, fileError } = posted;
      const values = formFields(posted.fields);
      const choices = choicesFor(request, values);
      // Nothing is kept unless the report is: a refused form leaves no file behind.
      const refuse = async (errors: FormErrors, status: number) => {
        if (file) await store.discard([file.temp]);
        return show(request, reply, number, { values, errors, choices }, status);
      };
      if (values.intent === 'org-search') return refuse({}, 200);
      const parsed = parseForm(pageForm, posted.fields);
      const fileErrors: FormErrors = fileError ? { file: fileError } : {};
      if (!parsed.ok || fileError) return refuse({ ...(parsed.ok ? {} : parsed.errors), ...fileErrors }, 400);
      const entry = registry.get(number, { countView: false });
      if (!entry.practice) {
        if (file) await store.discard([file.temp]);
        throw new AppError('PRACTICE_WITHDRAWN');
      }
      const { orgq: _q, intent: _i, ...input } = parsed.data;
      try {
        // The service keeps or discards the file itself from here on.
        await adoptions.report(requireUser(request), entry.practice.id, input, file);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500 || error.statusCode === 404) throw error;
        const errors: FormErrors = error.details?.length
          ? Object.fromEntries(error.details.map((d) => [d.field, d.message]))
          : { _form: error.message };
        return show(request, reply, number, { values, errors, choices }, error.statusCode);
      }
      return redirectWithNotice(
        reply,
        MY_ADOPTIONS_PATH,
        'Сообщение о внедрении отправлено: после проверки модератором оно появится на странице практики',
      );
    },
  );
};
