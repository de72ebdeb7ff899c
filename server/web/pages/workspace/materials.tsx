/**
 * A practice's materials (/my/practices/:id/materials): its files and video links. Files are uploaded by the
 * attachment service, the same one behind the API: with JavaScript, uploads.js sends them to the API with
 * progress; without it the form posts them here and gets a 303 back. Refusals are the API's own words.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tooManyFilesMessage } from '../../../attachments/messages.js';
import { uploadLimits } from '../../../attachments/routes.js';
import { requireRole } from '../../../auth/plugin.js';
import { AppError } from '../../../errors.js';
import { idParam } from '../../../shared/http.js';
import { plainLine } from '../../../shared/schemas.js';
import { Button, ButtonLink, PostForm } from '../../components/forms.js';
import { Notice } from '../../components/content.js';
import { formFields, parseForm, redirectWithNotice, type FormErrors, type FormFields } from '../../forms.js';
import { sendPage } from '../../render.js';
import type { WebRoutesOptions } from '../../routes.js';
import { authorsPractice } from './my-access.js';
import { owned } from '../../../access/routes.js';
import { authorsOnly, ownPractice, workspaceStyles } from './my.js';
import { ADD_LINK, DELETE, FileList, MATERIALS, UPLOAD, UploadForm, VideoLinks } from './materials-parts.js';
import { WORKSPACE } from './paths.js';
import { PracticeTabs } from './tabs.js';

/** The refusals of an upload that the page shows beside the form (the rest are error pages). */
const UPLOAD_REFUSALS = new Set([
  'VALIDATION_FAILED',
  'UNSUPPORTED_MEDIA_TYPE',
  'FILE_TOO_LARGE',
  'TOO_MANY_FILES',
  'ATTACHMENT_QUOTA_EXCEEDED',
  'PRACTICE_NOT_EDITABLE',
]);

const linkForm = z.object({
  url: z.string().trim().min(1, 'Вставьте ссылку на видео').max(2000, 'Ссылка длиннее 2000 символов'),
  title: plainLine(180, 1, 'Напишите название видео'),
});

const attachmentQuery = z.object({ attachment: z.coerce.number().int().positive() });

interface PageState {
  uploadError?: string;
  linkErrors?: FormErrors;
  linkValues?: FormFields;
}

