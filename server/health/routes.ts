import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PUBLIC_READ } from '../access/routes.js';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { SearchEngine } from '../../search/port.js';

const componentStatus = z.enum(['ok', 'fail']);
const healthSchema = z.object({
  status: componentStatus,
  database: componentStatus,
  search: z.object({ engine: z.string(), status: componentStatus }),
});

async function check(what: () => unknown): Promise<'ok' | 'fail'> {
  try {
    return (await what()) === false ? 'fail' : 'ok';
  } catch {
    return 'fail';
  }
}

/** Liveness and readiness: 503 when the database or the search engine cannot be reached. */
export const healthRoutes: FastifyPluginAsyncZod<{ db: Db; engine: SearchEngine }> = async (app, { db, engine }) => {
  app.get(
    '/health',
    {
      config: PUBLIC_READ,
      logLevel: 'warn',
      schema: {
        tags: ['Служебное'],
        summary: 'Готовность: база данных и поисковый движок доступны',
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (request, reply) => {
      // A real table, not SELECT 1: that would succeed even with the database file gone.
      const database = await check(() => db.$client.prepare('SELECT count(*) FROM vocabulary_terms').get());
      const search = await check(() => engine.health());
      const status = database === 'ok' && search === 'ok' ? 'ok' : 'fail';
      if (status === 'fail') request.log.error({ database, search }, 'health check failed');
      reply.header('cache-control', 'no-store');
      return reply
        .code(status === 'ok' ? 200 : 503)
        .send({ status, database, search: { engine: engine.name, status: search } });
    },
  );
};
