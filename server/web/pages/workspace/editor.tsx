/**
 * The practice editor, `/my/practices/:id`, and the new-practice form: pages over the practices, organisations and
 * moderation services. A post saves through the same `practices.update` the API's PATCH uses (with the version's
 * ETag carried in the form), so a stale form meets the same 412 and is shown both texts instead.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, owned } from '../../../access/routes.js';
import { requireRole } from '../../../auth/plugin.js';
import type { SessionUser } from '../../../auth/service.js';
import { AppError } from '../../../errors.js';
import { PRACTICE_VOCABULARIES } from '../../../model/vocabularies.js';
import { previewMarkdown } from '../../../practices/markdown.js';
import type { Services } from '../../../services.js';
import { idParam } from '../../../shared/http.js';
import { formFields, redirectWithNotice, type FormErrors, type FormFields } from '../../forms.js';
import { sendPage } from '../../render.js';
import { asset } from '../../assets.js';
import {
  applyChoices,
  differingFields,
  formFieldOf,
  MARKDOWN_FIELDS,
  parseEditorInput,
  rawInput,
  valuesOf,
  type EditorField,
  type EditorInput,
} from './editor-input.js';
import { EDITOR_LABELS, EditorPage } from './editor-page.js';
import { NotEditable, type AuthorReview, type ConflictEntry } from './editor-parts.js';
import { newPracticePages, parseNewOrganization, pickerOrganization } from './new-practice.js';
import { WORKSPACE } from './paths.js';

const authorsOnly = access(['author'], [], 'Писать практики могут авторы: войдите в свою учётную запись');
/** A practice's editor: its authors only. */
const ownPractice = owned(authorsOnly, 'practice');

const pageQuery = z.object({
  preview: z.enum(MARKDOWN_FIELDS as [string, ...string[]]).optional(),
  orgq: z.string().max(200).optional(),
});

type Editing = ReturnType<Services['practices']['forEditing']>;

interface RenderState {
  values?: Record<EditorField, unknown>;
  errors?: FormErrors;
  conflicts?: ConflictEntry[];
  orgq?: string;
  added?: { name: string; type: string; municipality: string; errors: Record<string, string> };
  preview?: string;
  missing?: Editing['missing'];
}

const text = (fields: FormFields, name: string) => {
  const v = fields[name];
  return (Array.isArray(v) ? v.at(-1) : v) ?? '';
};