export const materialsPages: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, { db, services, config }) => {
  const { attachments } = services;
  const limits = config.attachments;

  function render(request: FastifyRequest, reply: FastifyReply, id: number, state: PageState = {}, status = 200) {
    const user = requireRole(request, 'author');
    const { details, editable, lockedReason } = authorsPractice(db, user, id);
    const all = attachments.list(user, id);
    const files = all.filter((a) => a.kind === 'file');
    const links = all.filter((a) => a.kind === 'link');
    const used = { files: all.length, bytes: all.reduce((sum, a) => sum + a.size, 0) };
    const csrf = app.formToken(request, reply);
    return sendPage(
      request,
      reply,
      {
        title: `${state.uploadError || state.linkErrors ? 'Ошибка: ' : ''}Материалы — ${details.version.title}`,
        head: workspaceStyles,
        scripts: editable ? ['uploads.js'] : [],
      },
      <div class="workspace-page">
        <p class="meta">
          <a href={WORKSPACE.my}>Мои практики</a>
        </p>
        <h1>{details.version.title}</h1>
        <PracticeTabs id={id} current="materials" />
        {lockedReason ? <Notice kind="warning">{lockedReason}</Notice> : null}
        {editable ? (
          <UploadForm
            id={id}
            csrf={csrf}
            limits={limits}
            used={used}
            apiUrl={`/api/v1/practices/${id}/attachments`}
            error={state.uploadError}
          />
        ) : null}
        <FileList id={id} files={files} editable={editable} />
        <VideoLinks
          id={id}
          csrf={csrf}
          links={links}
          editable={editable}
          full={used.files >= limits.maxFiles}
          errors={state.linkErrors}
          values={state.linkValues}
        />
      </div>,
      status,
    );
  }

  app.get(MATERIALS.pattern, { config: ownPractice, schema: { hide: true, params: idParam } }, async (request, reply) =>
    render(request, reply, request.params.id),
  );

  app.post(UPLOAD.pattern, { config: ownPractice, schema: { hide: true, params: idParam } }, async (request, reply) => {
    const user = requireRole(request, 'author');
    const id = request.params.id;
    authorsPractice(db, user, id); // a stranger learns nothing from the upload's refusals
    try {
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Нужен multipart/form-data');
      const saved = await attachments.upload(user, id, request.files(uploadLimits(limits)));
      return redirectWithNotice(
        reply,
        WORKSPACE.materials(id),
        `Загружено: ${saved.map((a) => `«${a.name}»`).join(', ')}`,
      );
    } catch (error) {
      const message = refusalOf(error);
      if (message === undefined) throw error;
      return render(request, reply, id, { uploadError: message.text }, message.status);
    }
  });

  app.post(
    ADD_LINK.pattern,
    { config: ownPractice, schema: { hide: true, params: idParam } },
    async (request, reply) => {
      const user = requireRole(request, 'author');
      const id = request.params.id;
      authorsPractice(db, user, id);
      const parsed = parseForm(linkForm, request.body);
      if (!parsed.ok) return render(request, reply, id, { linkErrors: parsed.errors, linkValues: parsed.values }, 400);
      try {
        attachments.addLink(user, id, parsed.data.url, parsed.data.title);
      } catch (error) {
        const refusal = refusalOf(error);
        if (refusal === undefined) throw error;
        const field = error instanceof AppError && error.code === 'VALIDATION_FAILED' ? 'url' : '_form';
        return render(
          request,
          reply,
          id,
          { linkErrors: { [field]: refusal.text }, linkValues: formFields(request.body) },
          refusal.status,
        );
      }
      return redirectWithNotice(reply, WORKSPACE.materials(id), `Видео «${parsed.data.title}» добавлено`);
    },
  );

  // Deleting asks first, on a page of its own: it works without JavaScript and a slip of the finger costs nothing.
  app.get(
    DELETE.pattern,
    {
      config: owned(authorsOnly, 'practice', { query: { attachment: 1 } }),
      schema: { hide: true, params: idParam, querystring: attachmentQuery },
    },
    async (request, reply) => {
      const user = requireRole(request, 'author');
      const id = request.params.id;
      const { editable, lockedReason, details } = authorsPractice(db, user, id);
      if (!editable) throw new AppError('PRACTICE_NOT_EDITABLE', lockedReason ?? undefined);
      const item = attachments.list(user, id).find((a) => a.id === request.query.attachment);
      if (!item) throw new AppError('ATTACHMENT_NOT_FOUND');
      return sendPage(
        request,
        reply,
        { title: `Удалить «${item.name}»?`, head: workspaceStyles },
        <div class="workspace-page">
          <h1>Удалить «{item.name}»?</h1>
          <p>
            {item.kind === 'file' ? 'Файл' : 'Ссылка на видео'} уйдёт из материалов практики «{details.version.title}
            ». Вернуть его можно, только загрузив заново.
          </p>
          <PostForm action={DELETE.at(id)} csrf={app.formToken(request, reply)} class="inline-form">
            <input type="hidden" name="attachment" value={String(item.id)} />
            <Button variant="warning">Да, удалить</Button>{' '}
            <ButtonLink href={WORKSPACE.materials(id)} variant="secondary">
              Оставить
            </ButtonLink>
          </PostForm>
        </div>,
      );
    },
  );

  app.post(DELETE.pattern, { config: ownPractice, schema: { hide: true, params: idParam } }, async (request, reply) => {
    const user = requireRole(request, 'author');
    const id = request.params.id;
    authorsPractice(db, user, id);
    const parsed = attachmentQuery.safeParse(formFields(request.body));
    if (!parsed.success) throw new AppError('BAD_REQUEST', 'Не указано, что удалить');
    const item = attachments.list(user, id).find((a) => a.id === parsed.data.attachment);
    if (!item) throw new AppError('ATTACHMENT_NOT_FOUND');
    attachments.remove(user, item.id);
    return redirectWithNotice(reply, WORKSPACE.materials(id), `«${item.name}» удалён из материалов`);
  });

  /** The words and status of an upload refusal the page shows beside its form; undefined for anything else. */
  function refusalOf(error: unknown): { text: string; status: number } | undefined {
    if (error instanceof AppError) {
      if (!UPLOAD_REFUSALS.has(error.code)) return undefined;
      return { text: error.details?.[0]?.message ?? error.message, status: error.statusCode };
    }
    // Limits the multipart parser enforces itself, in the service's words.
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT')
      return { text: tooManyFilesMessage(limits), status: 413 };
    return undefined;
  }
};
