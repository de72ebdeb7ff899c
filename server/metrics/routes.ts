/**
 * `/metrics` for Prometheus, only when `METRICS_TOKEN` is set (otherwise there is no such address: 404). The
 * scraper sends `Authorization: Bearer <METRICS_TOKEN>`; anything else is 401 in the common error shape. Every
 * answered request is timed here by its route pattern (never the raw URL, so a scanner cannot multiply the series).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { access } from '../access/routes.js';
import { AppError } from '../errors.js';
import type { Metrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

const digest = (text: string) => createHash('sha256').update(text).digest();

async function metricsRoutes(app: FastifyInstance, { metrics, token }: { metrics: Metrics; token: string }) {
  const expected = digest(token);
  const admitted = new WeakSet<FastifyRequest>();

  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(
      request.routeOptions.url ?? 'unmatched',
      request.method,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  // Registered before the auth plugin, whose hook would read this bearer as an API token and refuse it: the
  // metrics token is checked here (compared as digests, in constant time) and then taken off the request.
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url !== METRICS_PATH) return;
    const given = /^bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), expected))
      throw new AppError('AUTH_REQUIRED', 'Нужен токен метрик: заголовок Authorization: Bearer <METRICS_TOKEN>');
    delete request.headers.authorization;
    admitted.add(request);
  });

  app.get(
    METRICS_PATH,
    // Anyone may reach the route; the token hook above is what admits. API tokens are refused by the hook too.
    { config: access('anyone'), logLevel: 'warn', schema: { hide: true } },
    async (request, reply) => {
      if (!admitted.has(request)) throw new AppError('AUTH_REQUIRED');
      return reply
        .header('cache-control', 'no-store')
        .type(metrics.contentType)
        .send(await metrics.text());
    },
  );
}

export default fp(metricsRoutes, { name: 'metrics' });
