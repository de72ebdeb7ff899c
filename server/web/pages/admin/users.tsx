/**
 * Accounts in the admin area: `/admin/users` (search by e-mail or name) and `/admin/users/:id` (roles, disabling,
 * ending sessions, a reset letter, a one-time password). Each button is a form that posts and comes back with a
 * notice; a refusal (the last administrator) comes back as the same page with the reason. The one-time password is
 * shown once, in the notice.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminActor } from '../../../admin/actor.js';
import { ROLE_LABELS, type AdminAccount } from '../../../admin/users.js';
import { ROLES, type Role } from '../../../db/schema.js';
import { AppError } from '../../../errors.js';
import { idParam } from '../../../shared/http.js';
import type { Services } from '../../../services.js';
import { Notice } from '../../components/content.js';
import { Button, PostForm } from '../../components/forms.js';
import { Pagination } from '../../components/navigation.js';
import { count } from '../../format.js';
import { parseForm, redirectWithNotice } from '../../forms.js';
import { sendPage } from '../../render.js';
import { formatDateTime } from '../workspace/account-forms.js';
import { ADMINS_ONLY } from './home.js';
import { AdminNav, adminStyles, availableSections } from './nav.js';
import { ADMIN } from './paths.js';

const PER_PAGE = 50;
const ACCOUNTS = { one: 'учётная запись', few: 'учётные записи', many: 'учётных записей' };
const SESSIONS = { one: 'сеанс', few: 'сеанса', many: 'сеансов' };

const listQuery = z.object({
  q: z.string().trim().max(200, 'Запрос не длиннее 200 символов').optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
const roleForm = z.object({
  role: z.enum(ROLES, { error: 'Неизвестная роль' }),
  grant: z.enum(['1', '0'], { error: 'Выдать или снять?' }),
});

const roleNames = (roles: Role[]) => roles.map((r) => ROLE_LABELS[r]).join(', ');

function AccountState({ account }: { account: AdminAccount }) {
  return (
    <span class="hint">
      {roleNames(account.roles)}
      {account.disabledAt ? '; отключена' : ''}
      {account.mustChangePassword ? '; должен сменить одноразовый пароль' : ''}
    </span>
  );
}

export const adminUserPages: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { auth, adminUsers } = services;

  app.get(
    ADMIN.users,
    { config: ADMINS_ONLY, schema: { hide: true, querystring: listQuery } },
    async (request, reply) => {
      const { q = '', page } = request.query;
      const { items, total } = auth.findAccounts(q, PER_PAGE, (page - 1) * PER_PAGE);
      const accounts = items.map((u) => adminUsers.account(u.id));
      const pageHref = (n: number) =>
        `${ADMIN.users}?${new URLSearchParams({ ...(q ? { q } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`;
      return sendPage(
        request,
        reply,
        { head: adminStyles, title: 'Пользователи' },
        <div class="admin">
          <h1>Пользователи</h1>
          <AdminNav sections={availableSections(request)} current={ADMIN.users} />
          <form method="get" action={ADMIN.users} role="search" class="admin-search">
            <label for="q">Адрес электронной почты или ФИО</label>
            <input id="q" name="q" type="search" value={q} maxLength={200} />
            <button class="button" type="submit">
              Найти
            </button>
          </form>
          <p>{q ? `Найдено: ${count(total, ACCOUNTS)}` : `Всего ${count(total, ACCOUNTS)}`}</p>
          <ul class="admin-list">
            {accounts.map((a) => (
              <li>
                <a href={ADMIN.user(a.id)}>{a.fullName}</a>
                <br />
                <span>{a.email}</span>
                <br />
                <AccountState account={a} />
              </li>
            ))}
          </ul>
          <Pagination page={page} pages={Math.max(1, Math.ceil(total / PER_PAGE))} href={pageHref} />
        </div>,
      );
    },
  );

  function accountPage(request: FastifyRequest, reply: FastifyReply, id: number, problem?: AppError) {
    const account = adminUsers.account(id);
    const csrf = app.formToken(request, reply);
    const self = request.session?.user.id === id;
    const action = (path: string) => `${ADMIN.user(id)}/${path}`;
    return sendPage(
      request,
      reply,
      { head: adminStyles, title: `${problem ? 'Ошибка: ' : ''}${account.fullName}` },
      <div class="admin">
        <h1>{account.fullName}</h1>
        <AdminNav sections={availableSections(request)} current={ADMIN.users} />
        <p>
          <a href={ADMIN.users}>← Все пользователи</a>
        </p>
        {problem ? (
          <Notice kind="error" title="Действие не выполнено">
            <p>{problem.message}</p>
          </Notice>
        ) : null}
        <dl class="admin-facts">
          <div>
            <dt>Адрес</dt>
            <dd>{account.email}</dd>
          </div>
          {account.position ? (
            <div>
              <dt>Должность</dt>
              <dd>{account.position}</dd>
            </div>
          ) : null}
          <div>
            <dt>Состояние</dt>
            <dd>
              {account.disabledAt ? `Отключена ${formatDateTime(account.disabledAt)}` : 'Действует'}
              {account.mustChangePassword ? '; при входе должен сменить одноразовый пароль' : ''}
            </dd>
          </div>
          <div>
            <dt>Последний вход</dt>
            <dd>{account.lastSignInAt ? formatDateTime(account.lastSignInAt) : 'не входил(а)'}</dd>
          </div>
          <div>
            <dt>Сейчас в банке</dt>
            <dd>{account.sessions > 0 ? count(account.sessions, SESSIONS) : 'нет действующих сеансов'}</dd>
          </div>
          <div>
            <dt>Зарегистрирован(а)</dt>
            <dd>{formatDateTime(account.createdAt)}</dd>
          </div>
        </dl>

        <section aria-labelledby="roles-title">
          <h2 id="roles-title">Роли</h2>
          <ul class="admin-roles">
            {ROLES.map((role) => {
              const has = account.roles.includes(role);
              return (
                <li>
                  <span>
                    {ROLE_LABELS[role]}: <strong>{has ? 'есть' : 'нет'}</strong>
                  </span>
                  <PostForm action={action('roles')} csrf={csrf}>
                    <input type="hidden" name="role" value={role} />
                    <input type="hidden" name="grant" value={has ? '0' : '1'} />
                    <Button variant={has ? 'secondary' : 'primary'}>
                      {has ? `Снять роль «${ROLE_LABELS[role]}»` : `Выдать роль «${ROLE_LABELS[role]}»`}
                    </Button>
                  </PostForm>
                </li>
              );
            })}
          </ul>
          <p class="hint">В банке всегда остаётся хотя бы один администратор: последнему роль не снять.</p>
        </section>

        <section aria-labelledby="access-title">
          <h2 id="access-title">Доступ</h2>
          <div class="admin-actions">
            <PostForm action={action('end-sessions')} csrf={csrf}>
              <p>Выйти из банка на всех устройствах человека (например, если потерян телефон).</p>
              <Button variant="secondary">Завершить все сеансы</Button>
            </PostForm>
            {account.disabledAt ? (
              <PostForm action={action('enable')} csrf={csrf}>
                <p>Человек снова сможет входить в банк.</p>
                <Button>Включить учётную запись</Button>
              </PostForm>
            ) : self ? null : (
              <PostForm action={action('disable')} csrf={csrf}>
                <p>Вход станет невозможен, все сеансы завершатся, выпущенные им ключи API перестанут действовать.</p>
                <Button variant="warning">Отключить учётную запись</Button>
              </PostForm>
            )}
          </div>
        </section>

        <section aria-labelledby="password-title">
          <h2 id="password-title">Пароль</h2>
          <div class="admin-actions">
            <PostForm action={action('password-reset')} csrf={csrf}>
              <p>Письмо со ссылкой для смены пароля (действует 1 час).</p>
              <Button variant="secondary">Отправить ссылку для смены пароля</Button>
            </PostForm>
            <PostForm action={action('one-time-password')} csrf={csrf}>
              <p>Если письма не доходят: пароль покажем один раз, при входе его нужно будет сменить.</p>
              <Button variant="secondary">Выдать одноразовый пароль</Button>
            </PostForm>
          </div>
        </section>
        <p>
          <a href={`${ADMIN.history}?${new URLSearchParams({ targetType: 'user', targetId: String(id) })}`}>
            Журнал действий с этой учётной записью
          </a>
        </p>
      </div>,
      problem ? problem.statusCode : 200,
    );
  }

  app.get(`${ADMIN.users}/:id`, { config: ADMINS_ONLY, schema: { hide: true, params: idParam } }, (request, reply) =>
    accountPage(request, reply, request.params.id),
  );

  /** A button's post: the change, then back to the account with a notice, or the page with the refusal. */
  function post(path: string, act: (request: FastifyRequest, id: number) => string | Promise<string>) {
    app.post(
      `${ADMIN.users}/:id/${path}`,
      { config: ADMINS_ONLY, schema: { hide: true, params: idParam } },
      async (request, reply) => {
        const { id } = request.params;
        try {
          return redirectWithNotice(reply, ADMIN.user(id), await act(request, id));
        } catch (error) {
          if (error instanceof AppError && error.statusCode === 409) return accountPage(request, reply, id, error);
          throw error;
        }
      },
    );
  }

  post('roles', (request, id) => {
    const parsed = parseForm(roleForm, request.body);
    if (!parsed.ok) throw new AppError('VALIDATION_FAILED', 'Роль не распознана: обновите страницу и повторите');
    const { role, grant } = parsed.data;
    adminUsers.setRole(adminActor(request), id, role, grant === '1');
    return `Роль «${ROLE_LABELS[role]}» ${grant === '1' ? 'выдана' : 'снята'}`;
  });
  post('disable', (request, id) => {
    adminUsers.setDisabled(adminActor(request), id, true);
    return 'Учётная запись отключена, её сеансы завершены';
  });
  post('enable', (request, id) => {
    adminUsers.setDisabled(adminActor(request), id, false);
    return 'Учётная запись снова включена';
  });
  post('end-sessions', (request, id) => {
    const ended = adminUsers.endSessions(adminActor(request), id);
    return ended > 0 ? `Завершено: ${count(ended, SESSIONS)}` : 'Действующих сеансов не было';
  });
  post('password-reset', (request, id) => {
    const { sent, email } = adminUsers.sendPasswordReset(adminActor(request), id);
    return sent
      ? `Письмо со ссылкой для смены пароля отправлено на ${email}`
      : 'Почта банка не настроена (SMTP_URL), письмо не ушло: выдайте одноразовый пароль';
  });
  post('one-time-password', async (request, id) => {
    const { account, password } = await adminUsers.issueOneTimePassword(adminActor(request), id);
    // Shown once, in the notice of the page the button leads to: gone on reload.
    return `Одноразовый пароль для ${account.email}: ${password} — передайте его лично или по телефону. При входе банк попросит придумать свой.`;
  });
};
