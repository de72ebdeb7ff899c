/** A person's notifications: read and marked read by their addressee; an integration has no inbox. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notificationReader } from '../access/policy.js';
import { access } from '../access/routes.js';
import { errorResponses } from '../shared/http.js';
import { markReadBody, notificationList, notificationQuery } from './schemas.js';
import type { NotificationService } from './service.js';

const tags = ['Уведомления'];
const addresseeOnly = access('signed-in');

export const notificationRoutes: FastifyPluginAsyncZod<{ notifications: NotificationService }> = async (
  app,
  { notifications },
) => {
  app.get(
    '/notifications',
    {
      config: addresseeOnly,
      schema: {
        tags,
        summary: 'Мои уведомления, новые первыми',
        querystring: notificationQuery,
        response: { 200: notificationList, ...errorResponses(400, 401) },
      },
    },
    async (request) =>
      notifications.list(
        notificationReader(request.principal).id,
        !!request.query.unread,
        request.query.perPage,
        (request.query.page - 1) * request.query.perPage,
      ),
  );

  app.post(
    '/notifications/read',
    {
      config: addresseeOnly,
      schema: {
        tags,
        summary: 'Отметить прочитанными (все, если ids не переданы)',
        body: markReadBody,
        response: { 200: z.object({ marked: z.number().int() }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      marked: notifications.markRead(notificationReader(request.principal).id, request.body?.ids),
    }),
  );
};
