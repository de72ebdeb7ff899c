import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole, requireUser } from '../auth/plugin.js';
import type { NotificationService } from '../notifications/service.js';
import { practiceSchema, ifMatchHeaders } from '../practices/schemas.js';
import { errorResponses, idParam, okSchema } from '../shared/http.js';
import type { TokenService } from '../tokens/service.js';
import {
  changesSchema,
  markReadBody,
  newTokenSchema,
  notificationList,
  notificationQuery,
  queueQuery,
  queueSchema,
  reviewBody,
  reviewSchema,
  tokenBody,
  tokenSchema,
  transitionBody,
} from './schemas.js';
import type { ModerationService } from './service.js';

export interface ModerationRoutesOptions {
  moderation: ModerationService;
  notifications: NotificationService;
  tokens: TokenService;
}

export const moderationRoutes: FastifyPluginAsyncZod<ModerationRoutesOptions> = async (
  app,
  { moderation, notifications, tokens },
) => {
  const tags = ['Модерация'];

  app.post(
    '/practices/:id/transitions',
    {
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
      const { practice, etag } = moderation.transition(requireUser(request), request.params.id, request.body.action, {
        comment: request.body.comment,
        ifMatch: request.headers['if-match'],
      });
      reply.header('etag', etag);
      return practice;
    },
  );

  app.post(
    '/practices/:id/reviews',
    {
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
        requireUser(request),
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
      schema: {
        tags,
        summary: 'Рецензии: авторам — адресованное им, модераторам — всё',
        params: idParam,
        response: { 200: z.object({ items: z.array(reviewSchema) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: moderation.reviews(request.session?.user ?? null, request.params.id) }),
  );

  app.get(
    '/practices/:id/changes',
    {
      schema: {
        tags,
        summary: 'Что изменилось с последней рецензии (по полям)',
        params: idParam,
        response: { 200: changesSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => moderation.changes(request.session?.user ?? null, request.params.id),
  );

  app.get(
    '/moderation/queue',
    {
      schema: {
        tags,
        summary: 'Очередь модерации, старые первыми, со счётчиками по состояниям',
        querystring: queueQuery,
        response: { 200: queueSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => moderation.queue(requireUser(request), request.query),
  );

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['Уведомления'],
        summary: 'Мои уведомления, новые первыми',
        querystring: notificationQuery,
        response: { 200: notificationList, ...errorResponses(400, 401) },
      },
    },
    async (request) =>
      notifications.list(
        requireUser(request).id,
        !!request.query.unread,
        request.query.perPage,
        (request.query.page - 1) * request.query.perPage,
      ),
  );

  app.post(
    '/notifications/read',
    {
      schema: {
        tags: ['Уведомления'],
        summary: 'Отметить прочитанными (все, если ids не переданы)',
        body: markReadBody,
        response: { 200: z.object({ marked: z.number().int() }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ marked: notifications.markRead(requireUser(request).id, request.body?.ids) }),
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['Администрирование'],
        summary: 'Выпустить токен API (показывается один раз)',
        body: tokenBody,
        response: { 201: newTokenSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(tokens.create(requireRole(request, 'admin'), request.body.name, request.body.scope)),
  );

  app.get(
    '/tokens',
    {
      schema: {
        tags: ['Администрирование'],
        summary: 'Токены API',
        response: { 200: z.object({ items: z.array(tokenSchema) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'admin');
      return { items: tokens.list() };
    },
  );

  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags: ['Администрирование'],
        summary: 'Отозвать токен',
        params: idParam,
        response: { 200: okSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      requireRole(request, 'admin');
      tokens.revoke(request.params.id);
      return { ok: true as const };
    },
  );
};
