/**
 * Signing in and out, and registering: `/login` (back to `next` afterwards, kept inside the bank by `safeNext`),
 * `/register` (an author's account; «Проверьте почту» follows for a new and a known address alike, and the link in
 * the letter signs the person in — see confirm-email.tsx), and `POST /logout` (the header's «Выйти»). The pages
 * call the same services as the API, so a paused account or a common password gets the same Russian words in both.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../../access/routes.js';
import { newPassword, personName } from '../../../auth/schemas.js';
import { PASSWORD_RULES } from '../../../auth/password-rules.js';
import { plainLine } from '../../../shared/schemas.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { parseForm, redirectWithNotice, safeNext, type FormErrors, type FormFields } from '../../forms.js';
import { sendPage } from '../../render.js';
import {
  accountStyles,
  errorsFrom,
  filledEmail,
  homeOf,
  organizationGroups,
  organizationSelect,
  type WorkspacePageOptions,
} from './account-forms.js';
import { WORKSPACE } from './paths.js';

const next = z.string().max(2000).optional();
const loginForm = z.strictObject({
  email: z.string().trim().toLowerCase().min(1, 'Введите адрес электронной почты').max(320, 'Слишком длинный адрес'),
  password: z.string().min(1, 'Введите пароль').max(256, 'Пароль не длиннее 256 символов'),
  next,
});
const registerForm = z.strictObject({
  email: filledEmail,
  fullName: personName,
  position: plainLine(200).optional(),
  organizationId: z
    .string()
    .regex(/^\d*$/, 'Выберите организацию из списка')
    .optional()
    .transform((v) => (v ? Number(v) : undefined)),
  password: newPassword,
  next,
});

const LOGIN_LABELS = { email: 'Адрес электронной почты', password: 'Пароль' };
const REGISTER_LABELS = {
  email: 'Адрес электронной почты',
  fullName: 'Фамилия, имя и отчество',
  position: 'Должность',
  organizationId: 'Организация',
  password: 'Пароль',
};
/** What a refused sign-in is told beside the address field. */
const SIGN_IN_REFUSALS = ['INVALID_CREDENTIALS', 'SIGN_IN_PAUSED', 'ACCOUNT_DISABLED'] as const;

const nextQuery = (value: string | undefined) => (value ? `?next=${encodeURIComponent(value)}` : '');
const NextField = ({ value }: { value: string | undefined }) =>
  value ? <input type="hidden" name="next" value={value} /> : null;

