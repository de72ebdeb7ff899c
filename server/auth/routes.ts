import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { access } from '../access/routes.js';
import { z } from 'zod';
import { AppError, validationError } from '../errors.js';
import type { OrganizationService } from '../organizations/service.js';
import { errorResponses } from '../shared/http.js';
import { requireUser } from './plugin.js';
import type { EmailConfirmation } from './confirmation.js';
import type { Registration } from './registration.js';
import { RESET_REQUESTED, type PasswordReset } from './reset.js';
import {
  changePasswordBody,
  confirmBody,
  messageAnswer,
  endedSessions,
  loginBody,
  profileBody,
  registerBody,
  resetConfirmBody,
  resetRequestAnswer,
  resetRequestBody,
  sessionList,
  sessionParam,
  sessionSchema,
  userSchema,
} from './schemas.js';
import type { AuthService, Session } from './service.js';

const sessionBody = (s: Session) => ({ user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt });

export interface AuthRoutesOptions {
  auth: AuthService;
  registration: Registration;
  confirmation: EmailConfirmation;
  passwordReset: PasswordReset;
  organizations: Pick<OrganizationService, 'usable'>;
  loginRateLimit: number;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (
  app,
  { auth, registration, confirmation, passwordReset, organizations, loginRateLimit },
) => {
  const tags = ['Учётные записи'];
  // Only a ceiling against a flood from one address: guessing is limited per account by the service.
  const rateLimit = { max: loginRateLimit, timeWindow: '1 minute' };

  app.post(
    '/auth/register',
    {
      config: { ...access('anyone'), rateLimit },
      schema: {
        tags,
        summary: 'Регистрация автора',
        description:
          'Ответ одинаков для нового адреса и для адреса, у которого уже есть учётная запись: на новый адрес ' +
          'уходит ссылка для подтверждения (действует 48 часов, вход — по ней), владельцу известного адреса — ' +
          'письмо о попытке регистрации. Пока адрес не подтверждён, учётная запись может читать, но не изменять ' +
          '(403, EMAIL_NOT_CONFIRMED). С открытым сеансом — 409, ALREADY_SIGNED_IN. Только application/json.',
        body: registerBody,
        response: { 202: messageAnswer, ...errorResponses(400, 409, 415, 429) },
      },
    },
    async (request, reply) => {
      // Registering must never replace the session a person is signed in with.
      if (request.session)
        throw new AppError(
          'ALREADY_SIGNED_IN',
          `Вы уже вошли как ${request.session.user.fullName}: чтобы зарегистрировать другую учётную запись, сначала выйдите`,
        );
      const { organizationId } = request.body;
      if (organizationId !== undefined && !organizations.usable(app.bank.db, organizationId, null)) {
        throw validationError([{ field: 'organizationId', message: 'Такой организации нет в справочнике' }]);
      }
      const answer = await registration.register(request.body, {
        userAgent: request.headers['user-agent'],
        address: request.ip,
      });
      return reply.code(202).send(answer);
    },
  );

  app.post(
    '/auth/confirm-email',
    {
      config: { ...access('anyone'), rateLimit },
      schema: {
        tags,
        summary: 'Подтвердить адрес по ссылке из письма и войти',
        description: 'Ссылка одноразовая и действует 48 часов; открывается сеанс подтвердившего.',
        body: confirmBody,
        response: { 200: sessionSchema, ...errorResponses(400, 403, 410, 415, 429) },
      },
    },
    async (request, reply) => {
      const userId = confirmation.confirm(request.body.token);
      const { token, session } = auth.signInByLink(userId, {
        userAgent: request.headers['user-agent'],
        previousSessionId: request.session?.id,
      });
      app.sessionCookie.set(reply, token);
      return sessionBody(session);
    },
  );

  app.post(
    '/auth/confirm-email/resend',
    {
      config: { ...access('signed-in'), rateLimit, emailUnconfirmedAllowed: true },
      schema: {
        tags,
        summary: 'Отправить ссылку для подтверждения адреса ещё раз',
        description: 'Прежняя ссылка перестаёт действовать. Не больше трёх писем за 15 минут (429).',
        response: { 202: messageAnswer, ...errorResponses(401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      confirmation.resend(user, request.ip);
      return reply.code(202).send({ message: `Письмо со ссылкой отправлено на ${user.email}` });
    },
  );

  app.post(
    '/auth/login',
    {
      config: { ...access('anyone'), rateLimit },
      schema: {
        tags,
        summary: 'Вход',
        description:
          'После нескольких неудачных попыток вход в учётную запись приостанавливается (429, SIGN_IN_PAUSED, в ' +
          'сообщении — до какого времени); попытки с одного адреса только замедляются.',
        body: loginBody,
        response: { 200: sessionSchema, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { token, session } = await auth.login(request.body.email, request.body.password, {
        userAgent: request.headers['user-agent'],
        address: request.ip,
        previousSessionId: request.session?.id,
      });
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

  app.patch(
    '/auth/me',
    {
      config: access('signed-in'),
      schema: {
        tags,
        summary: 'Изменить ФИО, должность, организацию',
        body: profileBody,
        response: { 200: userSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { organizationId } = request.body;
      const kept = organizationId === user.organizationId;
      if (organizationId !== null && !kept && !organizations.usable(app.bank.db, organizationId, user.id))
        throw validationError([{ field: 'organizationId', message: 'Такой организации нет в справочнике' }]);
      return auth.updateProfile(user.id, request.body);
    },
  );

  app.post(
    '/auth/password',
    {
      config: { ...access('signed-in'), rateLimit },
      schema: {
        tags,
        summary: 'Смена пароля',
        description: 'Другие сеансы пользователя завершаются.',
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

  app.post(
    '/auth/password-reset',
    {
      config: { ...access('anyone'), rateLimit },
      schema: {
        tags,
        summary: 'Запросить письмо для смены пароля',
        description: 'Ответ одинаков, есть ли учётная запись с этим адресом или нет. Ссылка действует 1 час.',
        body: resetRequestBody,
        response: { 202: resetRequestAnswer, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      passwordReset.request(request.body.email, request.ip);
      return reply.code(202).send({ message: RESET_REQUESTED });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { ...access('anyone'), rateLimit },
      schema: {
        tags,
        summary: 'Задать новый пароль по ссылке из письма',
        description: 'Ссылка одноразовая; все сеансы учётной записи завершаются.',
        body: resetConfirmBody,
        response: { 204: z.null(), ...errorResponses(400, 410, 429) },
      },
    },
    async (request, reply) => {
      await passwordReset.confirm(request.body.token, request.body.newPassword);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/sessions',
    {
      config: access('signed-in'),
      schema: { tags, summary: 'Мои сеансы', response: { 200: sessionList, ...errorResponses(401, 403) } },
    },
    async (request, reply) => {
      const user = requireUser(request);
      reply.header('cache-control', 'no-store');
      return { items: auth.listSessions(user.id, request.session?.id) };
    },
  );

  app.delete(
    '/auth/sessions',
    {
      config: access('signed-in'),
      schema: {
        tags,
        summary: 'Выйти на других устройствах',
        description: 'Завершает все сеансы, кроме текущего.',
        response: { 200: endedSessions, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return { ended: auth.endOtherSessions(user.id, request.session?.id) };
    },
  );

  app.delete(
    '/auth/sessions/:id',
    {
      config: access('signed-in'),
      schema: {
        tags,
        summary: 'Завершить один сеанс',
        params: sessionParam,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      auth.endSession(user.id, request.params.id);
      return reply.code(204).send(null);
    },
  );
  // The admin area's account routes (/admin/users…) live in server/admin/routes.ts.
};
