/** The adoptions API: report, a practice's confirmed list, the moderators' queue, decisions, withdrawal. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
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

/**
 * Unconfirmed reports are for moderators (and each reporter's own, through `/adoptions/:id`); administrators hold
 * every staff power at the gate, so they are declared too and may decide as well.
 */
export const ADOPTION_MODERATORS = access(['moderator', 'admin'], [], 'Сообщения о внедрении подтверждают модераторы');
const REPORTERS = access('signed-in');

export const adoptionRoutes: FastifyPluginAsyncZod<{ adoptions: AdoptionService }> = async (app, { adoptions }) => {
  const tags = ['Внедрения'];

  app.post(
    '/practices/:id/adoptions',
    {
      config: REPORTERS,
      schema: {
        tags,
        summary: 'Сообщить, что ваша организация внедрила опубликованную практику',
        description: 'Сообщение ждёт модератора; до подтверждения его видят только сообщивший и модераторы.',
        params: idParam,
        body: reportBody,
        response: { 201: adoptionReportSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(adoptions.report(requireUser(request), request.params.id, request.body)),
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