export const editorPages: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { practices, moderation, organizations, vocabularies } = services;
  const head = <link rel="stylesheet" href={asset('editor.css')} />;

  /** The reviewer's last word addressed to the authors (a decision other than approval), if any. */
  function lastReview(user: SessionUser, id: number): AuthorReview | undefined {
    return moderation
      .reviews(user, id)
      .filter((r) => r.decision !== 'approve')
      .sort((a, b) => b.id - a.id)[0];
  }

  /** How the conflict view shows a value: text as it is, codes by their labels, the organisation by its name. */
  function shown(field: EditorField, value: unknown): string {
    if (Array.isArray(value))
      return (PRACTICE_VOCABULARY_SET.has(field) ? value.map((c) => labelOf(field, String(c))) : value).join(', ');
    if (field === 'organizationId' && typeof value === 'number') {
      try {
        return organizations.get(value).name;
      } catch {
        return String(value);
      }
    }
    return value === null || value === undefined ? '' : String(value);
  }
  const labelOf = (field: EditorField, code: string) =>
    vocabularies.label(field as Parameters<typeof vocabularies.label>[0], code) ?? code;

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    user: SessionUser,
    editing: Editing,
    state: RenderState,
    status = 200,
  ) {
    const { practice } = editing;
    const review = practice.state === 'changes_requested' ? lastReview(user, practice.id) : undefined;
    const values = state.values ?? valuesOf(practice);
    const previewText = state.preview ? String(values[state.preview as EditorField] ?? '') : undefined;
    const title = state.conflicts?.length
      ? `Расхождение с правками соавтора: ${practice.title}`
      : `${Object.keys(state.errors ?? {}).length ? 'Ошибка: ' : ''}${practice.title}`;
    return sendPage(
      request,
      reply,
      { title, head, scripts: ['editor.js', 'autosave.js'], query: false },
      <EditorPage
        practice={practice}
        etag={editing.etag}
        values={values}
        errors={state.errors ?? {}}
        missing={state.missing ?? editing.missing}
        csrf={app.formToken(request, reply)}
        vocabularies={vocabularies}
        organization={{
          current: pickerOrganization(organizations, values.organizationId, practice.organization),
          query: state.orgq ?? '',
          results: state.orgq ? organizations.list({ q: state.orgq, limit: 10, offset: 0 }, user.id).items : [],
          added: state.added,
        }}
        review={review}
        conflicts={state.conflicts}
        preview={
          state.preview && previewText !== undefined
            ? { field: state.preview, ...previewMarkdown(previewText) }
            : undefined
        }
      />,
      status,
    );
  }

  function notEditable(
    request: FastifyRequest,
    reply: FastifyReply,
    user: SessionUser,
    editing: Editing,
    status = 200,
  ) {
    const review = lastReview(user, editing.practice.id);
    return sendPage(
      request,
      reply,
      { title: editing.practice.title, head },
      <NotEditable practice={editing.practice} review={review} />,
      status,
    );
  }

  /** The conflict view: what the author posted against what is saved now, field by field. */
  function conflictsOf(mine: Record<EditorField, unknown>, editing: Editing): ConflictEntry[] {
    return differingFields(mine, editing.practice).map((field) => ({
      field,
      label: EDITOR_LABELS[field],
      mine: shown(field, mine[field]),
      theirs: shown(field, editing.practice[field]),
    }));
  }

  /**
   * Saves what the form posted. Returns the new ETag, or the reply already sent (errors beside the fields, the
   * conflict view, or the page saying the practice cannot be edited now).
   */
  function save(
    request: FastifyRequest,
    reply: FastifyReply,
    user: SessionUser,
    id: number,
  ): { etag: string; fields: FormFields } | FastifyReply {
    const fields = formFields(request.body);
    const editing = practices.forEditing(user, id);
    if (!editing.editable) return notEditable(request, reply, user, editing, 409);
    const values = rawInput(fields);
    const orgq = text(fields, 'orgq');
    const parsed = parseEditorInput(fields);
    if (!parsed.ok) return render(request, reply, user, editing, { values, errors: parsed.errors, orgq }, 400);
    const { input, unresolved } = applyChoices(parsed.input, fields);
    if (unresolved.length > 0) {
      const errors = { conflict: 'Выберите для каждого поля, чей текст оставить' };
      return render(request, reply, user, editing, { values, errors, conflicts: conflictsOf(values, editing) }, 400);
    }
    let chosen: EditorInput = input;
    if (text(fields, 'intent') === 'add-org') {
      const added = parseNewOrganization(organizations, fields, user.id);
      if (!added.ok) return render(request, reply, user, editing, { values, added: added.shown }, 400);
      chosen = { ...chosen, organizationId: added.organization.id };
    }
    try {
      const { etag } = practices.update(user, id, text(fields, 'etag'), chosen);
      return { etag, fields };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'PRECONDITION_FAILED' || error.code === 'PRECONDITION_REQUIRED') {
        const conflicts = conflictsOf(values, editing);
        if (conflicts.length === 0) return { etag: editing.etag, fields };
        return render(request, reply, user, editing, { values, conflicts }, 409);
      }
      if (error.code === 'VALIDATION_FAILED') {
        const errors: FormErrors = {};
        for (const d of error.details ?? []) errors[formFieldOf(d.field)] ??= d.message;
        return render(request, reply, user, editing, { values, errors }, 400);
      }
      if (error.code === 'PRACTICE_NOT_EDITABLE') return notEditable(request, reply, user, editing, 409);
      throw error;
    }
  }

  app.get(
    '/my/practices/:id',
    { config: ownPractice, schema: { params: idParam, querystring: pageQuery } },
    async (request, reply) => {
      const user = requireRole(request, 'author');
      const editing = practices.forEditing(user, request.params.id);
      if (!editing.editable) return notEditable(request, reply, user, editing);
      const { preview, orgq } = request.query;
      return render(request, reply, user, editing, { ...(preview ? { preview } : {}), ...(orgq ? { orgq } : {}) });
    },
  );

  app.post('/my/practices/:id', { config: ownPractice, schema: { params: idParam } }, async (request, reply) => {
    const user = requireRole(request, 'author');
    const id = request.params.id;
    const saved = save(request, reply, user, id);
    if (!('etag' in saved)) return saved;
    const intent = text(saved.fields, 'intent');
    const page = WORKSPACE.practice(id);
    if (intent.startsWith('preview:')) {
      const field = intent.slice('preview:'.length);
      if ((MARKDOWN_FIELDS as readonly string[]).includes(field))
        return reply.redirect(`${page}?preview=${field}#${field}-preview`, 303);
    }
    if (intent === 'org-search') {
      const orgq = text(saved.fields, 'orgq').trim();
      return reply.redirect(`${page}${orgq ? `?orgq=${encodeURIComponent(orgq)}` : ''}#organizationId`, 303);
    }
    if (intent === 'add-org') return redirectWithNotice(reply, page, 'Организация добавлена в справочник и выбрана');
    return redirectWithNotice(reply, page, 'Черновик сохранён');
  });

  app.post('/my/practices/:id/submit', { config: ownPractice, schema: { params: idParam } }, async (request, reply) => {
    const user = requireRole(request, 'author');
    const id = request.params.id;
    const saved = save(request, reply, user, id);
    if (!('etag' in saved)) return saved;
    try {
      moderation.transition(user, id, 'submit', { ifMatch: saved.etag });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      const editing = practices.forEditing(user, id);
      const missing = error.details ?? [];
      const errors: FormErrors = {};
      for (const d of missing) errors[formFieldOf(d.field)] ??= d.message;
      return render(request, reply, user, editing, { errors, missing }, 400);
    }
    return redirectWithNotice(
      reply,
      WORKSPACE.my,
      'Практика отправлена на рассмотрение. Когда эксперт СОИРО примет решение, придёт уведомление.',
    );
  });

  await newPracticePages(app, { services, head });
};

const PRACTICE_VOCABULARY_SET = new Set<string>(PRACTICE_VOCABULARIES);
