/** API tokens: issued, listed and revoked by admins with their session; no token manages tokens. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tokenManager } from '../access/policy.js';
import { access } from '../access/routes.js';
import { errorResponses, idParam, okSchema } from '../shared/http.js';
import { newTokenSchema, tokenBody, tokenSchema } from './schemas.js';
import type { TokenService } from './service.js';

const tags = ['Администрирование'];
const adminsOnly = access(['admin']);

export const tokenRoutes: FastifyPluginAsyncZod<{ tokens: TokenService }> = async (app, { tokens }) => {
  app.post(
    '/tokens',
    {
      config: adminsOnly,
      schema: {
        tags,
        summary: 'Выпустить токен API (показывается один раз)',
        body: tokenBody,
        response: { 201: newTokenSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(tokens.create(tokenManager(request.principal), request.body.name, request.body.scope)),
  );

  app.get(
    '/tokens',
    {
      config: adminsOnly,
      schema: {
        tags,
        summary: 'Токены API',
        response: { 200: z.object({ items: z.array(tokenSchema) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      tokenManager(request.principal);
      return { items: tokens.list() };
    },
  );

  app.delete(
    '/tokens/:id',
    {
      config: adminsOnly,
      schema: {
        tags,
        summary: 'Отозвать токен',
        params: idParam,
        response: { 200: okSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      tokens.revoke(tokenManager(request.principal), request.params.id);
      return { ok: true as const };
    },
  );
};
