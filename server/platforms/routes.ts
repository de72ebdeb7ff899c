/** `/api/v1/platforms`: the registry of innovation platforms for programs; upkeep by moderators and admins. */
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { access, PUBLIC_READ } from '../access/routes.js';
import { etagMatches, PDF_POLICY, WELL_FORMED_RANGE } from '../attachments/routes.js';
import { contentDisposition } from '../attachments/names.js';
import type { BlobStore } from '../attachments/storage.js';
import { requireUser } from '../auth/plugin.js';
import { AppError } from '../errors.js';
import { errorResponses, idParam } from '../shared/http.js';
import type { PlatformFiles } from './files.js';
import { newPlatformBody, platformList, platformPatchBody, platformQuery, platformSchema } from './schemas.js';
import type { PlatformService } from './service.js';

/** Moderators and admins keep the registry; people only, no token writes it. */
export const PLATFORM_KEEPERS = access(
  ['moderator', 'admin'],
  [],
  'Реестр инновационных площадок ведут модераторы и администраторы',
);

export const platformRoutes: FastifyPluginAsyncZod<{
  platforms: PlatformService;
  files: PlatformFiles;
  store: BlobStore;
}> = async (app, { platforms, files, store }) => {
  const tags = ['Инновационные площадки'];

  app.get(
    '/platforms',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Реестр инновационных площадок: фильтры по уровню, статусу, муниципалитету и словам темы',
        querystring: platformQuery,
        response: { 200: platformList, ...errorResponses(400) },
      },
    },
    async (request) => platforms.list(request.query),
  );

  app.get(
    '/platforms/:id',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Инновационная площадка: приказ, период, статус, практики и отчёты',
        params: idParam,
        response: { 200: platformSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => platforms.get(request.params.id),
  );

  app.post(
    '/platforms',
    {
      config: PLATFORM_KEEPERS,
      schema: {
        tags,
        summary: 'Добавить площадку в реестр (модераторы и администраторы)',
        body: newPlatformBody,
        response: { 201: platformSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      return reply.code(201).send(platforms.create({ userId: user.id, name: user.fullName }, request.body));
    },
  );

  app.patch(
    '/platforms/:id',
    {
      config: PLATFORM_KEEPERS,
      schema: {
        tags,
        summary: 'Изменить площадку, её статус и список практик (модераторы и администраторы)',
        description: 'addPractices и removePractices — номера опубликованных практик в реестре (67-ГГГГ-NNNN).',
        params: idParam,
        body: platformPatchBody,
        response: { 200: platformSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return platforms.update({ userId: user.id, name: user.fullName }, request.params.id, request.body);
    },
  );

  if (!app.hasReplyDecorator('sendFile')) await app.register(fastifyStatic, { serve: false });

  app.get(
    '/platform-files/:id',
    {
      config: PUBLIC_READ,
      schema: { tags, summary: 'Скачать приказ или отчёт площадки (поддерживает Range)', params: idParam },
    },
    async (request, reply) => {
      const { row, inline } = files.forDownload(request.params.id);
      if (!(await store.has(row.sha256))) {
        request.log.error({ platformFile: row.id }, 'stored file is missing');
        throw new AppError('INTERNAL_ERROR');
      }
      const etag = `"${row.sha256}"`;
      reply
        .header('etag', etag)
        .header('content-disposition', contentDisposition(row.name, inline))
        .header('cache-control', 'public, no-cache')
        // As for attachments: whatever a file holds, it never runs as part of the bank's pages.
        .header('content-security-policy', row.mime === 'application/pdf' ? PDF_POLICY : "default-src 'none'; sandbox")
        .type(row.mime);
      if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
      const headers = request.raw.headers;
      const ifRange = headers['if-range'];
      if (ifRange !== undefined) {
        if (ifRange !== etag) delete headers.range;
        delete headers['if-range'];
      }
      if (headers.range !== undefined && !WELL_FORMED_RANGE.test(headers.range)) delete headers.range;
      for (const condition of ['if-none-match', 'if-match', 'if-modified-since', 'if-unmodified-since'])
        delete headers[condition];
      return reply.sendFile(path.relative(store.filesDir, store.pathOf(row.sha256)), store.filesDir, {
        etag: false,
        lastModified: false,
        cacheControl: false,
        contentType: false,
        acceptRanges: true,
      });
    },
  );
};
