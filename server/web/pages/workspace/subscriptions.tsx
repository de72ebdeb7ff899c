/**
 * «Мои подписки и письма» `/my/subscriptions`: the subscriptions to searches of the person's confirmed address
 * (each with «Отменить подписку»), and which notifications also come by e-mail (the bell always has them).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../../access/routes.js';
import { requireUser } from '../../../auth/plugin.js';
import {
  EMAIL_OPTIONAL_KINDS,
  emailPreferences,
  setEmailPreferences,
  type EmailOptionalKind,
} from '../../../notifications/preferences.js';
import { followedSearchHref } from '../../../subscriptions/selection.js';
import { asset } from '../../assets.js';
import { Button, PostForm } from '../../components/forms.js';
import { formatDate } from '../../format.js';
import { formFields, listField, redirectWithNotice } from '../../forms.js';
import { sendPage } from '../../render.js';
import type { WorkspacePageOptions } from './account-forms.js';
import { WORKSPACE } from './paths.js';

const idParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});
const KINDS = Object.keys(EMAIL_OPTIONAL_KINDS) as EmailOptionalKind[];

export const subscriptionWorkspacePages: FastifyPluginAsyncZod<WorkspacePageOptions> = async (
  app,
  { db, services },
) => {
  const { subscriptions } = services;
  const signedIn = access('signed-in');

  app.get(WORKSPACE.subscriptions, { config: signedIn, schema: { hide: true } }, async (request, reply) => {
    const user = requireUser(request);
    const items = user.emailConfirmed ? subscriptions.listFor(user.email) : [];
    const chosen = emailPreferences(db, user.id);
    const csrf = app.formToken(request, reply);
    return sendPage(
      request,
      reply,
      { title: 'Мои подписки и письма', head: <link rel="stylesheet" href={asset('account.css')} /> },
      <div class="narrow">
        <h1>Мои подписки и письма</h1>
        <section aria-labelledby="searches-title">
          <h2 id="searches-title">Подписки на новые практики</h2>
          {!user.emailConfirmed ? (
            <p>Подтвердите адрес электронной почты, чтобы видеть подписки, оформленные на него.</p>
          ) : items.length === 0 ? (
            <p>
              Подписок на {user.email} нет. Чтобы подписаться, откройте <a href="/">поиск</a>, выберите слова и фильтры
              и заполните форму «Подписаться на новые практики по этому поиску» под результатами.
            </p>
          ) : (
            <ul class="account-list">
              {items.map((item) => (
                <li>
                  <a href={followedSearchHref(item.search)}>{item.description}</a>
                  <div class="hint">
                    {item.confirmed
                      ? `Письмо раз в неделю, подписка с ${formatDate(item.createdAt)}`
                      : 'Ждёт подтверждения по ссылке из письма'}
                  </div>
                  <PostForm action={WORKSPACE.cancelSubscription(item.id)} csrf={csrf}>
                    <Button variant="secondary" aria-label={`Отменить подписку: ${item.description}`}>
                      Отменить подписку
                    </Button>
                  </PostForm>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="email-title">
          <h2 id="email-title">Какие уведомления присылать на почту</h2>
          <p>На странице «Уведомления» они видны всегда; здесь можно выключить письма о них.</p>
          <PostForm action={WORKSPACE.emailPreferences} csrf={csrf}>
            <fieldset>
              <legend>Присылать письмо, когда:</legend>
              {KINDS.map((kind) => (
                <div class="checkbox">
                  <input type="checkbox" id={`email-${kind}`} name="email" value={kind} checked={chosen[kind]} />
                  <label for={`email-${kind}`}>{EMAIL_OPTIONAL_KINDS[kind]}</label>
                </div>
              ))}
            </fieldset>
            <Button>Сохранить</Button>
          </PostForm>
        </section>
      </div>,
    );
  });

  app.post(
    '/my/subscriptions/:id/cancel',
    { config: signedIn, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      subscriptions.cancel(requireUser(request).email, request.params.id);
      return redirectWithNotice(reply, WORKSPACE.subscriptions, 'Подписка отменена');
    },
  );

  app.post(WORKSPACE.emailPreferences, { config: signedIn, schema: { hide: true } }, async (request, reply) => {
    const wanted = new Set(listField(formFields(request.body).email));
    setEmailPreferences(db, requireUser(request).id, Object.fromEntries(KINDS.map((k) => [k, wanted.has(k)])));
    return redirectWithNotice(reply, WORKSPACE.subscriptions, 'Настройки писем сохранены');
  });
};
