/**
 * API keys in the admin area (`/admin/tokens`): the list (name, scope, who issued it, when created and last used,
 * revoked), a form to issue one — its secret shown once, in the notice of the page the form leads to — and revoking.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../../auth/plugin.js';
import { TOKEN_SCOPES } from '../../../db/schema.js';
import { idParam } from '../../../shared/http.js';
import type { Services } from '../../../services.js';
import { SCOPE_LABELS } from '../../../tokens/service.js';
import { tokenBody } from '../../../tokens/schemas.js';
import { Table } from '../../components/content.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { parseForm, redirectWithNotice, type FormErrors, type FormFields } from '../../forms.js';
import { sendPage } from '../../render.js';
import { formatDateTime } from '../workspace/account-forms.js';
import { ADMINS_ONLY } from './home.js';
import { AdminNav, adminStyles, availableSections } from './nav.js';
import { ADMIN } from './paths.js';

const LABELS = { name: 'Название интеграции', scope: 'Права' };
const tokenForm = tokenBody.extend({ _csrf: z.string().optional() });

export const adminTokenPages: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { tokens } = services;

  function page(request: FastifyRequest, reply: FastifyReply, values: FormFields = {}, errors: FormErrors = {}) {
    const csrf = app.formToken(request, reply);
    const items = tokens.list();
    const failed = Object.keys(errors).length > 0;
    return sendPage(
      request,
      reply,
      { head: adminStyles, title: failed ? 'Ошибка: ключи API' : 'Ключи API' },
      <div class="admin">
        <h1>Ключи API</h1>
        <AdminNav sections={availableSections(request)} current={ADMIN.tokens} />
        <p>
          Ключ даёт другой системе (например, сайту управления образования) доступ к банку через API. Ключ с правом
          «только чтение» видит практики, как модератор; «чтение и модерация» может и модерировать. Ключ действует, пока
          его не отзовут или пока выпустивший его администратор не потеряет роль.
        </p>
        <ErrorSummary errors={errors} labels={LABELS} />
        <section aria-labelledby="issue-title">
          <h2 id="issue-title">Выпустить ключ</h2>
          <PostForm action={ADMIN.tokens} csrf={csrf} novalidate>
            <Field
              id="name"
              name="name"
              label={LABELS.name}
              hint="Кто будет пользоваться ключом, например: «Сайт управления образования Ярцево»"
              value={typeof values.name === 'string' ? values.name : ''}
              error={errors.name}
            />
            <fieldset class={errors.scope ? 'field has-error' : 'field'} id="scope">
              <legend>{LABELS.scope}</legend>
              {errors.scope ? <span class="error-message">{errors.scope}</span> : null}
              {TOKEN_SCOPES.map((scope) => (
                <label class="choice">
                  <input type="radio" name="scope" value={scope} checked={(values.scope ?? 'read') === scope} />{' '}
                  {SCOPE_LABELS[scope]}
                </label>
              ))}
            </fieldset>
            <Button>Выпустить ключ</Button>
          </PostForm>
        </section>
        <section aria-labelledby="list-title">
          <h2 id="list-title">Выпущенные ключи</h2>
          {items.length === 0 ? (
            <p>Ключей пока нет.</p>
          ) : (
            <Table
              caption="Ключи API"
              rows={items}
              columns={[
                { header: 'Название', rowHeader: true, cell: (t) => t.name },
                { header: 'Права', cell: (t) => SCOPE_LABELS[t.scope] },
                { header: 'Выпустил', cell: (t) => t.createdBy },
                { header: 'Выпущен', cell: (t) => formatDateTime(t.createdAt) },
                {
                  header: 'Последнее использование',
                  cell: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'не использовался'),
                },
                {
                  header: 'Состояние',
                  cell: (t) =>
                    t.revokedAt ? (
                      `Отозван ${formatDateTime(t.revokedAt)}`
                    ) : (
                      <PostForm action={`${ADMIN.tokens}/${t.id}/revoke`} csrf={csrf}>
                        <Button variant="warning" aria-label={`Отозвать ключ «${t.name}»`}>
                          Отозвать
                        </Button>
                      </PostForm>
                    ),
                },
              ]}
            />
          )}
        </section>
      </div>,
      failed ? 400 : 200,
    );
  }

  app.get(ADMIN.tokens, { config: ADMINS_ONLY, schema: { hide: true } }, (request, reply) => page(request, reply));

  app.post(ADMIN.tokens, { config: ADMINS_ONLY, schema: { hide: true } }, (request, reply) => {
    const parsed = parseForm(tokenForm, request.body);
    if (!parsed.ok) return page(request, reply, parsed.values, parsed.errors);
    const issued = tokens.create(requireUser(request), parsed.data.name, parsed.data.scope);
    return redirectWithNotice(
      reply,
      ADMIN.tokens,
      `Ключ «${issued.name}» выпущен: ${issued.token} — скопируйте его сейчас, больше банк его не покажет.`,
    );
  });

  app.post(
    `${ADMIN.tokens}/:id/revoke`,
    { config: ADMINS_ONLY, schema: { hide: true, params: idParam } },
    (request, reply) => {
      tokens.revoke(requireUser(request), request.params.id);
      return redirectWithNotice(reply, ADMIN.tokens, 'Ключ отозван: он больше не действует');
    },
  );
};
