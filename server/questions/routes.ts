/** Questions to a practice's authors through the API: ask (anyone), read and answer (the authors). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../access/routes.js';
import { requireUser } from '../auth/plugin.js';
import { errorResponses, idParam } from '../shared/http.js';
import { answerBody, askAccepted, askBody, questionView } from './schemas.js';
import type { QuestionService } from './service.js';

const tags = ['Вопросы авторам'];

export const questionRoutes: FastifyPluginAsyncZod<{ questions: QuestionService; rateLimitPerMinute: number }> = async (
  app,
  { questions, rateLimitPerMinute },
) => {
  app.post(
    '/registry/:number/questions',
    {
      config: { ...access('anyone'), rateLimit: { max: rateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Задать вопрос авторам опубликованной практики',
        description:
          'Вопрос приходит авторам уведомлением без адреса спрашивающего; ответ уходит ему письмом из банка. ' +
          'Не больше QUESTIONS_PER_DAY вопросов за сутки от учётной записи (или от IP с одним адресом почты): 429, ' +
          'QUESTION_LIMIT_REACHED. Поле website оставьте пустым. Только application/json.',
        params: z.object({ number: z.string().max(40) }),
        body: askBody,
        response: { 202: askAccepted, ...errorResponses(400, 403, 404, 409, 415, 429) },
      },
    },
    async (request, reply) => {
      const sender = request.session ? { userId: request.session.user.id } : { ip: request.ip };
      questions.ask(request.params.number, request.body, sender);
      return reply.code(202).send({ status: 'sent' as const });
    },
  );

  app.get(
    '/questions',
    {
      config: access('signed-in'),
      schema: {
        tags,
        summary: 'Вопросы о моих практиках, новые первыми (без адресов спрашивающих)',
        response: { 200: z.object({ items: z.array(questionView) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ items: questions.listFor(requireUser(request).id) }),
  );

  app.post(
    '/questions/:id/answer',
    {
      config: access('signed-in'),
      schema: {
        tags,
        summary: 'Ответить на вопрос о своей практике: ответ уходит спрашивающему письмом из банка',
        params: idParam,
        body: answerBody,
        response: { 200: z.object({ status: z.literal('answered') }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      questions.answer(requireUser(request), Number(request.params.id), request.body.answer);
      return { status: 'answered' as const };
    },
  );
};
