/**
 * `/my/practices/new`: the short form that starts a draft (a title and the organisation), then the editor. The
 * organisation is searched by a GET of this page (`?orgq=`), so it works without JavaScript.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { z } from 'zod';
import { access } from '../../../access/routes.js';
import { requireRole } from '../../../auth/plugin.js';
import { AppError } from '../../../errors.js';
import { FIELD_HINTS } from '../../../model/hints.js';
import { TITLE } from '../../../model/practice.js';
import { newOrganizationBody } from '../../../organizations/schemas.js';
import type { Organization, OrganizationService } from '../../../organizations/service.js';
import type { Services } from '../../../services.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { fieldErrors, formFields, redirectWithNotice, type FormErrors, type FormFields } from '../../forms.js';
import { sendPage } from '../../render.js';
import { OrganizationPicker } from './editor-fields.js';
import { parseEditorInput } from './editor-input.js';
import { WORKSPACE } from './paths.js';

const authorsOnly = access(['author'], [], 'Писать практики могут авторы: войдите в свою учётную запись');

const text = (fields: FormFields, name: string) => {
  const v = fields[name];
  return (Array.isArray(v) ? v.at(-1) : v) ?? '';
};

/** The organisation a form names (by id), or `fallback` when it names none or one that is gone. */
export function pickerOrganization(
  organizations: Pick<OrganizationService, 'get'>,
  id: unknown,
  fallback: Organization | null,
): Organization | null {
  if (typeof id !== 'number') return id === null ? null : fallback;
  if (fallback?.id === id) return fallback;
  try {
    return organizations.get(id);
  } catch {
    return null;
  }
}

type AddedShown = { name: string; type: string; municipality: string; errors: Record<string, string> };

/** «Моей организации нет»: adds it to the directory (or finds the one already there under that name). */
export function parseNewOrganization(
  organizations: Pick<OrganizationService, 'create'>,
  fields: FormFields,
  addedBy: number,
): { ok: true; organization: Organization } | { ok: false; shown: AddedShown } {
  const typed = {
    name: text(fields, 'newOrgName'),
    type: text(fields, 'newOrgType'),
    municipality: text(fields, 'newOrgMunicipality'),
  };
  const fail = (errors: Record<string, string>) => ({ ok: false as const, shown: { ...typed, errors } });
  const parsed = newOrganizationBody.safeParse(typed);
  const prefix = (errors: FormErrors) =>
    Object.fromEntries(Object.entries(errors).map(([f, m]) => [`newOrg${f[0]!.toUpperCase()}${f.slice(1)}`, m]));
  if (!parsed.success) {
    const errors = prefix(fieldErrors(parsed.error));
    if (errors.newOrgName) errors.newOrgName = 'Напишите полное название организации';
    return fail(errors);
  }
  try {
    return { ok: true, organization: organizations.create({ ...parsed.data, addedBy }).organization };
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED')
      return fail(prefix(Object.fromEntries((error.details ?? []).map((d) => [d.field, d.message]))));
    throw error;
  }
}

const newQuery = z.object({
  title: z.string().max(TITLE.maxLength).optional(),
  orgq: z.string().max(200).optional(),
  org: z.coerce.number().int().positive().optional(),
});

