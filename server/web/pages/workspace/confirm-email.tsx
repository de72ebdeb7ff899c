/**
 * Confirming the address: `/register/sent` («Проверьте почту», the same after any registration), the letter's
 * `/confirm-email/<token>` (a button, so a mail scanner that opens links does not spend the link; pressing it
 * confirms the address and signs the person in), and «Отправить письмо ещё раз» from the banner every page shows
 * to a person whose address is not confirmed yet.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../../access/routes.js';
import { requireUser } from '../../../auth/plugin.js';
import { AppError } from '../../../errors.js';
import { Button, ButtonLink, PostForm } from '../../components/forms.js';
import { formFields, redirectWithNotice, safeNext } from '../../forms.js';
import { sendPage } from '../../render.js';
import { accountStyles, homeOf, type WorkspacePageOptions } from './account-forms.js';
import { WORKSPACE } from './paths.js';

const tokenParams = z.object({ token: z.string().regex(/^[\w-]{20,100}$/, 'Ссылка повреждена') });
const LINK = '/confirm-email/:token';

export const confirmEmailPages: FastifyPluginAsyncZod<WorkspacePageOptions> = async (app, { services, config }) => {
  const { auth, confirmation } = services;
  const anyone = access('anyone');
  const rateLimit = { max: config.loginRateLimit, timeWindow: '1 minute' };

  /** A spent or expired link: said plainly, with the way to get a new one. */
  const deadLinkPage = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(
      request,
      reply,
      { head: accountStyles, title: 'Ссылка не действует', query: false },
      <div class="narrow">
        <h1>Ссылка не действует</h1>
        <p>
          Ссылка из письма действует 48 часов и только один раз, а после нового письма — только самая свежая. Войдите с
          адресом и паролем, которые указали при регистрации, и нажмите «Отправить письмо ещё раз».
        </p>
        <ButtonLink href={WORKSPACE.login}>Войти</ButtonLink>
      </div>,
      410,
    );

  app.get(WORKSPACE.registered, { config: anyone, schema: { hide: true } }, async (request, reply) =>
    sendPage(
      request,
      reply,
      { head: accountStyles, title: 'Проверьте почту', query: false },
      <div class="narrow">
        <h1>Проверьте почту</h1>
        <p>
          Мы отправили письмо на адрес, который вы указали. Откройте ссылку из него: она подтвердит адрес и впустит вас
          в банк. Ссылка действует 48 часов.
        </p>
        <p>
          Письма нет несколько минут? Проверьте папку «Спам». Если адрес уже был зарегистрирован, в письме сказано, как
          войти или восстановить пароль.
        </p>
        <p>
          <a href={WORKSPACE.login}>Перейти ко входу</a>
        </p>
      </div>,
    ),
  );

  app.get(LINK, { config: anyone, schema: { hide: true, params: tokenParams } }, async (request, reply) => {
    // The token is in the address: no referrer may carry it to another site.
    reply.header('referrer-policy', 'no-referrer');
    if (!confirmation.isLive(request.params.token)) return deadLinkPage(request, reply);
    return sendPage(
      request,
      reply,
      { head: accountStyles, title: 'Подтверждение адреса', query: false },
      <div class="narrow">
        <h1>Подтверждение адреса</h1>
        <p>Нажмите кнопку, чтобы подтвердить, что адрес ваш, и войти в банк практик.</p>
        <PostForm action={WORKSPACE.confirmLink(request.params.token)} csrf={app.formToken(request, reply)}>
          <Button>Подтвердить адрес и войти</Button>
        </PostForm>
      </div>,
    );
  });

  app.post(
    LINK,
    { config: { ...anyone, rateLimit }, schema: { hide: true, params: tokenParams } },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      let userId: number;
      try {
        userId = confirmation.confirm(request.params.token);
      } catch (error) {
        if (error instanceof AppError && error.code === 'CONFIRM_LINK_INVALID') return deadLinkPage(request, reply);
        throw error;
      }
      const current = request.session?.user;
      if (current?.id === userId) return redirectWithNotice(reply, homeOf(request), 'Адрес подтверждён');
      // Someone else is signed in in this browser: the address is confirmed, but their session is not replaced.
      if (current)
        return redirectWithNotice(
          reply,
          homeOf(request),
          `Адрес подтверждён. В этом браузере вы по-прежнему вошли как ${current.fullName}`,
        );
      const { token, session } = auth.signInByLink(userId, { userAgent: request.headers['user-agent'] });
      app.sessionCookie.set(reply, token);
      return redirectWithNotice(
        reply,
        homeOf(request),
        `Адрес подтверждён, вы вошли как ${session.user.fullName}. Добро пожаловать в банк практик!`,
      );
    },
  );

  app.post(
    WORKSPACE.confirmResend,
    {
      config: { ...access('signed-in'), emailUnconfirmedAllowed: true, rateLimit },
      schema: { hide: true },
    },
    async (request, reply) => {
      const user = requireUser(request);
      confirmation.resend(user, request.ip);
      const back = safeNext(formFields(request.body).next, homeOf(request));
      return redirectWithNotice(reply, back, `Письмо со ссылкой отправлено на ${user.email}`);
    },
  );
};
