/**
 * A practice's authors (/my/practices/:id/authors): the list in its order with who submits the practice, the
 * invitations not answered yet (by the address typed), a form to invite a colleague by e-mail, and «Отозвать» for
 * an unanswered invitation. The co-author service decides everything; the API has the same three calls.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../../../auth/plugin.js';
import { AppError } from '../../../errors.js';
import { idParam } from '../../../shared/http.js';
import { Notice } from '../../components/content.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { formatDate } from '../../format.js';
import { parseForm, formFields, redirectWithNotice, type FormErrors, type FormFields } from '../../forms.js';
import { sendPage } from '../../render.js';
import type { WebRoutesOptions } from '../../routes.js';
import { authorsPractice, practiceRoute } from './my-access.js';
import { owned } from '../../../access/routes.js';
import { authorsOnly, ownPractice, workspaceStyles } from './my.js';
import { WORKSPACE } from './paths.js';
import { PracticeTabs } from './tabs.js';

/** The page: `AUTHORS.at(id)` is `WORKSPACE.authors(id)` (a test holds them equal). */
export const AUTHORS = practiceRoute('/my/practices/:id/authors');
export const INVITE = practiceRoute('/my/practices/:id/authors/invite');
export const REVOKE = practiceRoute('/my/practices/:id/authors/revoke');

const inviteForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Введите адрес электронной почты коллеги')
    .max(254, 'Адрес длиннее 254 символов')
    .pipe(z.email('Адрес должен быть похож на name@school.ru')),
});

const INVITE_HINT =
  'Коллега получит письмо. Если у него ещё нет учётной записи в банке, письмо предложит зарегистрироваться с этим ' +
  'адресом. Приняв приглашение на странице «Мои практики», коллега появится в списке авторов и сможет ' +
  'редактировать практику.';

/** Revoking names whose invitation in its form: without it the request stops before the ownership check. */
const revokeOwned = owned(authorsOnly, 'practice', { body: { inviteId: 1 } });

export const authorsPages: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, { db, services }) => {
  const { coauthors } = services;

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form: { errors?: FormErrors; values?: FormFields } = {},
    status = 200,
  ) {
    const user = requireRole(request, 'author');
    const { practice, details, editable, lockedReason } = authorsPractice(db, user, id);
    const invites = coauthors.pendingFor(user, id);
    const errors = form.errors ?? {};
    const email = typeof form.values?.email === 'string' ? form.values.email : '';
    const csrf = app.formToken(request, reply);
    return sendPage(
      request,
      reply,
      { title: `${form.errors ? 'Ошибка: ' : ''}Авторы — ${details.version.title}`, head: workspaceStyles },
      <div class="workspace-page">
        <p class="meta">
          <a href={WORKSPACE.my}>Мои практики</a>
        </p>
        <h1>{details.version.title}</h1>
        <PracticeTabs id={id} current="authors" />
        {lockedReason ? <Notice kind="warning">{lockedReason}</Notice> : null}
        <section aria-labelledby="authors-title">
          <h2 id="authors-title">Авторы в порядке, как они будут указаны</h2>
          {details.authors.length === 0 ? (
            <p>Авторы ещё не указаны: добавьте их на вкладке «Текст практики».</p>
          ) : (
            <ol class="author-list" id="author-list">
              {details.authors.map((a) => (
                <li>
                  <span class="author-name">{a.fullName}</span>
                  {a.position ? <span class="meta">, {a.position}</span> : null}
                  <span class="author-role">
                    {a.userId !== null && a.userId === practice.createdBy
                      ? 'подаёт практику'
                      : a.userId !== null
                        ? 'соавтор с аккаунтом в банке'
                        : 'без аккаунта в банке'}
                  </span>
                </li>
              ))}
            </ol>
          )}
          <p class="hint">Порядок авторов и их должности меняются на вкладке «Текст практики».</p>
        </section>
        {invites.length > 0 ? (
          <section aria-labelledby="invites-title">
            <h2 id="invites-title">Приглашения, ждущие ответа</h2>
            <ul class="material-list" id="invite-list">
              {invites.map((i) => (
                <li>
                  <span class="material-name">{i.email}</span>
                  <span class="meta">отправлено {formatDate(i.createdAt)}</span>
                  {editable ? (
                    <PostForm action={REVOKE.at(id)} csrf={csrf} class="inline-form">
                      <input type="hidden" name="inviteId" value={String(i.id)} />
                      <Button variant="secondary">
                        Отозвать<span class="visually-hidden"> приглашение: {i.email}</span>
                      </Button>
                    </PostForm>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {editable ? (
          <section aria-labelledby="invite-title">
            <h2 id="invite-title">Пригласить соавтора</h2>
            <PostForm action={INVITE.at(id)} csrf={csrf} id="invite-form" novalidate>
              <ErrorSummary errors={errors} labels={{ email: 'Адрес электронной почты коллеги' }} />
              <Field
                id="email"
                name="email"
                type="email"
                autocomplete="off"
                label="Адрес электронной почты коллеги"
                hint={INVITE_HINT}
                error={errors.email}
                value={email}
              />
              <Button>Пригласить</Button>
            </PostForm>
          </section>
        ) : null}
      </div>,
      status,
    );
  }

  app.get(AUTHORS.pattern, { config: ownPractice, schema: { hide: true, params: idParam } }, async (request, reply) =>
    render(request, reply, request.params.id),
  );

  app.post(INVITE.pattern, { config: ownPractice, schema: { hide: true, params: idParam } }, async (request, reply) => {
    const user = requireRole(request, 'author');
    const id = request.params.id;
    authorsPractice(db, user, id);
    const parsed = parseForm(inviteForm, request.body);
    if (!parsed.ok) return render(request, reply, id, parsed, 400);
    try {
      const { message } = coauthors.inviteByEmail(user, id, parsed.data.email);
      return redirectWithNotice(reply, AUTHORS.at(id), message);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const besideField = ['VALIDATION_FAILED', 'PRACTICE_NOT_EDITABLE', 'INVITATION_LIMIT_REACHED'];
      if (besideField.includes(error.code)) {
        const message = error.details?.[0]?.message ?? error.message;
        return render(
          request,
          reply,
          id,
          { errors: { email: message }, values: formFields(request.body) },
          error.statusCode,
        );
      }
      throw error;
    }
  });

  app.post(REVOKE.pattern, { config: revokeOwned, schema: { hide: true, params: idParam } }, async (request, reply) => {
    const user = requireRole(request, 'author');
    const id = request.params.id;
    const invited = z.coerce.number().int().positive().safeParse(formFields(request.body).inviteId);
    if (!invited.success) throw new AppError('BAD_REQUEST', 'Не указано, чьё приглашение отозвать');
    coauthors.revoke(user, id, invited.data);
    return redirectWithNotice(reply, AUTHORS.at(id), 'Приглашение отозвано');
  });
};
