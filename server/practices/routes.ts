import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ownPracticesReader } from '../access/policy.js';
import { access, owned, PUBLIC_READ } from '../access/routes.js';
import { z } from 'zod';
import { requireRole } from '../auth/plugin.js';
import { errorResponses, idParam, okSchema } from '../shared/http.js';
import {
  createPracticeBody,
  ifMatchHeaders,
  practiceList,
  practiceListQuery,
  practiceSchema,
  previewBody,
  previewSchema,
  readinessSchema,
  updatePracticeBody,
} from './schemas.js';
import { previewMarkdown } from './markdown.js';
import type { CoauthorService } from './coauthors.js';
import type { PracticeService } from './service.js';

const historyEntrySchema = z.object({
  id: z.number().int(),
  versionNo: z.number().int().nullable(),
  actorUserId: z.number().int().nullable(),
  actorName: z.string(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  comment: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});

/** Authoring: people with the author role; no token authors. */
const authorsOnly = access(['author']);

export const practiceRoutes: FastifyPluginAsyncZod<{ practices: PracticeService; coauthors: CoauthorService }> = async (
  app,
  { practices, coauthors },
) => {
  const tags = ['Практики'];

  app.post(
    '/practices',
    {
      config: authorsOnly,
      schema: {
        tags,
        summary: 'Создать черновик практики',
        description: 'Нужен вход. Обязательно только название; полнота проверяется при отправке на модерацию.',
        body: createPracticeBody,
        response: { 201: practiceSchema, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const { practice, etag } = practices.create(requireRole(request, 'author'), request.body);
      return reply.code(201).header('etag', etag).header('location', `/api/v1/practices/${practice.id}`).send(practice);
    },
  );

  app.get(
    '/practices',
    {
      config: PUBLIC_READ,
      schema: {
        tags,
        summary: 'Мои практики (mine=1) или опубликованные, новые первыми',
        querystring: practiceListQuery,
        response: { 200: practiceList, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { mine, page, perPage } = request.query;
      return mine
        ? practices.listMine(ownPracticesReader(request.principal), page, perPage)
        : practices.listPublished(page, perPage);
    },
  );

  app.get(
    '/practices/:id',
    {
      config: owned(PUBLIC_READ, 'practice'),
      schema: {
        tags,
        summary: 'Практика: авторам — последняя версия, остальным — опубликованная',
        params: idParam,
        response: { 200: practiceSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { practice, etag } = practices.get(request.principal, request.params.id);
      reply.header('etag', etag).header('cache-control', 'private, no-cache');
      return practice;
    },
  );

  app.patch(
    '/practices/:id',
    {
      config: owned(authorsOnly, 'practice', { body: { keywords: ['проверка'] } }),
      schema: {
        tags,
        summary: 'Изменить черновик (нужен If-Match с ETag прочитанной версии)',
        params: idParam,
        headers: ifMatchHeaders,
        body: updatePracticeBody,
        response: { 200: practiceSchema, ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 428) },
      },
    },
    async (request, reply) => {
      const { practice, etag } = practices.update(
        requireRole(request, 'author'),
        request.params.id,
        request.headers['if-match'],
        request.body,
      );
      reply.header('etag', etag);
      return practice;
    },
  );

  app.get(
    '/practices/:id/readiness',
    {
      config: owned(authorsOnly, 'practice'),
      schema: {
        tags,
        summary: 'Чего не хватает практике для отправки на модерацию (авторам)',
        description: 'Та же проверка, что делает отправка на модерацию: пустой список — можно отправлять.',
        params: idParam,
        response: { 200: readinessSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { missing, editable, etag } = practices.forEditing(requireRole(request, 'author'), request.params.id);
      reply.header('etag', etag).header('cache-control', 'private, no-cache');
      return { complete: missing.length === 0, editable, missing };
    },
  );

  app.post(
    '/practices/preview',
    {
      config: authorsOnly,
      schema: {
        tags,
        summary: 'Предпросмотр Markdown так, как его опубликует банк',
        description: 'Ничего не сохраняет. Если текст нельзя опубликовать (HTML, картинки, опасные ссылки), html пуст.',
        body: previewBody,
        response: { 200: previewSchema, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => previewMarkdown(request.body.text),
  );

  app.delete(
    '/practices/:id',
    {
      config: owned(authorsOnly, 'practice'),
      schema: {
        tags,
        summary: 'Удалить черновик (нужен If-Match)',
        params: idParam,
        headers: ifMatchHeaders,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      practices.remove(requireRole(request, 'author'), request.params.id, request.headers['if-match']);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/practices/:id/history',
    {
      config: owned(PUBLIC_READ, 'practice'),
      schema: {
        tags,
        summary: 'Журнал изменений практики (авторам и модераторам)',
        params: idParam,
        response: { 200: z.object({ items: z.array(historyEntrySchema) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: practices.history(request.principal, request.params.id) }),
  );

  app.get(
    '/coauthor-invites',
    {
      config: authorsOnly,
      schema: {
        tags,
        summary: 'Мои приглашения в соавторы',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                practiceId: z.number().int(),
                fullName: z.string(),
                createdAt: z.string(),
                title: z.string().meta({ description: 'Название практики (последней версии)' }),
                invitedBy: z.string().meta({ description: 'Кто пригласил' }),
              }),
            ),
          }),
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => ({ items: coauthors.pending(requireRole(request, 'author').id) }),
  );

  app.post(
    '/practices/:id/coauthorship',
    {
      config: authorsOnly,
      schema: {
        tags,
        summary: 'Принять или отклонить приглашение в соавторы',
        params: idParam,
        body: z.strictObject({ accept: z.boolean() }),
        response: { 200: okSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      coauthors.answer(requireRole(request, 'author'), request.params.id, request.body.accept);
      return { ok: true as const };
    },
  );

  app.get(
    '/practices/:id/coauthor-invites',
    {
      config: owned(authorsOnly, 'practice'),
      schema: {
        tags,
        summary: 'Приглашения в соавторы этой практики, ждущие ответа (авторам)',
        params: idParam,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int().meta({ description: 'Номер приглашения (для отзыва)' }),
                email: z.string().meta({ description: 'Адрес, на который отправлено приглашение' }),
                createdAt: z.string(),
              }),
            ),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => ({ items: coauthors.pendingFor(requireRole(request, 'author'), request.params.id) }),
  );

  app.post(
    '/practices/:id/coauthor-invites',
    {
      config: owned(authorsOnly, 'practice', { body: { email: 'colleague@school.test' } }),
      schema: {
        tags,
        summary: 'Пригласить коллегу в соавторы по адресу электронной почты',
        description:
          'Ответ одинаков, есть ли в банке учётная запись с этим адресом или нет. Владелец подтверждённого адреса ' +
          'получает уведомление и письмо; на адрес без учётной записи уходит письмо с предложением ' +
          'зарегистрироваться, и приглашение ждёт, пока адрес не подтвердят. Соавтор появляется в списке авторов, ' +
          'когда примет приглашение. Не больше INVITES_PER_DAY приглашений за сутки (429, INVITATION_LIMIT_REACHED).',
        params: idParam,
        body: z.strictObject({ email: z.email('Проверьте адрес электронной почты').max(254) }),
        response: {
          201: z.object({ email: z.string(), message: z.string() }),
          ...errorResponses(400, 401, 403, 404, 409, 429),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(coauthors.inviteByEmail(requireRole(request, 'author'), request.params.id, request.body.email)),
  );

  app.delete(
    '/practices/:id/coauthor-invites/:inviteId',
    {
      config: owned(authorsOnly, 'practice'),
      schema: {
        tags,
        summary: 'Отозвать приглашение в соавторы, ещё не принятое',
        params: idParam.extend({ inviteId: z.coerce.number().int().positive() }),
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      coauthors.revoke(requireRole(request, 'author'), request.params.id, request.params.inviteId);
      return reply.code(204).send(null);
    },
  );
};
