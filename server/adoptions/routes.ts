/** The adoptions API: report, a practice's confirmed list, the moderators' queue, decisions, withdrawal. */
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { extensionOf } from '../attachments/names.js';
import { contentDisposition } from '../attachments/names.js';
import type { ReceivedFile } from '../attachments/receive.js';
import { etagMatches, PDF_POLICY, WELL_FORMED_RANGE } from '../attachments/routes.js';
import type { BlobStore } from '../attachments/storage.js';
import { FILE_KINDS } from '../attachments/types.js';
import type { Config } from '../config.js';
import { AppError, validationError } from '../errors.js';
import { access, PUBLIC_READ } from '../access/routes.js';
import { requireUser } from '../auth/plugin.js';
import { errorResponses, idParam } from '../shared/http.js';
import {
  adoptionQueueQuery,
  adoptionQueueSchema,
  adoptionReportSchema,
  decisionBody,
  practiceAdoptionsSchema,
  reportBody,
} from './schemas.js';
import type { AdoptionService } from './service.js';
import { readMultipartReport } from './upload.js';

/**
 * Unconfirmed reports are for moderators (and each reporter's own, through `/adoptions/:id`); administrators hold
 * every staff power at the gate, so they are declared too and may decide as well.
 */
export const ADOPTION_MODERATORS = access(['moderator', 'admin'], [], 'Сообщения о внедрении подтверждают модераторы');
const REPORTERS = access('signed-in');

export interface AdoptionRoutesOptions {
  adoptions: AdoptionService;
  /** The attachments' store and limits: a report's file is kept and checked like an attachment. */
  store: BlobStore;
  limits: Config['attachments'];
}

export const adoptionRoutes: FastifyPluginAsyncZod<AdoptionRoutesOptions> = async (
  app,
  { adoptions, store, limits },
) => {
  const tags = ['Внедрения'];

  // A multipart report's file waits in the store's temporary area from `preValidation` until the service keeps it;
  // if the fields are refused first, it is discarded when the answer is sent.
  const waiting = new WeakMap<FastifyRequest, ReceivedFile>();

  app.post(
    '/practices/:id/adoptions',
    {
      config: REPORTERS,
      schema: {
        tags,
        summary: 'Сообщить, что ваша организация внедрила опубликованную практику',
        description:
          'Сообщение ждёт модератора; до подтверждения его видят только сообщивший и модераторы. JSON или ' +
          'multipart/form-data с теми же полями и, по желанию, одним файлом в поле file: PDF, DOCX, ODT, XLSX, JPG, ' +
          `PNG или WebP до ${Math.round(limits.maxFileBytes / 1048576)} МБ (тип проверяется по содержимому).`,
        consumes: ['application/json', 'multipart/form-data'],
        params: idParam,
        body: reportBody,
        response: { 201: adoptionReportSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      preValidation: async (request) => {
        if (!request.isMultipart()) return;
        const { fields, file, fileError } = await readMultipartReport(request, store, limits);
        if (fileError) throw validationError([{ field: 'file', message: fileError }]);
        if (file) waiting.set(request, file);
        // Checked by the route's body schema right after this hook, as a JSON body is.
        request.body = fields as never;
      },
      onResponse: async (request) => {
        const file = waiting.get(request);
        if (file) await store.discard([file.temp]);
      },
    },
    async (request, reply) => {
      const file = waiting.get(request);
      waiting.delete(request);
      return reply.code(201).send(await adoptions.report(requireUser(request), request.params.id, request.body, file));
    },
  );

  if (!app.hasReplyDecorator('sendFile')) await app.register(fastifyStatic, { serve: false });

  app.get(
    '/adoptions/:id/file',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Скачать файл сообщения о внедрении (подтверждённого — всем, до того — сообщившему и модераторам)',
        params: idParam,
      },
    },
    async (request, reply) => {
      const file = adoptions.fileFor(request.principal, request.params.id);
      if (!(await store.has(file.sha256))) {
        request.log.error({ adoption: request.params.id }, 'stored file is missing');
        throw new AppError('INTERNAL_ERROR');
      }
      reply
        .header('etag', `"${file.sha256}"`)
        .header(
          'content-disposition',
          contentDisposition(file.name, FILE_KINDS[extensionOf(file.name)]?.inline ?? false),
        )
        .header('cache-control', file.public ? 'public, no-cache' : 'private, no-cache')
        // As for attachments: whatever a file holds, it never runs as part of the bank's pages.
        .header('content-security-policy', file.mime === 'application/pdf' ? PDF_POLICY : "default-src 'none'; sandbox")
        .type(file.mime);
      if (etagMatches(request.headers['if-none-match'], `"${file.sha256}"`)) return reply.code(304).send();
      for (const condition of ['if-none-match', 'if-match', 'if-modified-since', 'if-unmodified-since', 'if-range'])
        delete request.raw.headers[condition];
      if (request.raw.headers.range !== undefined && !WELL_FORMED_RANGE.test(request.raw.headers.range))
        delete request.raw.headers.range;
      return reply.sendFile(path.relative(store.filesDir, store.pathOf(file.sha256)), store.filesDir, {
        etag: false,
        lastModified: false,
        cacheControl: false,
        contentType: false,
        acceptRanges: true,
      });
    },
  );

  app.get(
    '/practices/:id/adoptions',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Подтверждённые внедрения опубликованной практики',
        params: idParam,
        response: { 200: practiceAdoptionsSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => adoptions.publicOf(request.params.id),
  );

  app.get(
    '/adoptions/mine',
    {
      config: REPORTERS,
      schema: {
        tags,
        summary: 'Мои сообщения о внедрении во всех состояниях',
        response: { 200: adoptionQueueSchema, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const items = adoptions.mine(requireUser(request).id);
      return { items, total: items.length };
    },
  );

  app.get(
    '/adoptions/queue',
    {
      config: ADOPTION_MODERATORS,
      schema: {
        tags,
        summary: 'Очередь сообщений о внедрении, старые первыми',
        querystring: adoptionQueueQuery,
        response: { 200: adoptionQueueSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => adoptions.queue(request.query.page),
  );

  app.get(
    '/adoptions/:id',
    {
      config: REPORTERS,
      schema: {
        tags,
        summary: 'Одно сообщение о внедрении: сообщившему и модераторам',
        params: idParam,
        response: { 200: adoptionReportSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => adoptions.get(requireUser(request), request.params.id),
  );

  app.post(
    '/adoptions/:id/decision',
    {
      config: ADOPTION_MODERATORS,
      schema: {
        tags,
        summary: 'Подтвердить или отклонить сообщение о внедрении (отклонение — с причиной)',
        params: idParam,
        body: decisionBody,
        response: { 200: adoptionReportSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      adoptions.decide(requireUser(request), request.params.id, request.body.action, request.body.reason),
  );

  app.post(
    '/adoptions/:id/withdrawal',
    {
      config: REPORTERS,
      schema: {
        tags,
        summary: 'Отозвать своё сообщение о внедрении (ждущее или подтверждённое)',
        params: idParam,
        response: { 200: adoptionReportSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => adoptions.withdraw(requireUser(request), request.params.id),
  );
};
