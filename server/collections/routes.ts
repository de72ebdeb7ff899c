/**
 * The collections API: everyone (and every token) reads published collections; curators and moderators — people,
 * not integrations — make, change, fill, reorder and publish them. A draft is 404 to everybody else.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, PUBLIC_READ } from '../access/routes.js';
import { contentDisposition } from '../attachments/names.js';
import type { ExportFile, ExportService } from '../exports/service.js';
import { EXPORT_FORMATS } from '../exports/service.js';
import { errorResponses, okSchema } from '../shared/http.js';
import {
  addItemBody,
  collectionBody,
  collectionSchema,
  collectionSummary,
  itemParams,
  listQuery,
  noteBody,
  orderBody,
  slugParam,
  updateBody,
} from './schemas.js';
import type { CollectionService } from './service.js';
import { collectionOf, summaryOf } from './views.js';

const tags = ['Подборки'];

/** Who keeps collections: curators and moderators, with their session only. */
export const KEEPERS = access(['curator', 'moderator'], [], 'Подборки ведут кураторы и модераторы');

const format = z.enum(EXPORT_FORMATS, { error: 'Формат выгрузки: xlsx (Excel) или csv' }).default('xlsx');

const send = (reply: FastifyReply, file: ExportFile) =>
  reply
    .type(file.contentType)
    .header('content-disposition', contentDisposition(file.fileName, false))
    .header('cache-control', 'no-store')
    .send(file.body);

export const collectionRoutes: FastifyPluginAsyncZod<{
  collections: CollectionService;
  exports: ExportService;
}> = async (app, { collections, exports }) => {
  /** The collection a keeper's write names, by its address (a draft too). */
  const idOf = (principal: Parameters<CollectionService['get']>[0], slug: string) =>
    collections.get(principal, { slug }).collection.id;
  const current = (principal: Parameters<CollectionService['get']>[0], slug: string) => {
    const { collection, items } = collections.get(principal, { slug });
    return collectionOf(collection, items);
  };

  app.get(
    '/collections',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Опубликованные подборки, сначала новые',
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(collectionSummary) }), ...errorResponses(400) },
      },
    },
    async (request) => ({ items: collections.list(request.query).map(summaryOf) }),
  );

  app.get(
    '/collections/:slug',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Подборка с практиками в её порядке',
        description: 'Черновик видят только кураторы и модераторы; остальным он — 404.',
        params: slugParam,
        response: { 200: collectionSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => current(request.principal, request.params.slug),
  );

  app.get(
    '/collections/:slug/export',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Выгрузка подборки в XLSX или CSV (столбцы — как у выгрузки поиска, порядок — подборки)',
        params: slugParam,
        querystring: z.object({ format }),
        response: errorResponses(400, 404),
      },
    },
    async (request, reply) =>
      send(
        reply,
        await exports.open({ kind: 'collection', slug: request.params.slug }, request.query.format, request.log),
      ),
  );

  app.post(
    '/collections',
    {
      config: KEEPERS,
      schema: {
        tags,
        summary: 'Создать подборку (черновик)',
        body: collectionBody,
        response: { 201: collectionSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const row = collections.create(request.principal, request.body);
      return reply.code(201).send(current(request.principal, row.slug));
    },
  );

  app.put(
    '/collections/:slug',
    {
      config: KEEPERS,
      schema: {
        tags,
        summary: 'Изменить подборку, опубликовать её или вернуть в черновики',
        params: slugParam,
        body: updateBody,
        response: { 200: collectionSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { published, ...fields } = request.body;
      const id = idOf(request.principal, request.params.slug);
      collections.update(request.principal, id, fields);
      if (published !== undefined) collections.setPublished(request.principal, id, published);
      return current(request.principal, request.params.slug);
    },
  );

  app.post(
    '/collections/:slug/items',
    {
      config: KEEPERS,
      schema: {
        tags,
        summary: 'Добавить опубликованную практику по номеру в реестре (в конец подборки)',
        params: slugParam,
        body: addItemBody,
        response: { 201: collectionSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const id = idOf(request.principal, request.params.slug);
      collections.addByNumber(request.principal, id, request.body.number, request.body.note);
      return reply.code(201).send(current(request.principal, request.params.slug));
    },
  );

  app.put(
    '/collections/:slug/order',
    {
      config: KEEPERS,
      schema: {
        tags,
        summary: 'Задать порядок практик подборки',
        params: slugParam,
        body: orderBody,
        response: { 200: collectionSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      collections.reorder(request.principal, idOf(request.principal, request.params.slug), request.body.practiceIds);
      return current(request.principal, request.params.slug);
    },
  );

  app.put(
    '/collections/:slug/items/:practiceId',
    {
      config: KEEPERS,
      schema: {
        tags,
        summary: 'Изменить примечание к практике в подборке',
        params: itemParams,
        body: noteBody,
        response: { 200: collectionSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { slug, practiceId } = request.params;
      collections.setNote(request.principal, idOf(request.principal, slug), practiceId, request.body.note);
      return current(request.principal, slug);
    },
  );

  app.delete(
    '/collections/:slug/items/:practiceId',
    {
      config: KEEPERS,
      schema: {
        tags,
        summary: 'Убрать практику из подборки',
        params: itemParams,
        response: { 200: okSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { slug, practiceId } = request.params;
      collections.remove(request.principal, idOf(request.principal, slug), practiceId);
      return { ok: true as const };
    },
  );
};
