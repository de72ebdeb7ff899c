/**
 * The admins' list of accounts (`/admin/users`), searched by e-mail or name, with «Выдать одноразовый пароль»
 * for a person who cannot reset it by e-mail: the password is shown once, in the notice of the page the button
 * leads to, and the person must change it at their next sign-in. Kept small: the full administration comes later.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../../access/routes.js';
import { requireUser } from '../../../auth/plugin.js';
import { idParam } from '../../../shared/http.js';
import { Button, PostForm } from '../../components/forms.js';
import { Pagination } from '../../components/navigation.js';
import { count } from '../../format.js';
import { redirectWithNotice } from '../../forms.js';
import { sendPage } from '../../render.js';
import { accountStyles, type WorkspacePageOptions } from './account-forms.js';
import { WORKSPACE } from './paths.js';
import { ADMIN } from '../admin/paths.js';
import { AdminNav, adminStyles, availableSections } from '../admin/nav.js';

const PER_PAGE = 50;
const ACCOUNTS = { one: 'учётная запись', few: 'учётные записи', many: 'учётных записей' };
const ROLE_NAMES: Record<string, string> = { author: 'автор', moderator: 'модератор', admin: 'администратор' };

const listQuery = z.object({
  q: z.string().trim().max(200, 'Запрос не длиннее 200 символов').optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export const adminUserPages: FastifyPluginAsyncZod<WorkspacePageOptions> = async (app, { services }) => {
  const { auth } = services;
  const adminsOnly = access(['admin'], [], 'Список пользователей доступен администраторам');

  app.get(
    WORKSPACE.adminUsers,
    { config: adminsOnly, schema: { hide: true, querystring: listQuery } },
    async (request, reply) => {
      const { q = '', page } = request.query;
      const { items, total } = auth.findAccounts(q, PER_PAGE, (page - 1) * PER_PAGE);
      const csrf = app.formToken(request, reply);
      const pageHref = (n: number) =>
        `${WORKSPACE.adminUsers}?${new URLSearchParams({ ...(q ? { q } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`;
      return sendPage(
        request,
        reply,
        { head: [accountStyles, adminStyles], title: 'Пользователи' },
        <div class="admin">
          <h1>Пользователи</h1>
          <AdminNav sections={availableSections(request)} current={ADMIN.users} />
          <form method="get" action={WORKSPACE.adminUsers} role="search" class="search user-search">
            <label for="q">Адрес или ФИО</label>
            <input id="q" name="q" type="search" value={q} maxLength={200} />
            <button class="button" type="submit">
              Найти
            </button>
          </form>
          <p>{q ? `Найдено: ${count(total, ACCOUNTS)}` : `Всего ${count(total, ACCOUNTS)}`}</p>
          <ul class="account-list">
            {items.map((u) => (
              <li>
                <strong>{u.fullName}</strong>
                <br />
                <span>{u.email}</span>
                <br />
                <span class="hint">
                  {u.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ')}
                  {u.mustChangePassword ? '; должен сменить одноразовый пароль' : ''}
                </span>
                <PostForm action={WORKSPACE.oneTimePassword(u.id)} csrf={csrf}>
                  <Button variant="secondary" aria-label={`Выдать одноразовый пароль: ${u.fullName}`}>
                    Выдать одноразовый пароль
                  </Button>
                </PostForm>
              </li>
            ))}
          </ul>
          <Pagination page={page} pages={Math.max(1, Math.ceil(total / PER_PAGE))} href={pageHref} />
        </div>,
      );
    },
  );

  app.post(
    '/admin/users/:id/one-time-password',
    { config: adminsOnly, schema: { hide: true, params: idParam } },
    async (request, reply) => {
      requireUser(request);
      const { user, password } = await auth.issueOneTimePassword(request.params.id);
      // 303 like every form, the password in the one-time notice: shown on the next page once, gone on reload.
      return redirectWithNotice(
        reply,
        `${WORKSPACE.adminUsers}?${new URLSearchParams({ q: user.email })}`,
        `Одноразовый пароль для ${user.fullName} (${user.email}): ${password} — передайте его лично или по ` +
          'телефону, он показан один раз. При входе банк попросит придумать свой; прежние сеансы завершены.',
      );
    },
  );
};
