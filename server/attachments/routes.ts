import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { access, PUBLIC_READ } from '../access/routes.js';
import { z } from 'zod';
import { requireRole } from '../auth/plugin.js';
import type { Config } from '../config.js';
import { AppError, errorBody } from '../errors.js';
import { errorResponses, idParam } from '../shared/http.js';
import { plainLine } from '../shared/schemas.js';
import { contentDisposition } from './names.js';
import type { AttachmentService } from './service.js';
import type { BlobStore } from './storage.js';

const attachmentSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(['file', 'link']),
    name: z.string(),
    size: z.number().int(),
    contentType: z.string().nullable(),
    url: z.string().meta({ description: 'Адрес для скачивания или внешняя ссылка' }),
    provider: z.string().nullable(),
    textStatus: z.string().meta({ description: 'pending, done, failed (текст не извлечён, файл сохранён) или none' }),
    previewUrl: z.string().nullable(),
    downloads: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'Attachment' });

/** If-None-Match compares weakly: a list of tags, `W/` tags and `*` all count. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/** One `bytes=` range of a file of `size` bytes: undefined to serve it whole, 'unsatisfiable' for 416. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return undefined; // several ranges or nonsense: the whole file
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export interface AttachmentRoutesOptions {
  attachments: AttachmentService;
  store: BlobStore;
  limits: Config['attachments'];
}

/** Authoring: people with the author role; no token authors. */
const authorsOnly = access(['author']);

export const attachmentRoutes: FastifyPluginAsyncZod<AttachmentRoutesOptions> = async (
  app,
  { attachments, store, limits },
) => {
  const tags = ['Вложения'];

  app.post(
    '/practices/:id/attachments',
    {
      config: authorsOnly,
      schema: {
        tags,
        summary: 'Прикрепить файлы (multipart/form-data, одно или несколько полей file)',
        description: `До ${Math.round(limits.maxFileBytes / 1048576)} МБ на файл, до ${limits.maxFiles} файлов и ${Math.round(limits.maxPracticeBytes / 1048576)} МБ на практику. Тип проверяется по содержимому.`,
        consumes: ['multipart/form-data'],
        params: idParam,
        response: {
          201: z.object({ items: z.array(attachmentSchema) }),
          ...errorResponses(400, 401, 403, 404, 409, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, 'author');
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Нужен multipart/form-data');
      const files = request.files({
        limits: {
          fileSize: limits.maxFileBytes,
          files: limits.maxFiles,
          fields: 5,
          fieldSize: 1024,
          parts: limits.maxFiles + 5,
          headerPairs: 100,
        },
      });
      const items = await attachments.upload(user, request.params.id, files);
      return reply.code(201).send({ items });
    },
  );

  app.post(
    '/practices/:id/links',
    {
      config: authorsOnly,
      schema: {
        tags,
        summary: 'Прикрепить ссылку на видео (RuTube, VK Видео, YouTube)',
        params: idParam,
        body: z.strictObject({ url: z.string().max(2000), title: plainLine(180, 1).optional() }),
        response: { 201: attachmentSchema, ...errorResponses(400, 401, 403, 404, 409, 413) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          attachments.addLink(requireRole(request, 'author'), request.params.id, request.body.url, request.body.title),
        ),
  );

  app.get(
    '/practices/:id/attachments',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Вложения видимой вам версии практики',
        params: idParam,
        response: { 200: z.object({ items: z.array(attachmentSchema) }), ...errorResponses(400, 404) },
      },
    },
    async (request) => ({ items: attachments.list(request.principal, request.params.id) }),
  );

  /** Serves a file: the same for GET and HEAD, except that HEAD never opens the file. */
  async function serve(id: number, request: FastifyRequest, reply: FastifyReply, head: boolean) {
    const { row, inline, published } = attachments.forDownload(request.principal, id);
    if (!(await store.has(row.sha256!))) {
      request.log.error({ attachment: row.id }, 'stored file is missing');
      throw new AppError('INTERNAL_ERROR');
    }
    const etag = `"${row.sha256}"`;
    reply
      .header('etag', etag)
      .header('accept-ranges', 'bytes')
      .header('content-disposition', contentDisposition(row.name, inline))
      // Revalidated every time (a 304 is cheap): a withdrawn practice's files must not linger in shared caches.
      .header('cache-control', published ? 'public, no-cache' : 'private, no-cache')
      .type(row.mime ?? 'application/octet-stream');
    // Whatever a file holds, it never runs as part of the bank's pages; browsers' own PDF viewers refuse to
    // work in a sandbox, so PDFs only get nosniff.
    if (row.mime === 'application/pdf') reply.removeHeader('content-security-policy');
    else reply.header('content-security-policy', "default-src 'none'; sandbox");
    if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
    const ifRange = request.headers['if-range'];
    const range = ifRange !== undefined && ifRange !== etag ? undefined : parseRange(request.headers.range, row.size);
    if (range === 'unsatisfiable') {
      return reply
        .code(416)
        .header('content-range', `bytes */${row.size}`)
        .type('application/json; charset=utf-8')
        .send(errorBody('RANGE_NOT_SATISFIABLE'));
    }
    if (!head && published && (!range || range.start === 0)) attachments.countDownload(row.id);
    const length = range ? range.end - range.start + 1 : row.size;
    if (range) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${row.size}`);
    reply.header('content-length', length);
    if (head) return reply.send();
    return reply.send(store.read(row.sha256!, range));
  }

  app.head(
    '/attachments/:id',
    { config: PUBLIC_READ, schema: { tags, summary: 'Заголовки файла без содержимого', params: idParam } },
    async (request, reply) => serve(request.params.id, request, reply, true),
  );
  app.get(
    '/attachments/:id',
    {
      config: PUBLIC_READ,
      exposeHeadRoute: false,
      schema: { tags, summary: 'Скачать файл (поддерживает Range и If-Range)', params: idParam },
    },
    async (request, reply) => serve(request.params.id, request, reply, false),
  );

  app.get(
    '/attachments/:id/preview',
    {
      config: PUBLIC_READ,
      schema: { tags, summary: 'Превью: уменьшенное изображение или первая страница PDF (WebP)', params: idParam },
    },
    async (request, reply) => {
      const { row } = attachments.forDownload(request.principal, request.params.id);
      if (row.previewStatus === 'pending') throw new AppError('PREVIEW_NOT_READY');
      if (row.previewStatus !== 'done' || !row.previewSha) throw new AppError('PREVIEW_NOT_AVAILABLE');
      return reply
        .type('image/webp')
        .header('cache-control', 'private, max-age=3600')
        .header('etag', `"${row.previewSha}"`)
        .send(store.read(row.previewSha));
    },
  );

  app.delete(
    '/attachments/:id',
    {
      config: authorsOnly,
      schema: {
        tags,
        summary: 'Открепить файл или ссылку (пока практика редактируется)',
        params: idParam,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      attachments.remove(requireRole(request, 'author'), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