export const signInPages: FastifyPluginAsyncZod<WorkspacePageOptions> = async (app, { services, config }) => {
  const { auth, registration } = services;
  const rateLimit = { max: config.loginRateLimit, timeWindow: '1 minute' };
  const status = (error: unknown) => (error instanceof Error && 'statusCode' in error ? Number(error.statusCode) : 400);

  function loginPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: FormFields,
    errors: FormErrors = {},
    code = 200,
  ) {
    const target = typeof values.next === 'string' ? values.next : undefined;
    return sendPage(
      request,
      reply,
      { head: accountStyles, title: Object.keys(errors).length ? 'Ошибка: вход' : 'Вход', query: false },
      <div class="narrow">
        <h1>Вход в банк практик</h1>
        <ErrorSummary errors={errors} labels={LOGIN_LABELS} />
        <PostForm action={WORKSPACE.login} csrf={app.formToken(request, reply)} novalidate>
          <NextField value={target} />
          <Field
            id="email"
            name="email"
            type="email"
            label={LOGIN_LABELS.email}
            value={values.email as string | undefined}
            error={errors.email}
            autocomplete="username"
          />
          <Field
            id="password"
            name="password"
            type="password"
            label={LOGIN_LABELS.password}
            error={errors.password}
            autocomplete="current-password"
          />
          <Button>Войти</Button>
        </PostForm>
        <p>
          <a href={WORKSPACE.passwordReset}>Забыли пароль?</a>
        </p>
        <p>
          Ещё нет учётной записи? <a href={`${WORKSPACE.register}${nextQuery(target)}`}>Зарегистрируйтесь</a> — это
          займёт пару минут.
        </p>
      </div>,
      code,
    );
  }

  function registerPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: FormFields,
    errors: FormErrors = {},
    code = 200,
  ) {
    const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
    return sendPage(
      request,
      reply,
      { head: accountStyles, title: Object.keys(errors).length ? 'Ошибка: регистрация' : 'Регистрация', query: false },
      <div class="narrow">
        <h1>Регистрация автора</h1>
        <p>
          Учётная запись нужна, чтобы публиковать свои практики. Искать и читать практики можно и без неё. Есть учётная
          запись? <a href={`${WORKSPACE.login}${nextQuery(text('next'))}`}>Войдите</a>.
        </p>
        <ErrorSummary errors={errors} labels={REGISTER_LABELS} />
        <PostForm action={WORKSPACE.register} csrf={app.formToken(request, reply)} novalidate>
          <NextField value={text('next')} />
          <Field
            id="email"
            name="email"
            type="email"
            label={REGISTER_LABELS.email}
            hint="На него придут письма о ваших практиках и ссылка, если забудете пароль"
            value={text('email')}
            error={errors.email}
            autocomplete="email"
          />
          <Field
            id="fullName"
            name="fullName"
            label={REGISTER_LABELS.fullName}
            hint="Так вас увидят читатели практики, например: Иванова Анна Петровна"
            value={text('fullName')}
            error={errors.fullName}
            autocomplete="name"
          />
          <Field
            id="position"
            name="position"
            label={REGISTER_LABELS.position}
            hint="Необязательно. Например: учитель начальных классов"
            value={text('position')}
            error={errors.position}
            autocomplete="organization-title"
          />
          <Field
            id="organizationId"
            name="organizationId"
            label={REGISTER_LABELS.organizationId}
            hint="Из справочника, по муниципалитетам. Начните печатать название, чтобы перейти к нему. Если вашей организации нет, выберите её позже в редакторе практики"
            error={errors.organizationId}
            control={organizationSelect(organizationGroups(services), text('organizationId'))}
          />
          <Field
            id="password"
            name="password"
            type="password"
            label={REGISTER_LABELS.password}
            hint={PASSWORD_RULES}
            error={errors.password}
            autocomplete="new-password"
          />
          <Button>Зарегистрироваться</Button>
        </PostForm>
      </div>,
      code,
    );
  }

  app.get(
    WORKSPACE.login,
    { config: access('anyone'), schema: { hide: true, querystring: z.object({ next }) } },
    async (request, reply) => {
      if (request.session) return reply.redirect(safeNext(request.query.next, homeOf(request)), 303);
      return loginPage(request, reply, { ...(request.query.next ? { next: request.query.next } : {}) });
    },
  );

  app.post(
    WORKSPACE.login,
    { config: { ...access('anyone'), rateLimit }, schema: { hide: true } },
    async (request, reply) => {
      const parsed = parseForm(loginForm, request.body);
      if (!parsed.ok) return loginPage(request, reply, parsed.values, parsed.errors, 400);
      const { data } = parsed;
      try {
        const { token, session } = await auth.login(data.email, data.password, {
          userAgent: request.headers['user-agent'],
          address: request.ip,
          previousSessionId: request.session?.id,
        });
        app.sessionCookie.set(reply, token);
        return redirectWithNotice(reply, safeNext(data.next, homeOf(request)), `Вы вошли как ${session.user.fullName}`);
      } catch (error) {
        const errors = errorsFrom(error, 'email', SIGN_IN_REFUSALS);
        return loginPage(
          request,
          reply,
          { email: data.email, ...(data.next ? { next: data.next } : {}) },
          errors,
          status(error),
        );
      }
    },
  );

  /** A signed-in person asking to register is told who they are and offered to sign out first. */
  function signedInPage(request: FastifyRequest, reply: FastifyReply, code = 200) {
    const user = request.session!.user;
    return sendPage(
      request,
      reply,
      { head: accountStyles, title: 'Регистрация', query: false },
      <div class="narrow">
        <h1>Регистрация автора</h1>
        <p>
          Вы уже вошли как <strong>{user.fullName}</strong> ({user.email}). Чтобы зарегистрировать другую учётную
          запись, сначала выйдите.
        </p>
        <PostForm action="/logout" csrf={app.formToken(request, reply)}>
          <Button>Выйти</Button>
        </PostForm>
        <p>
          <a href={homeOf(request)}>Остаться и вернуться к своим практикам</a>
        </p>
      </div>,
      code,
    );
  }

  app.get(
    WORKSPACE.register,
    { config: access('anyone'), schema: { hide: true, querystring: z.object({ next }) } },
    async (request, reply) => {
      if (request.session) return signedInPage(request, reply);
      return registerPage(request, reply, { ...(request.query.next ? { next: request.query.next } : {}) });
    },
  );

  app.post(
    WORKSPACE.register,
    { config: { ...access('anyone'), rateLimit }, schema: { hide: true } },
    async (request, reply) => {
      // Registering must never replace the session a person is signed in with.
      if (request.session) return signedInPage(request, reply, 409);
      const parsed = parseForm(registerForm, request.body);
      const { password: _typed, ...kept } = parsed.ok ? (request.body as FormFields) : parsed.values;
      if (!parsed.ok) return registerPage(request, reply, kept, parsed.errors, 400);
      const { data } = parsed;
      try {
        if (data.organizationId !== undefined && !services.organizations.exists(app.bank.db, data.organizationId))
          return registerPage(request, reply, kept, { organizationId: 'Такой организации нет в справочнике' }, 400);
        const { message } = await registration.register(
          {
            email: data.email,
            password: data.password,
            fullName: data.fullName,
            position: data.position || null,
            organizationId: data.organizationId ?? null,
          },
          { userAgent: request.headers['user-agent'], address: request.ip },
        );
        return redirectWithNotice(reply, WORKSPACE.registered, message);
      } catch (error) {
        return registerPage(request, reply, kept, errorsFrom(error, 'email', []), status(error));
      }
    },
  );

  app.post(
    '/logout',
    { config: { ...access('anyone'), oneTimePasswordAllowed: true }, schema: { hide: true } },
    async (request, reply) => {
      if (request.session) auth.logout(request.session.id);
      app.sessionCookie.clear(reply);
      return redirectWithNotice(reply, '/', 'Вы вышли из банка практик');
    },
  );
};
