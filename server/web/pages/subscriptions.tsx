/**
 * Subscriptions for visitors: the small form under the search results («Подписаться на новые практики по этому
 * поиску»), «Проверьте почту», the confirmation link's page and the unsubscribe link's page. Links show a button
 * first (a mail scanner that opens links spends nothing); the unsubscribe address also takes the mail client's
 * one-click POST (RFC 8058), which carries no form token: the link's token is the credential.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../access/routes.js';
import { AppError } from '../../errors.js';
import { FILTER_PARAMS } from '../../model/practice.js';
import { followedSearch, subscriptionEmail } from '../../subscriptions/schemas.js';
import { followedSearchHref, type FollowedSearch } from '../../subscriptions/selection.js';
import { SUBSCRIPTION_PATHS } from '../../subscriptions/letters.js';
import { asset } from '../assets.js';
import { Button, ErrorSummary, Field, PostForm } from '../components/forms.js';
import { fieldErrors, formFields, type FormErrors } from '../forms.js';
import { sendPage } from '../render.js';
import type { SearchView } from './search-url.js';
import type { WorkspacePageOptions } from './workspace/account-forms.js';
import { WORKSPACE } from './workspace/paths.js';

export const SUBSCRIBE_ACTION = '/subscriptions';
const SENT = '/subscriptions/sent';
const styles = <link rel="stylesheet" href={asset('subscriptions.css')} />;
const tokenParams = z.object({ token: z.string().regex(/^[\w-]{20,100}$/, 'Ссылка повреждена') });

/** The search's words and filters as hidden fields, so the form subscribes to exactly what is on the screen. */
function SearchFields({ search }: { search: FollowedSearch }) {
  return (
    <>
      {search.q ? <input type="hidden" name="q" value={search.q} /> : null}
      {FILTER_PARAMS.flatMap((param) =>
        (search[param] ?? []).map((value) => <input type="hidden" name={param} value={value} />),
      )}
    </>
  );
}

/** The view's search without its page and sort. */
export const searchOf = (view: SearchView): FollowedSearch => ({ ...(view.q ? { q: view.q } : {}), ...view.filters });

/** The form under the search results. */
export function SubscribeForm(props: {
  search: FollowedSearch;
  csrf: string;
  email?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <section class="subscribe-search" aria-labelledby="subscribe-title">
      <h2 id="subscribe-title">Подписаться на новые практики по этому поиску</h2>
      <PostForm action={SUBSCRIBE_ACTION} csrf={props.csrf}>
        <SearchFields search={props.search} />
        <Field
          id="subscribe-email"
          name="email"
          type="email"
          label="Адрес электронной почты"
          hint="Раз в неделю пришлём письмо, если появятся новые практики. Отписаться можно из любого письма."
          autocomplete="email"
          value={props.email}
          error={props.error}
          required
        />
        <Button>Подписаться</Button>
      </PostForm>
    </section>
  );
}

