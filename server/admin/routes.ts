/**
 * The admin area's API (`/api/v1/admin/...`): accounts, the organisation directory and the admin history. Sessions
 * of administrators only — no API token administers the bank. Handlers map the request to one service call; the
 * pages under `/admin` call the same services.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../access/routes.js';
import type { AuthService } from '../auth/service.js';
import type { Db } from '../db/client.js';
import { adminHistoryPage } from '../history/admin.js';
import { errorResponses, idParam } from '../shared/http.js';
import { adminActor } from './actor.js';
import type { AdminDirectory } from './directory.js';
import {
  accountSchema,
  adminOrganizationSchema,
  directoryQuery,
  historyEntrySchema,
  historyQuery,
  mergeBody,
  organizationEditBody,
  roleParams,
} from './schemas.js';
import { userQuery } from '../auth/schemas.js';
import type { AdminUsers } from './users.js';

const tags = ['Администрирование'];
const ADMINS = access(['admin'], [], 'Этот раздел доступен только администраторам');

export interface AdminRoutesOptions {
  db: Db;
  auth: Pick<AuthService, 'findAccounts'>;
  adminUsers: AdminUsers;
  adminDirectory: AdminDirectory;
}

export const adminRoutes: FastifyPluginAsyncZod<AdminRoutesOptions> = async (
  app,
  { db, auth, adminUsers, adminDirectory },
) => {
  const userAction = (
    summary: string,
    url: string,
    handler: (request: Parameters<typeof adminActor>[0], id: number) => unknown,
  ) =>
    app.post(
      url,
      {
        config: ADMINS,
        schema: {
          tags,
          summary,
          params: idParam,
          response: { 200: accountSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        await handler(request, request.params.id);
        return adminUsers.account(request.params.id);
      },
    );

  app.get(
    '/admin/users',
    {
      config: ADMINS,
      schema: {
        tags,
        summary: 'Пользователи: поиск по адресу или ФИО',
        querystring: userQuery,
        response: {
          200: z.object({ items: z.array(accountSchema), total: z.number().int() }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { q = '', limit, offset } = request.query;
      const { items, total } = auth.findAccounts(q, limit, offset);
      return { items: items.map((u) => adminUsers.account(u.id)), total };
    },
  );

  app.get(
    '/admin/users/:id',
    {
      config: ADMINS,
      schema: {
        tags,
        summary: 'Учётная запись',
        params: idParam,
        response: { 200: accountSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => adminUsers.account(request.params.id),
  );

  for (const granted of [true, false])
    app.route({
      method: granted ? 'PUT' : 'DELETE',
      url: '/admin/users/:id/roles/:role',
      config: ADMINS,
      schema: {
        tags,
        summary: granted ? 'Выдать роль' : 'Снять роль (последнего администратора снять нельзя)',
        params: roleParams,
        response: { 200: accountSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      handler: async (request) => {
        adminUsers.setRole(adminActor(request), request.params.id, request.params.role, granted);
        return adminUsers.account(request.params.id);
      },
    });

  userAction('Отключить учётную запись (вход и сеансы прекращаются)', '/admin/users/:id/disable', (request, id) =>
    adminUsers.setDisabled(adminActor(request), id, true),
  );
  userAction('Снова включить учётную запись', '/admin/users/:id/enable', (request, id) =>
    adminUsers.setDisabled(adminActor(request), id, false),
  );
  userAction('Завершить все сеансы пользователя', '/admin/users/:id/end-sessions', (request, id) =>
    adminUsers.endSessions(adminActor(request), id),
  );

  app.post(
    '/admin/users/:id/password-reset',
    {
      config: ADMINS,
      schema: {
        tags,
        summary: 'Отправить пользователю письмо со ссылкой для смены пароля',
        params: idParam,
        response: {
          200: z.object({
            sent: z.boolean().meta({ description: 'false — почта не настроена (SMTP_URL)' }),
            email: z.string(),
          }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => adminUsers.sendPasswordReset(adminActor(request), request.params.id),
  );

  app.post(
    '/admin/users/:id/one-time-password',
    {
      config: ADMINS,
      schema: {
        tags,
        summary: 'Выдать одноразовый пароль (показывается один раз; сеансы пользователя завершаются)',
        params: idParam,
        response: {
          200: z.object({
            user: accountSchema,
            password: z.string().meta({ description: 'Показывается один раз; при входе его потребуется сменить' }),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { account, password } = await adminUsers.issueOneTimePassword(adminActor(request), request.params.id);
      return { user: account, password };
    },
  );

  app.get(
    '/admin/organizations',
    {
      config: ADMINS,
      schema: {
        tags,
        summary: 'Справочник организаций для администратора (status=new — ждут подтверждения)',
        querystring: directoryQuery,
        response: {
          200: z.object({
            items: z.array(adminOrganizationSchema),
            total: z.number().int(),
            page: z.number().int(),
            pages: z.number().int(),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => adminDirectory.list(request.query),
  );

  app.get(
    '/admin/organizations/duplicates',
    {
      config: ADMINS,
      schema: {
        tags,
        summary: 'Вероятные дубли: названия совпадают без учёта кавычек, «№», пробелов, регистра и города',
        response: { 200: z.object({ groups: z.array(z.array(adminOrganizationSchema)) }), ...errorResponses(401, 403) },
      },
    },
    async () => ({ groups: adminDirectory.duplicates() }),
  );

  app.get(
    '/admin/organizations/:id',
    {
      config: ADMINS,
      schema: {
        tags,
        summary: 'Организация',
        params: idParam,
        response: { 200: adminOrganizationSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => adminDirectory.get(request.params.id),
  );

  app.patch(
    '/admin/organizations/:id',
    {
      config: ADMINS,
      schema: {
        tags,
        summary: 'Изменить организацию (ИНН проверяется по контрольным цифрам)',
        params: idParam,
        body: organizationEditBody,
        response: { 200: adminOrganizationSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const current = adminDirectory.get(request.params.id);
      const edit = {
        name: current.name,
        shortName: current.shortName,
        type: current.type,
        municipality: current.municipality,
        inn: current.inn,
        address: current.address,
        ...request.body,
      };
      return adminDirectory.update(adminActor(request), request.params.id, edit);
    },
  );

  app.post(
    '/admin/organizations/:id/confirm',
    {
      config: ADMINS,
      schema: {
        tags,
        summary: 'Подтвердить новую организацию: она появится в справочнике',
        params: idParam,
        response: { 200: adminOrganizationSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      adminDirectory.confirm(adminActor(request), request.params.id);
      return adminDirectory.get(request.params.id);
    },
  );

  app.post(
    '/admin/organizations/:id/merge',
    {
      config: ADMINS,
      schema: {
        tags,
        summary: 'Объединить эту организацию с другой (keptId остаётся; практики, авторы и ссылки переходят к ней)',
        params: idParam,
        body: mergeBody,
        response: {
          200: z.object({
            kept: adminOrganizationSchema,
            moved: z.record(z.string(), z.number().int()),
            reindexed: z.number().int(),
          }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const result = adminDirectory.merge(adminActor(request), request.params.id, request.body.keptId);
      return { kept: adminDirectory.get(request.body.keptId), ...result };
    },
  );

  app.get(
    '/admin/history',
    {
      config: ADMINS,
      schema: {
        tags,
        summary: 'Журнал действий администраторов, новые сначала (before — id последней показанной записи)',
        querystring: historyQuery,
        response: { 200: z.object({ items: z.array(historyEntrySchema) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: adminHistoryPage(db, request.query) }),
  );
};
