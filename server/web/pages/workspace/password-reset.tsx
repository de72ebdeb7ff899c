/**
 * «Забыли пароль?»: `/password-reset` asks for the e-mail and always says the same (a letter comes if the address
 * has an account); the letter links to `/password-reset/<token>`, where a new password is set once within the
 * hour. Every session of the account ends, so whoever knew the old password is signed out everywhere.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../../access/routes.js';
import { RESET_REQUESTED } from '../../../auth/reset.js';

import { Notice } from '../../components/content.js';
import { Button, ButtonLink, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { parseForm, redirectWithNotice, type FormErrors, type FormFields } from '../../forms.js';
import { sendPage } from '../../render.js';
import {
  accountStyles,
  errorsFrom,
  filledEmail,
  NEW_PASSWORD_LABELS,
  NewPasswordInputs,
  newPasswordFields,
  samePasswordTwice,
  type WorkspacePageOptions,
} from './account-forms.js';
import { WORKSPACE } from './paths.js';

const requestForm = z.strictObject({ email: filledEmail });
const newPasswordForm = samePasswordTwice(
  z.strictObject({
    ...newPasswordFields,
  }),
);
const tokenParams = z.object({ token: z.string().regex(/^[\w-]{20,100}$/, 'Ссылка повреждена') });

const REQUEST_LABELS = { email: 'Адрес электронной почты' };
const SENT = '/password-reset/sent';

export const passwordResetPages: FastifyPluginAsyncZod<WorkspacePageOptions> = async (app, { services, config }) => {
  const { passwordReset } = services;
  const anyone = access('anyone');
  const rateLimit = { max: config.loginRateLimit, timeWindow: '1 minute' };

  function requestPage(request: FastifyRequest, reply: FastifyReply, values: FormFields, errors: FormErrors = {}) {
    return sendPage(
      request,
      reply,
      {
        head: accountStyles,
        title: Object.keys(errors).length ? 'Ошибка: восстановление пароля' : 'Восстановление пароля',
        query: false,
      },
      <div class="narrow">
        <h1>Восстановление пароля</h1>
        <p>
          Укажите адрес, с которым вы регистрировались. Мы пришлём письмо со ссылкой: по ней можно задать новый пароль в
          течение часа.
        </p>
        <ErrorSummary errors={errors} labels={REQUEST_LABELS} />
        <PostForm action={WORKSPACE.passwordReset} csrf={app.formToken(request, reply)} novalidate>
          <Field
            id="email"
            name="email"
            type="email"
            label={REQUEST_LABELS.email}
            value={typeof values.email === 'string' ? values.email : undefined}
            error={errors.email}
            autocomplete="email"
          />
          <Button>Прислать ссылку</Button>
        </PostForm>
        <p>
          Письмо не приходит? Проверьте папку «Спам». Если доступа к почте нет, попросите администратора банка в СОИРО
          выдать вам одноразовый пароль.
        </p>
        <p>
          <a href={WORKSPACE.login}>Вернуться ко входу</a>
        </p>
      </div>,
      Object.keys(errors).length ? 400 : 200,
    );
  }

  function newPasswordPage(request: FastifyRequest, reply: FastifyReply, token: string, errors: FormErrors = {}) {
    return sendPage(
      request,
      reply,
      {
        head: accountStyles,
        title: Object.keys(errors).length ? 'Ошибка: новый пароль' : 'Новый пароль',
        query: false,
      },
      <div class="narrow">
        <h1>Новый пароль</h1>
        <p>После смены пароля вы выйдете на всех устройствах и войдёте заново с новым паролем.</p>
        <ErrorSummary errors={errors} labels={NEW_PASSWORD_LABELS} />
        <PostForm action={WORKSPACE.passwordResetLink(token)} csrf={app.formToken(request, reply)} novalidate>
          <NewPasswordInputs errors={errors} />
          <Button>Сохранить новый пароль</Button>
        </PostForm>
      </div>,
      Object.keys(errors).length ? 400 : 200,
    );
  }

  /** A spent or expired link: said plainly, with the way to ask for a new one. */
  const deadLinkPage = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(
      request,
      reply,
      { head: accountStyles, title: 'Ссылка не действует', query: false },
      <div class="narrow">
        <h1>Ссылка не действует</h1>
        <p>
          Ссылка из письма действует 1 час и только один раз, а после нового запроса — только самая свежая. Запросите
          письмо ещё раз.
        </p>
        <ButtonLink href={WORKSPACE.passwordReset}>Запросить новую ссылку</ButtonLink>
      </div>,
      410,
    );

  app.get(WORKSPACE.passwordReset, { config: anyone, schema: { hide: true } }, async (request, reply) =>
    requestPage(request, reply, {}),
  );

  app.post(
    WORKSPACE.passwordReset,
    { config: { ...anyone, rateLimit }, schema: { hide: true } },
    async (request, reply) => {
      const parsed = parseForm(requestForm, request.body);
      if (!parsed.ok) return requestPage(request, reply, parsed.values, parsed.errors);
      passwordReset.request(parsed.data.email, request.ip);
      return redirectWithNotice(reply, SENT);
    },
  );

  app.get(SENT, { config: anyone, schema: { hide: true } }, async (request, reply) =>
    sendPage(
      request,
      reply,
      { head: accountStyles, title: 'Проверьте почту', query: false },
      <div class="narrow">
        <h1>Проверьте почту</h1>
        <Notice>
          <p>{RESET_REQUESTED}</p>
        </Notice>
        <p>
          Письмо не пришло за несколько минут? Проверьте папку «Спам» или{' '}
          <a href={WORKSPACE.passwordReset}>запросите ещё раз</a>.
        </p>
      </div>,
    ),
  );

  app.get(
    '/password-reset/:token',
    { config: anyone, schema: { hide: true, params: tokenParams } },
    async (request, reply) => {
      // The token is in the address: no referrer may carry it to another site.
      reply.header('referrer-policy', 'no-referrer');
      if (!passwordReset.isLive(request.params.token)) return deadLinkPage(request, reply);
      return newPasswordPage(request, reply, request.params.token);
    },
  );

  app.post(
    '/password-reset/:token',
    { config: { ...anyone, rateLimit }, schema: { hide: true, params: tokenParams } },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      const { token } = request.params;
      const parsed = parseForm(newPasswordForm, request.body);
      if (!parsed.ok) return newPasswordPage(request, reply, token, parsed.errors);
      try {
        await passwordReset.confirm(token, parsed.data.newPassword);
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'RESET_LINK_INVALID')
          return deadLinkPage(request, reply);
        return newPasswordPage(request, reply, token, errorsFrom(error, 'newPassword', []));
      }
      // Every session ended, this browser's too: the next page must not greet a person who is signed out.
      app.sessionCookie.clear(reply);
      return redirectWithNotice(reply, WORKSPACE.login, 'Пароль изменён. Войдите с новым паролем');
    },
  );
};
