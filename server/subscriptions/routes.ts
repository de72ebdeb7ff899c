/** Subscriptions to searches through the API: subscribe, confirm, unsubscribe, and a signed-in person's own list. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../access/routes.js';
import { requireUser } from '../auth/plugin.js';
import { errorResponses, idParam } from '../shared/http.js';
import { SUBSCRIBE_MESSAGE, subscribeAccepted, subscribeBody, subscriptionView, tokenBody } from './schemas.js';
import type { SubscriptionService } from './service.js';

const tags = ['Подписки на поиск'];

export const subscriptionRoutes: FastifyPluginAsyncZod<{
  subscriptions: SubscriptionService;
  rateLimitPerMinute: number;
}> = async (app, { subscriptions, rateLimitPerMinute }) => {
  const rateLimit = { max: rateLimitPerMinute, timeWindow: '1 minute' };
  const anyone = { ...access('anyone'), rateLimit };

  app.post(
    '/subscriptions',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'Подписать адрес на новые практики по поиску',
        description:
          'На адрес уходит письмо со ссылкой подтверждения (48 часов); ответ одинаков, если адрес уже подписан на ' +
          'этот поиск. Не больше SUBSCRIPTIONS_PER_DAY писем на адрес и SUBSCRIPTIONS_PER_IP_PER_DAY с одного ' +
          'IP за сутки (429, SUBSCRIPTION_LIMIT_REACHED). Только application/json.',
        body: subscribeBody,
        response: { 202: subscribeAccepted, ...errorResponses(400, 403, 415, 429) },
      },
    },
    async (request, reply) => {
      await subscriptions.subscribe(request.body.email, request.body.search, request.ip);
      return reply.code(202).send({ status: 'confirmation_sent' as const, message: SUBSCRIBE_MESSAGE });
    },
  );

  app.post(
    '/subscriptions/confirm',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'Подтвердить подписку по ссылке из письма',
        body: tokenBody,
        response: { 200: subscriptionView, ...errorResponses(400, 403, 410, 415) },
      },
    },
    async (request) => subscriptions.confirm(request.body.token),
  );

  app.post(
    '/subscriptions/unsubscribe',
    {
      config: anyone,
      schema: {
        tags,
        summary: 'Отписаться по ссылке из письма',
        description:
          'Повторная отписка по той же ссылке — не ошибка. Письма несут и заголовки List-Unsubscribe (RFC 8058).',
        body: tokenBody,
        response: { 200: subscriptionView, ...errorResponses(400, 403, 410, 415) },
      },
    },
    async (request) => subscriptions.unsubscribe(request.body.token),
  );

  app.get(
    '/subscriptions',
    {
      config: access('signed-in'),
      schema: {
        tags,
        summary: 'Мои подписки (на адрес моей учётной записи, если он подтверждён)',
        response: { 200: z.object({ items: z.array(subscriptionView) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return { items: user.emailConfirmed ? subscriptions.listFor(user.email) : [] };
    },
  );

  app.delete(
    '/subscriptions/:id',
    {
      config: access('signed-in'),
      schema: {
        tags,
        summary: 'Отменить свою подписку',
        params: idParam,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      subscriptions.cancel(requireUser(request).email, Number(request.params.id));
      return reply.code(204).send(null);
    },
  );
};
