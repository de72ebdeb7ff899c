import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { access } from '../access/routes.js';
import { z } from 'zod';
import { AppError, validationError } from '../errors.js';
import type { OrganizationService } from '../organizations/service.js';
import { errorResponses } from '../shared/http.js';
import { requireUser } from './plugin.js';
import { changePasswordBody, loginBody, registerBody, sessionSchema } from './schemas.js';
import type { AuthService, Session } from './service.js';

const sessionBody = (s: Session) => ({ user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt });

export interface AuthRoutesOptions {
  auth: AuthService;
  organizations: Pick<OrganizationService, 'exists'>;
  loginRateLimit: number;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (
  app,
  { auth, organizations, loginRateLimit },
) => {
  const tags = ['Учётные записи'];

  app.post(
    '/auth/register',
    {
      config: { ...access('anyone'), rateLimit: { max: loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Регистрация автора',
        body: registerBody,
        response: { 201: sessionSchema, ...errorResponses(400, 409, 429) },
      },
    },
    async (request, reply) => {
      const { organizationId } = request.body;
      if (organizationId !== undefined && !organizations.exists(app.bank.db, organizationId)) {
        throw validationError([{ field: 'organizationId', message: 'Такой организации нет в справочнике' }]);
      }
      const { token, session } = await auth.register(request.body, request.headers['user-agent'], request.session?.id);
      app.sessionCookie.set(reply, token);
      return reply.code(201).send(sessionBody(session));
    },
  );

  app.post(
    '/auth/login',
    {
      config: { ...access('anyone'), rateLimit: { max: loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Вход',
        body: loginBody,
        response: { 200: sessionSchema, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { token, session } = await auth.login(
        request.body.email,
        request.body.password,
        request.headers['user-agent'],
        request.session?.id,
      );
      app.sessionCookie.set(reply, token);
      return sessionBody(session);
    },
  );

  app.post(
    '/auth/logout',
    {
      config: access('anyone'),
      schema: { tags, summary: 'Выход', response: { 204: z.null(), ...errorResponses(403) } },
    },
    async (request, reply) => {
      if (request.session) auth.logout(request.session.id);
      app.sessionCookie.clear(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      config: access('signed-in'),
      schema: { tags, summary: 'Текущий пользователь', response: { 200: sessionSchema, ...errorResponses(401) } },
    },
    async (request, reply) => {
      if (!request.session) throw new AppError('AUTH_REQUIRED');
      reply.header('cache-control', 'no-store');
      return sessionBody(request.session);
    },
  );

  app.post(
    '/auth/password',
    {
      config: { ...access('signed-in'), rateLimit: { max: loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Смена пароля',
        body: changePasswordBody,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await auth.changePassword(user.id, request.body.currentPassword, request.body.newPassword, request.session?.id);
      return reply.code(204).send(null);
    },
  );
};
