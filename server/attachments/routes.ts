import path from 'node:path';
import type {} from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, owned, PUBLIC_READ } from '../access/routes.js';
import { requireRole } from '../auth/plugin.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { errorResponses, idParam } from '../shared/http.js';
import { plainLine } from '../shared/schemas.js';
import { contentDisposition } from './names.js';
import type { AttachmentService } from './service.js';
import type { BlobStore } from './storage.js';
import { visitorOf } from '../stats/visits.js';

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

/**
 * The multipart parser's limits for an upload. One file more than a practice may hold reaches the service, so a
 * request with too many files is refused in the service's words («не больше N файлов»), not the parser's.
 */
export const uploadLimits = (limits: Config['attachments']) => ({
  limits: {
    fileSize: limits.maxFileBytes,
    files: limits.maxFiles + 1,
    fields: 5,
    fieldSize: 1024,
    parts: limits.maxFiles + 6,
    headerPairs: 100,
  },
});

/** Authoring: people with the author role; no token authors. */
const authorsOnly = access(['author']);

/**
 * A PDF opens in the browser's viewer (an embedded object styled inline, drawing to data:/blob: images) but nothing
 * in it may run script, load from elsewhere, post a form or be framed by another site.
 */
export const PDF_POLICY =
  "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; img-src 'self' data: blob:; " +
  "script-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

const RANGE_SPEC = String.raw`(?:\d+-\d*|-\d+)`;
export const WELL_FORMED_RANGE = new RegExp(String.raw`^bytes=\s*${RANGE_SPEC}(?:\s*,\s*${RANGE_SPEC})*\s*$`);

/** If-None-Match compares weakly: a list of tags, `W/` tags and `*` all count. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

export interface AttachmentRoutesOptions {
  attachments: AttachmentService;
  store: BlobStore;
  limits: Config['attachments'];
}

export const attachmentRoutes: FastifyPluginAsyncZod<AttachmentRoutesOptions> = async (
  app,
  { attachments, store, limits },
) => {
  const tags = ['Вложения'];

  app.post(
    '/practices/:id/attachments',
    {
      config: owned(authorsOnly, 'practice', { file: true }),
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
      const files = request.files(uploadLimits(limits));
      const items = await attachments.upload(user, request.params.id, files);
      return reply.code(201).send({ items });
    },
  );

  app.post(
    '/practices/:id/links',
    {
      config: owned(authorsOnly, 'practice', { body: { url: 'https://rutube.ru/video/abcdef0123456789/' } }),
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
      config: owned(PUBLIC_READ, 'practice'),
      schema: {
        tags,
        summary: 'Вложения видимой вам версии практики',
        params: idParam,
        response: { 200: z.object({ items: z.array(attachmentSchema) }), ...errorResponses(400, 404) },
      },
    },
    async (request) => ({ items: attachments.list(request.principal, request.params.id) }),
  );

  // `@fastify/static` serves the bytes (Range, 206/416, Content-Length, HEAD without opening the file). Its own
  // ETag is a weak size-mtime tag; ours is the strong content hash, so If-None-Match and If-Range are decided
  // here, before the file is handed over. Another plugin may have decorated the reply already (static assets).
  if (!app.hasReplyDecorator('sendFile')) await app.register(fastifyStatic, { serve: false });

  app.get(
    '/attachments/:id',
    {
      config: owned(PUBLIC_READ, 'attachment'),
      schema: {
        tags,
        summary: 'Скачать файл (HEAD — только заголовки; поддерживает Range и If-Range)',
        params: idParam,
      },
    },
    async (request, reply) => {
      const { row, inline, published } = attachments.forDownload(request.principal, request.params.id);
      if (!(await store.has(row.sha256!))) {
        request.log.error({ attachment: row.id }, 'stored file is missing');
        throw new AppError('INTERNAL_ERROR');
      }
      const etag = `"${row.sha256}"`;
      reply
        .header('etag', etag)
        .header('content-disposition', contentDisposition(row.name, inline))
        // Revalidated every time (a 304 is cheap): a withdrawn practice's files must not linger in shared caches.
        .header('cache-control', published ? 'public, no-cache' : 'private, no-cache')
        .type(row.mime ?? 'application/octet-stream');
      // Whatever a file holds, it never runs as part of the bank's pages. Browsers' own PDF viewers refuse to work
      // in a sandbox and need inline styles and an embedded object, so PDFs get a policy without scripts instead.
      reply.header(
        'content-security-policy',
        row.mime === 'application/pdf' ? PDF_POLICY : "default-src 'none'; sandbox",
      );
      if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
      const headers = request.raw.headers;
      // A range asked "if the file is still this one": for another file the whole of it is sent; for this one the
      // range stands, and the condition (already met) is not passed on to be compared with the library's tag.
      const ifRange = headers['if-range'];
      if (ifRange !== undefined) {
        if (ifRange !== etag) delete headers.range;
        delete headers['if-range'];
      }
      // RFC 9110 says a malformed Range (`bytes=-`) is ignored; the library would answer 416.
      if (headers.range !== undefined && !WELL_FORMED_RANGE.test(headers.range)) delete headers.range;
      for (const condition of ['if-none-match', 'if-match', 'if-modified-since', 'if-unmodified-since'])
        delete headers[condition];
      // A download is counted once, by the request that starts at the first byte.
      if (request.method === 'GET' && published && !/^bytes=[1-9-]/.test(headers.range?.trim() ?? ''))
        attachments.countDownload(row.id, visitorOf(request));
      return reply.sendFile(path.relative(store.filesDir, store.pathOf(row.sha256!)), store.filesDir, {
        etag: false,
        lastModified: false,
        cacheControl: false,
        contentType: false,
        acceptRanges: true,
      });
    },
  );

  app.get(
    '/attachments/:id/preview',
    {
      config: owned(PUBLIC_READ, 'attachment'),
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
      config: owned(authorsOnly, 'attachment'),
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
