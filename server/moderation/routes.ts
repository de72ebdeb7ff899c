import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, MODERATE_SCOPES, owned, READ_SCOPES } from '../access/routes.js';
import { requirePrincipal } from '../auth/plugin.js';
import { practiceSchema, ifMatchHeaders } from '../practices/schemas.js';
import { errorResponses, idParam } from '../shared/http.js';
import {
  changesSchema,
  deskSchema,
  queueQuery,
  queueSchema,
  reviewBody,
  reviewSchema,
  transitionBody,
} from './schemas.js';
import type { ModerationService } from './service.js';

/** Authors and moderators act; who may take which action is the transition table's (`transitions.ts`). */
const actors = access('signed-in', MODERATE_SCOPES);
/** Reviews and changes: their readers are decided per practice by the access policy. */
const workflowReaders = access('anyone', READ_SCOPES);

export const moderationRoutes: FastifyPluginAsyncZod<{ moderation: ModerationService }> = async (
  app,
  { moderation },
) => {
  const tags = ['Модерация'];

  app.post(
    '/practices/:id/transitions',
    {
      config: owned(actors, 'practice', { body: { action: 'submit' } }),
      schema: {
        tags,
        summary: 'Перевести практику в другое состояние (нужен If-Match)',
        description:
          'submit — автор отправляет черновик или доработку; claim/release — модератор берёт или возвращает в очередь; approve, request_changes, reject — решение взявшего модератора; withdraw — снять с публикации (с причиной); new_version — автор начинает новую версию опубликованной практики.',
        params: idParam,
        headers: ifMatchHeaders,
        body: transitionBody,
        response: { 200: practiceSchema, ...errorResponses(400, 401, 403, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      const { practice, etag } = moderation.transition(
        requirePrincipal(request),
        request.params.id,
        request.body.action,
        {
          comment: request.body.comment,
          ifMatch: request.headers['if-match'],
        },
      );
      reply.header('etag', etag);
      return practice;
    },
  );

  app.post(
    '/practices/:id/reviews',
    {
      config: actors,
      schema: {
        tags,
        summary: 'Рецензия по критериям с решением (нужен If-Match)',
        params: idParam,
        headers: ifMatchHeaders,
        body: reviewBody,
        response: {
          201: z.object({ review: reviewSchema, practice: practiceSchema }),
          ...errorResponses(400, 401, 403, 404, 409, 412, 428),
        },
      },
    },
    async (request, reply) => {
      const { review, practice, etag } = moderation.review(
        requirePrincipal(request),
        request.params.id,
        request.headers['if-match'],
        request.body,
      );
      return reply.code(201).header('etag', etag).send({ review, practice });
    },
  );

  app.get(
    '/practices/:id/reviews',
    {
      config: owned(workflowReaders, 'practice'),
      schema: {
        tags,
        summary: 'Рецензии: авторам — адресованное им, модераторам — всё',
        params: idParam,
        response: { 200: z.object({ items: z.array(reviewSchema) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: moderation.reviews(request.principal, request.params.id) }),
  );

  app.get(
    '/practices/:id/changes',
    {
      config: owned(workflowReaders, 'practice'),
      schema: {
        tags,
        summary: 'Что изменилось с последней рецензии (по полям)',
        params: idParam,
        response: { 200: changesSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => moderation.changes(request.principal, request.params.id),
  );

  app.get(
    '/moderation/queue',
    {
      config: access(['moderator', 'admin'], READ_SCOPES, 'Очередь модерации доступна модераторам'),
      schema: {
        tags,
        summary: 'Очередь модерации, старые первыми, со счётчиками по состояниям',
        querystring: queueQuery,
        response: { 200: queueSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => moderation.queue(requirePrincipal(request), request.query),
  );

  app.get(
    '/moderation/practices/:id',
    {
      config: access(['moderator', 'admin'], READ_SCOPES, 'Очередь модерации доступна модераторам'),
      schema: {
        tags,
        summary: 'Практика на столе модератора: состояние, кто взял и когда, сколько ждёт',
        params: idParam,
        response: { 200: deskSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => moderation.desk(requirePrincipal(request), request.params.id),
  );
};
