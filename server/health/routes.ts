import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';

const componentStatus = z.enum(['ok', 'fail']);
const healthSchema = z.object({ status: componentStatus, database: componentStatus });

/** Liveness and readiness: answers 503 when the database cannot be read. */
export const healthRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/health',
    { logLevel: 'warn', schema: { tags: ['Служебное'], summary: 'Готовность: база данных доступна', response: { 200: healthSchema, 503: healthSchema } } },
    async (request, reply) => {
      let database: 'ok' | 'fail' = 'ok';
      try {
        db.$client.prepare('SELECT 1').get();
      } catch (error) {
        request.log.error({ err: error }, 'database health check failed');
        database = 'fail';
      }
      const status = database === 'ok' ? 'ok' : 'fail';
      reply.header('cache-control', 'no-store');
      return reply.code(status === 'ok' ? 200 : 503).send({ status, database });
    },
  );
};