export const subscriptionPages: FastifyPluginAsyncZod<WorkspacePageOptions> = async (app, { services, config }) => {
  const { subscriptions } = services;
  const rateLimit = { max: config.loginRateLimit, timeWindow: '1 minute' };
  const anyone = access('anyone');

  const simplePage = (request: FastifyRequest, reply: FastifyReply, title: string, body: unknown, status = 200) =>
    sendPage(
      request,
      reply,
      { title, head: styles, query: false },
      <div class="narrow">
        <h1>{title}</h1>
        {body as never}
      </div>,
      status,
    );

  const deadLink = (request: FastifyRequest, reply: FastifyReply) =>
    simplePage(
      request,
      reply,
      'Ссылка не действует',
      <p>
        Ссылка устарела или уже использована. Ссылка подтверждения действует 48 часов; чтобы получить новую, снова
        подпишитесь на странице поиска. <a href="/">Перейти к поиску</a>
      </p>,
      410,
    );

  app.post(SUBSCRIBE_ACTION, { config: { ...anyone, rateLimit }, schema: { hide: true } }, async (request, reply) => {
    const fields = formFields(request.body);
    const parsedSearch = followedSearch.safeParse(fields);
    const search = parsedSearch.success ? (parsedSearch.data as FollowedSearch) : {};
    const email = subscriptionEmail.safeParse(fields.email ?? '');
    let errors: FormErrors = email.success ? {} : { 'subscribe-email': fieldErrors(email.error)._form ?? '' };
    if (!parsedSearch.success) errors._form = 'Поиск задан с ошибкой: вернитесь на страницу поиска и повторите';
    let status = 400;
    if (Object.keys(errors).length === 0)
      try {
        await subscriptions.subscribe(email.data!, search, request.ip);
        return reply.redirect(SENT, 303);
      } catch (error) {
        if (!(error instanceof AppError) || !['SUBSCRIPTION_LIMIT_REACHED', 'VALIDATION_FAILED'].includes(error.code))
          throw error;
        errors =
          error.code === 'VALIDATION_FAILED'
            ? { _form: 'Поиск задан с ошибкой: вернитесь на страницу поиска и повторите' }
            : { 'subscribe-email': error.message };
        status = error.statusCode;
      }
    return sendPage(
      request,
      reply,
      { title: 'Ошибка: подписка на новые практики', head: styles, query: false },
      <div class="narrow">
        <h1>Подписка на новые практики</h1>
        <ErrorSummary errors={errors} labels={{ 'subscribe-email': 'Адрес электронной почты' }} />
        <p>
          <a href={followedSearchHref(search)}>Вернуться к поиску</a>
        </p>
        <SubscribeForm
          search={search}
          csrf={app.formToken(request, reply)}
          email={typeof fields.email === 'string' ? fields.email : ''}
          error={errors['subscribe-email']}
        />
      </div>,
      status,
    );
  });

  app.get(SENT, { config: anyone, schema: { hide: true } }, async (request, reply) =>
    simplePage(
      request,
      reply,
      'Проверьте почту',
      <>
        <p>
          Мы отправили письмо со ссылкой для подтверждения подписки. Откройте её — и раз в неделю будете получать письмо
          о новых практиках по этому поиску. Ссылка действует 48 часов.
        </p>
        <p>
          Письма нет несколько минут? Проверьте папку «Спам». Если вы уже подписаны на этот поиск, второго письма не
          будет.
        </p>
        <p>
          <a href="/">Вернуться к поиску</a>
        </p>
      </>,
    ),
  );

  app.get(
    '/subscriptions/confirm/:token',
    { config: anyone, schema: { hide: true, params: tokenParams } },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      const pending = subscriptions.pendingConfirmation(request.params.token);
      if (!pending) return deadLink(request, reply);
      return simplePage(
        request,
        reply,
        'Подтверждение подписки',
        <>
          <p>
            Адрес {pending.email} будет получать раз в неделю письмо о новых практиках по поиску: {pending.description}.
          </p>
          <PostForm action={SUBSCRIPTION_PATHS.confirm(request.params.token)} csrf={app.formToken(request, reply)}>
            <Button>Подтвердить подписку</Button>
          </PostForm>
        </>,
      );
    },
  );

  app.post(
    '/subscriptions/confirm/:token',
    { config: { ...anyone, rateLimit }, schema: { hide: true, params: tokenParams } },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      try {
        const confirmed = subscriptions.confirm(request.params.token);
        return simplePage(
          request,
          reply,
          'Подписка оформлена',
          <>
            <p>
              Готово: раз в неделю на {confirmed.email} придёт письмо о новых практиках по поиску:{' '}
              {confirmed.description}. Если новых практик не будет, письма тоже не будет.
            </p>
            <p>
              <a href={followedSearchHref(confirmed.search)}>Открыть этот поиск</a>
              {' · '}
              <a href={WORKSPACE.subscriptions}>Мои подписки</a>
            </p>
          </>,
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'SUBSCRIPTION_LINK_INVALID') return deadLink(request, reply);
        throw error;
      }
    },
  );

  app.get(
    '/unsubscribe/:token',
    { config: anyone, schema: { hide: true, params: tokenParams } },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      const target = subscriptions.unsubscribeTarget(request.params.token);
      if (!target) return deadLink(request, reply);
      if (target.cancelled)
        return simplePage(
          request,
          reply,
          'Вы уже отписались',
          <p>Писем по поиску «{target.description}» больше не будет.</p>,
        );
      return simplePage(
        request,
        reply,
        'Отписаться от писем',
        <>
          <p>
            Адрес {target.email} получает письма о новых практиках по поиску: {target.description}.
          </p>
          <PostForm action={SUBSCRIPTION_PATHS.unsubscribe(request.params.token)} csrf={app.formToken(request, reply)}>
            <Button variant="warning">Отписаться</Button>
          </PostForm>
        </>,
      );
    },
  );

  app.post(
    '/unsubscribe/:token',
    // The mail client's one-click POST (RFC 8058) has no form token and no cookie: the link's token is the secret.
    { config: { ...anyone, rateLimit, tokenInAddress: true }, schema: { hide: true, params: tokenParams } },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      try {
        const cancelled = subscriptions.unsubscribe(request.params.token);
        return simplePage(
          request,
          reply,
          'Вы отписались',
          <>
            <p>Писем о новых практиках по поиску «{cancelled.description}» больше не будет.</p>
            <p>
              <a href={followedSearchHref(cancelled.search)}>Открыть этот поиск</a>
            </p>
          </>,
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'SUBSCRIPTION_LINK_INVALID') return deadLink(request, reply);
        throw error;
      }
    },
  );
};
