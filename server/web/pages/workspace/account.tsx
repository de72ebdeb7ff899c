/**
 * A person's own account: `/account` (name, position, organisation; the sessions they are signed in with and
 * «Выйти на других устройствах»; a link to change the password) and `/account/password`, which is also where a
 * one-time password leads: until it is changed nothing else opens, and afterwards the person goes on to the page
 * they had asked for.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../../access/routes.js';
import { personName } from '../../../auth/schemas.js';
import { requireUser } from '../../../auth/plugin.js';
import { plainLine } from '../../../shared/schemas.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { parseForm, redirectWithNotice, safeNext, type FormErrors, type FormFields } from '../../forms.js';
import { count } from '../../format.js';
import { sendPage } from '../../render.js';
import {
  accountStyles,
  deviceInWords,
  errorsFrom,
  formatDateTime,
  NewPasswordInputs,
  newPasswordFields,
  organizationGroups,
  organizationSelect,
  samePasswordTwice,
  type WorkspacePageOptions,
} from './account-forms.js';
import { WORKSPACE } from './paths.js';

const profileForm = z.strictObject({
  fullName: personName,
  position: plainLine(200).optional(),
  organizationId: z
    .string()
    .regex(/^\d*$/, 'Выберите организацию из списка')
    .optional()
    .transform((v) => (v ? Number(v) : null)),
});
const passwordForm = samePasswordTwice(
  z.strictObject({
    currentPassword: z.string().min(1, 'Введите текущий пароль').max(256, 'Пароль не длиннее 256 символов'),
    ...newPasswordFields,
    next: z.string().max(2000).optional(),
    // The account's address in a hidden field, so a password manager knows whose password it saves.
    username: z.string().max(320).optional(),
  }),
);

const PROFILE_LABELS = { fullName: 'Фамилия, имя и отчество', position: 'Должность', organizationId: 'Организация' };
const PASSWORD_LABELS = {
  currentPassword: 'Текущий пароль',
  newPassword: 'Новый пароль',
  newPasswordAgain: 'Новый пароль ещё раз',
};
const SESSIONS = { one: 'сеанс', few: 'сеанса', many: 'сеансов' };

export const accountPages: FastifyPluginAsyncZod<WorkspacePageOptions> = async (app, { services, config }) => {
  const { auth } = services;
  const signedIn = access('signed-in');

  function accountPage(request: FastifyRequest, reply: FastifyReply, values?: FormFields, errors: FormErrors = {}) {
    const user = requireUser(request);
    const text = (name: string, fallback: string | null) =>
      values ? (typeof values[name] === 'string' ? (values[name] as string) : undefined) : (fallback ?? undefined);
    const sessions = auth.listSessions(user.id, request.session?.id);
    const others = sessions.filter((s) => !s.current).length;
    const csrf = app.formToken(request, reply);
    return sendPage(
      request,
      reply,
      { head: accountStyles, title: Object.keys(errors).length ? 'Ошибка: учётная запись' : 'Учётная запись' },
      <div class="narrow">
        <h1>Учётная запись</h1>
        <p>
          Вы вошли как <strong>{user.email}</strong>.
        </p>
        <ErrorSummary errors={errors} labels={PROFILE_LABELS} />
        <section aria-labelledby="profile-title">
          <h2 id="profile-title">О себе</h2>
          <PostForm action={WORKSPACE.account} csrf={csrf} novalidate>
            <Field
              id="fullName"
              name="fullName"
              label={PROFILE_LABELS.fullName}
              hint="Так вас увидят читатели ваших практик"
              value={text('fullName', user.fullName)}
              error={errors.fullName}
              autocomplete="name"
            />
            <Field
              id="position"
              name="position"
              label={PROFILE_LABELS.position}
              hint="Необязательно. Например: учитель начальных классов"
              value={text('position', user.position)}
              error={errors.position}
              autocomplete="organization-title"
            />
            <Field
              id="organizationId"
              name="organizationId"
              label={PROFILE_LABELS.organizationId}
              hint="Из справочника, по муниципалитетам. Начните печатать название, чтобы перейти к нему"
              error={errors.organizationId}
              control={organizationSelect(
                organizationGroups(services, user.id),
                text('organizationId', user.organizationId === null ? null : String(user.organizationId)),
              )}
            />
            <Button>Сохранить</Button>
          </PostForm>
        </section>
        <section aria-labelledby="password-title">
          <h2 id="password-title">Пароль</h2>
          <p>
            <a href={WORKSPACE.accountPassword}>Сменить пароль</a>. После смены вы останетесь в банке на этом
            устройстве, на остальных придётся войти заново.
          </p>
        </section>
        <section aria-labelledby="sessions-title">
          <h2 id="sessions-title">Где вы вошли</h2>
          <ul class="sessions">
            {sessions.map((s) => (
              <li>
                <strong>{deviceInWords(s.userAgent)}</strong>
                {s.current ? ' — это устройство' : ''}
                <br />
                <span class="hint">
                  Вход: {formatDateTime(s.createdAt)}
                  {s.lastSeenAt && !s.current ? `; последний раз: ${formatDateTime(s.lastSeenAt)}` : ''}
                </span>
              </li>
            ))}
          </ul>
          {others > 0 ? (
            <PostForm action={WORKSPACE.accountSessions} csrf={csrf}>
              <p>
                Если вы входили с чужого или общего компьютера (в учительской, в библиотеке), завершите{' '}
                {others === 1 ? 'тот сеанс' : 'те сеансы'}.
              </p>
              <Button variant="secondary">Выйти на других устройствах</Button>
            </PostForm>
          ) : (
            <p>На других устройствах вы не входили.</p>
          )}
        </section>
      </div>,
      Object.keys(errors).length ? 400 : 200,
    );
  }

  function passwordPage(request: FastifyRequest, reply: FastifyReply, values: FormFields, errors: FormErrors = {}) {
    const user = requireUser(request);
    const oneTime = user.mustChangePassword;
    const next = typeof values.next === 'string' ? values.next : undefined;
    const labels = oneTime ? { ...PASSWORD_LABELS, currentPassword: 'Одноразовый пароль' } : PASSWORD_LABELS;
    return sendPage(
      request,
      reply,
      {
        head: accountStyles,
        title: `${Object.keys(errors).length ? 'Ошибка: ' : ''}${oneTime ? 'Задайте свой пароль' : 'Смена пароля'}`,
      },
      <div class="narrow">
        <h1>{oneTime ? 'Задайте свой пароль' : 'Смена пароля'}</h1>
        {oneTime ? (
          <p>
            Вы вошли с одноразовым паролем, который выдал администратор. Прежде чем продолжить, придумайте свой:
            одноразовый перестанет действовать.
          </p>
        ) : null}
        <ErrorSummary errors={errors} labels={labels} />
        <PostForm action={WORKSPACE.accountPassword} csrf={app.formToken(request, reply)} novalidate>
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <input type="hidden" name="username" value={user.email} autocomplete="username" />
          <Field
            id="currentPassword"
            name="currentPassword"
            type="password"
            label={labels.currentPassword}
            error={errors.currentPassword}
            autocomplete="current-password"
          />
          <NewPasswordInputs errors={errors} />
          <Button>{oneTime ? 'Сохранить пароль и продолжить' : 'Сменить пароль'}</Button>
        </PostForm>
        {oneTime ? null : (
          <p>
            <a href={WORKSPACE.account}>Вернуться в учётную запись</a>
          </p>
        )}
      </div>,
      Object.keys(errors).length ? 400 : 200,
    );
  }

  app.get(WORKSPACE.account, { config: signedIn, schema: { hide: true } }, async (request, reply) =>
    accountPage(request, reply),
  );

  app.post(WORKSPACE.account, { config: signedIn, schema: { hide: true } }, async (request, reply) => {
    const user = requireUser(request);
    const parsed = parseForm(profileForm, request.body);
    if (!parsed.ok) return accountPage(request, reply, parsed.values, parsed.errors);
    const { organizationId } = parsed.data;
    if (organizationId !== null && !services.organizations.exists(app.bank.db, organizationId))
      return accountPage(request, reply, request.body as FormFields, {
        organizationId: 'Такой организации нет в справочнике',
      });
    auth.updateProfile(user.id, {
      fullName: parsed.data.fullName,
      position: parsed.data.position || null,
      organizationId,
    });
    return redirectWithNotice(reply, WORKSPACE.account, 'Сведения о себе сохранены');
  });

  // Signing out elsewhere and changing the password stay open before the address is confirmed: they protect it.
  const beforeConfirmation = { ...signedIn, emailUnconfirmedAllowed: true };
  app.post(
    WORKSPACE.accountSessions,
    { config: beforeConfirmation, schema: { hide: true } },
    async (request, reply) => {
      const user = requireUser(request);
      const ended = auth.endOtherSessions(user.id, request.session?.id);
      return redirectWithNotice(
        reply,
        WORKSPACE.account,
        ended > 0 ? `Вы вышли на других устройствах: завершено ${count(ended, SESSIONS)}` : 'Других сеансов не было',
      );
    },
  );

  const passwordRoute = { config: { ...beforeConfirmation, oneTimePasswordAllowed: true } };
  app.get(
    WORKSPACE.accountPassword,
    { ...passwordRoute, schema: { hide: true, querystring: z.object({ next: z.string().max(2000).optional() }) } },
    async (request, reply) => passwordPage(request, reply, request.query.next ? { next: request.query.next } : {}),
  );

  app.post(
    WORKSPACE.accountPassword,
    {
      ...passwordRoute,
      config: { ...passwordRoute.config, rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
      schema: { hide: true },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const parsed = parseForm(passwordForm, request.body);
      const next = (request.body as FormFields | undefined)?.next;
      const kept: FormFields = typeof next === 'string' ? { next } : {};
      if (!parsed.ok) return passwordPage(request, reply, kept, parsed.errors);
      try {
        await auth.changePassword(user.id, parsed.data.currentPassword, parsed.data.newPassword, request.session?.id);
      } catch (error) {
        return passwordPage(request, reply, kept, errorsFrom(error, 'currentPassword', []));
      }
      return redirectWithNotice(reply, safeNext(parsed.data.next, WORKSPACE.account), 'Пароль изменён');
    },
  );
};
