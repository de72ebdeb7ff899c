/**
 * The bell's page `/notifications`: a person's notifications, newest first, each leading to the page it concerns
 * (the editor, «Мои практики», the review page, the public practice page) through `/notifications/:id`, which
 * marks it read on the way; «Отметить все прочитанными» is a form.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notificationReader } from '../../../access/policy.js';
import { access } from '../../../access/routes.js';
import { AppError } from '../../../errors.js';
import { targetOf } from '../../../notifications/messages.js';
import type { Services } from '../../../services.js';
import { Button, ButtonLink, PostForm } from '../../components/forms.js';
import { Pagination } from '../../components/navigation.js';
import { count, formatDateTime, formatNumber, PAGES, type Forms } from '../../format.js';
import { redirectWithNotice } from '../../forms.js';
import { sendPage } from '../../render.js';
import { WORKSPACE } from './paths.js';

const PER_PAGE = 20;
const NOTIFICATIONS: Forms = { one: 'уведомление', few: 'уведомления', many: 'уведомлений' };

const listQuery = z.object({
  page: z.coerce
    .number({ error: 'Номер страницы — целое число' })
    .int('Номер страницы — целое число')
    .min(1, 'Страницы нумеруются с 1')
    .max(10_000, 'Такой страницы нет')
    .default(1),
});

const idParams = z.object({
  id: z.coerce
    .number({ error: 'Номер уведомления — целое число' })
    .int('Номер уведомления — целое число')
    .positive('Номер уведомления — целое положительное число')
    .max(2 ** 31),
});

const pageHref = (page: number) => (page === 1 ? WORKSPACE.notifications : `${WORKSPACE.notifications}?page=${page}`);
const openHref = (id: number) => `${WORKSPACE.notifications}/${id}`;

type Item = ReturnType<Services['notifications']['page']>['items'][number];

function NotificationItem({ item }: { item: Item }) {
  const unread = item.readAt === null;
  const target = targetOf(item);
  return (
    <li class={unread ? 'notification unread' : 'notification'}>
      <h2>
        {/* The state in words, not by colour alone; a screen reader hears it before the headline. */}
        {unread ? <span class="notification-new">Новое</span> : null}
        <a href={openHref(item.id)}>{item.subject}</a>
      </h2>
      <p class="notification-body">{item.body}</p>
      <p class="meta">
        <time datetime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
        {' · '}
        {target.action}
        {unread ? null : ' · прочитано'}
      </p>
    </li>
  );
}

export const notificationPages: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { notifications } = services;
  const signedIn = access('signed-in');

  app.get(
    WORKSPACE.notifications,
    { config: signedIn, schema: { hide: true, querystring: listQuery } },
    async (request, reply) => {
      const userId = notificationReader(request.principal).id;
      const page = request.query.page;
      const { items, total, unread } = notifications.page(userId, page, PER_PAGE);
      const pages = Math.max(1, Math.ceil(total / PER_PAGE));
      const beyondEnd = page > pages;
      return sendPage(
        request,
        reply,
        { title: page > 1 ? `Уведомления, страница ${formatNumber(page)}` : 'Уведомления' },
        <div class="notifications-page">
          <h1>Уведомления</h1>
          <p>
            <a href={WORKSPACE.questions}>Вопросы к моим практикам</a>
            {' · '}
            <a href={WORKSPACE.subscriptions}>Мои подписки и письма</a>
          </p>
          {beyondEnd ? (
            <div class="notice warning" role="status">
              <p>
                Страницы {formatNumber(page)} здесь нет: у вас {count(total, NOTIFICATIONS)}, это {count(pages, PAGES)}.
              </p>
              <p>
                <a href={pageHref(1)}>К новым уведомлениям</a>
              </p>
            </div>
          ) : total === 0 ? (
            <>
              <p>Уведомлений пока нет.</p>
              <p>
                Сюда приходят решения рецензентов по вашим практикам, приглашения в соавторы, а рецензентам — новые
                практики на рассмотрение. Те же уведомления приходят на электронную почту.
              </p>
              <p>
                <ButtonLink href={WORKSPACE.my} variant="secondary">
                  Мои практики
                </ButtonLink>
              </p>
            </>
          ) : (
            <>
              <div class="notifications-summary">
                <p>
                  {unread > 0 ? `Непрочитанных: ${formatNumber(unread)} из ${formatNumber(total)}.` : 'Все прочитаны.'}{' '}
                  Откройте уведомление, чтобы перейти к практике: оно будет отмечено прочитанным.
                </p>
                {unread > 0 ? (
                  <PostForm action={`${WORKSPACE.notifications}/read`} csrf={app.formToken(request, reply)}>
                    <Button variant="secondary">Отметить все прочитанными</Button>
                  </PostForm>
                ) : null}
              </div>
              <ol class="notification-list">
                {items.map((item) => (
                  <NotificationItem item={item} />
                ))}
              </ol>
              <Pagination page={page} pages={pages} href={pageHref} label="Страницы уведомлений" />
            </>
          )}
        </div>,
        beyondEnd ? 404 : 200,
      );
    },
  );

  // A GET that marks read, so each notification is a real link (opened in a new tab, read out as a link, followed
  // with Enter, without JavaScript). That is safe because it is idempotent and harmless: it only sets `read_at`
  // of the caller's own notification once, and always leads to a page of this bank computed from the row, never
  // from the request. A cross-site page could at most mark a notification read; the browser's Sec-Fetch-Site tells
  // such a visit apart, and then nothing is marked (a browser too old to send it is let through: it is harmless).
  app.get(
    `${WORKSPACE.notifications}/:id`,
    { config: signedIn, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const site = request.headers['sec-fetch-site'];
      const fromHere = site === undefined || site === 'same-origin' || site === 'none';
      try {
        const found = notifications.open(notificationReader(request.principal).id, request.params.id, fromHere);
        return reply.redirect(targetOf(found).path, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'NOTIFICATION_NOT_FOUND') throw error;
        return sendPage(
          request,
          reply,
          { title: 'Уведомление не найдено' },
          <>
            <h1>Уведомление не найдено</h1>
            <p>Такого уведомления у вас нет. Возможно, ссылка неполная или её прислал другой человек.</p>
            <p>
              <ButtonLink href={WORKSPACE.notifications}>Все мои уведомления</ButtonLink>
            </p>
          </>,
          404,
        );
      }
    },
  );

  // A form post (CSRF checked by the auth plugin before this runs), answered with a 303 back to the list.
  app.post(`${WORKSPACE.notifications}/read`, { config: signedIn, schema: { hide: true } }, async (request, reply) => {
    const marked = notifications.markRead(notificationReader(request.principal).id);
    return redirectWithNotice(
      reply,
      WORKSPACE.notifications,
      marked > 0 ? 'Все уведомления отмечены прочитанными' : 'Новых уведомлений не было',
    );
  });
};