/** The new-practice routes, registered by the editor's plugin. */
export async function newPracticePages(
  app: FastifyInstance,
  { services, head }: { services: Services; head: ComponentChildren },
) {
  const { practices, organizations, vocabularies } = services;

  function page(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { title: string; orgq: string; organizationId: number | null; errors: FormErrors; added?: AddedShown },
    status = 200,
  ) {
    const user = requireRole(request, 'author');
    const fallback = user.organizationId ? pickerOrganization(organizations, user.organizationId, null) : null;
    const current =
      state.organizationId === null ? fallback : pickerOrganization(organizations, state.organizationId, fallback);
    const hasErrors = Object.keys(state.errors).length > 0;
    return sendPage(
      request,
      reply,
      { title: `${hasErrors ? 'Ошибка: ' : ''}Новая практика`, head, scripts: ['editor.js'], query: false },
      <>
        <p class="breadcrumbs-line">
          <a href={WORKSPACE.my}>Мои практики</a>
        </p>
        <h1>Новая практика</h1>
        <p class="lead">
          Начните с названия и организации. Остальное можно дописать потом, за несколько вечеров: черновик сохраняется,
          и его видите только вы и ваши соавторы.
        </p>
        <ErrorSummary errors={state.errors} labels={{ title: TITLE.title, organizationId: 'Организация' }} />
        <PostForm action={WORKSPACE.newPractice} csrf={app.formToken(request, reply)} id="new-practice" novalidate>
          <button type="submit" name="intent" value="create" class="visually-hidden" tabindex={-1} aria-hidden="true">
            Создать черновик
          </button>
          <div class="editor-layout narrow" data-organizations="/api/v1/organizations">
            <Field
              id="title"
              name="title"
              label={TITLE.title}
              hint={`${FIELD_HINTS.title.hint} Например: «${FIELD_HINTS.title.example}».`}
              value={state.title}
              error={state.errors.title}
              required
            />
            <OrganizationPicker
              current={current}
              query={state.orgq}
              results={state.orgq ? organizations.list({ q: state.orgq, limit: 10, offset: 0 }, user.id).items : []}
              hint={FIELD_HINTS.organizationId.hint}
              error={state.errors.organizationId}
              municipalities={vocabularies.terms('municipalities')}
              types={vocabularies.terms('organizationTypes')}
              municipalityLabel={(code) => vocabularies.label('municipalities', code) ?? code}
              added={state.added}
            />
            <Button name="intent" value="create">
              Создать черновик
            </Button>
          </div>
        </PostForm>
      </>,
      status,
    );
  }

  app.get(
    WORKSPACE.newPractice,
    { config: authorsOnly, schema: { querystring: newQuery } },
    async (request: FastifyRequest<{ Querystring: z.infer<typeof newQuery> }>, reply) => {
      const { title = '', orgq = '', org } = request.query;
      return page(request, reply, { title, orgq, organizationId: org ?? null, errors: {} });
    },
  );

  app.post(WORKSPACE.newPractice, { config: authorsOnly }, async (request, reply) => {
    const user = requireRole(request, 'author');
    const fields = formFields(request.body);
    const intent = text(fields, 'intent');
    const title = text(fields, 'title');
    const orgq = text(fields, 'orgq').trim();
    const chosen = Number(text(fields, 'organizationId')) || null;
    const back = (query: Record<string, string>) =>
      `${WORKSPACE.newPractice}?${new URLSearchParams({ ...(title ? { title } : {}), ...query }).toString()}`;
    if (intent === 'org-search')
      return reply.redirect(back({ ...(orgq ? { orgq } : {}), ...(chosen ? { org: String(chosen) } : {}) }), 303);
    if (intent === 'add-org') {
      const added = parseNewOrganization(organizations, fields, user.id);
      if (!added.ok)
        return page(request, reply, { title, orgq, organizationId: chosen, errors: {}, added: added.shown }, 400);
      return redirectWithNotice(reply, back({ org: String(added.organization.id) }), 'Организация добавлена и выбрана');
    }
    // The same rules as the editor's (and the API's) for the two fields this form has.
    const parsed = parseEditorInput({ title, organizationId: chosen ? String(chosen) : '' });
    if (!parsed.ok) {
      const errors = Object.fromEntries(
        Object.entries(parsed.errors).filter(([f]) => f === 'title' || f === 'organizationId'),
      );
      if (Object.keys(errors).length > 0)
        return page(request, reply, { title, orgq, organizationId: chosen, errors }, 400);
    }
    try {
      const { practice } = practices.create(user, {
        title: parsed.ok && parsed.input.title ? parsed.input.title : title.trim(),
        ...(chosen ? { organizationId: chosen } : {}),
      });
      return redirectWithNotice(
        reply,
        WORKSPACE.practice(practice.id),
        'Черновик создан. Его можно дописывать в несколько приёмов.',
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      const errors: FormErrors = {};
      for (const d of error.details ?? []) errors[d.field] ??= d.message;
      return page(request, reply, { title, orgq, organizationId: null, errors }, 400);
    }
  });
}
