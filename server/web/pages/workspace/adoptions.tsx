/**
 * Adoptions in the workspace: the reporter's own reports with «Отозвать» (`/my/adoptions`), and the moderators'
 * light queue (`/moderation/adoptions`) beside the review queue, where each waiting report is confirmed or declined
 * with a reason. Every post answers 303 with a notice, or the page again with the refusal beside the report.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../../access/routes.js';
import { requireUser } from '../../../auth/plugin.js';
import { MY_ADOPTIONS_PATH } from '../../../adoptions/messages.js';
import { ADOPTION_MODERATORS } from '../../../adoptions/routes.js';
import { adoptionQueueQuery } from '../../../adoptions/schemas.js';
import { QUEUE_PAGE_SIZE } from '../../../adoptions/service.js';
import { AppError } from '../../../errors.js';
import { idParam } from '../../../shared/http.js';
import { Button, PostForm } from '../../components/forms.js';
import { Pagination } from '../../components/navigation.js';
import { count, formatDate, type Forms } from '../../format.js';
import { parseForm, redirectWithNotice } from '../../forms.js';
import { asset } from '../../assets.js';
import { sendPage } from '../../render.js';
import type { WebRoutesOptions } from '../../routes.js';
import { ReportBody, STATUS_TEXT, type AdoptionReport } from '../adoptions/parts.js';
import { WORKSPACE } from './paths.js';

const STYLES = (
  <>
    <link rel="stylesheet" href={asset('pages.css')} />
    <link rel="stylesheet" href={asset('editor.css')} />
  </>
);

/** The moderators' queue of adoption reports. */
export const ADOPTION_QUEUE_PATH = '/moderation/adoptions';
const REPORTS: Forms = { one: 'сообщение', few: 'сообщения', many: 'сообщений' };

const decisionForm = z.strictObject({
  action: z.enum(['confirm', 'decline'], { error: 'Выберите: подтвердить или отклонить' }),
  reason: z.string().trim().max(1000, 'Не длиннее 1000 символов').default(''),
});

const practiceLink = (item: AdoptionReport) =>
  item.registryNumber ? (
    <a href={`/practices/${item.registryNumber}`}>«{item.practiceTitle}»</a>
  ) : (
    <span>практика снята с публикации</span>
  );

function QueueItem({ item, csrf, error }: { item: AdoptionReport; csrf: string; error?: string | undefined }) {
  const reasonId = `reason-${item.id}`;
  return (
    <li class="adoption-report" id={`adoption-${item.id}`}>
      <h2>Практика {practiceLink(item)}</h2>
      <ReportBody item={item} />
      <p class="meta">
        Сообщил(а) {item.reporterName}, {formatDate(item.createdAt)}
      </p>
      <PostForm action={`${ADOPTION_QUEUE_PATH}/${item.id}`} csrf={csrf} novalidate>
        <div class={error ? 'field has-error' : 'field'}>
          <label for={reasonId}>Комментарий сообщившему</label>
          <span class="hint" id={`${reasonId}-hint`}>
            Обязателен, если отклоняете: объясните, чего не хватает.
          </span>
          {error ? (
            <span class="error-message" id={`${reasonId}-error`}>
              <span class="visually-hidden">Ошибка: </span>
              {error}
            </span>
          ) : null}
          <textarea
            id={reasonId}
            name="reason"
            rows={2}
            aria-describedby={error ? `${reasonId}-hint ${reasonId}-error` : `${reasonId}-hint`}
            {...(error ? { 'aria-invalid': 'true' as const } : {})}
          />
        </div>
        <div class="inline-controls">
          <Button name="action" value="confirm">
            Подтвердить внедрение
          </Button>
          <Button name="action" value="decline" variant="warning">
            Отклонить
          </Button>
        </div>
      </PostForm>
    </li>
  );
}

function MyItem({ item, csrf }: { item: AdoptionReport; csrf: string }) {
  const live = item.status === 'pending' || item.status === 'confirmed';
  return (
    <li class="adoption-report">
      <h2>Практика {practiceLink(item)}</h2>
      <ReportBody item={item} />
      <p>
        <strong>Состояние: {STATUS_TEXT[item.status]}</strong>
        {item.decisionReason ? ` Комментарий модератора: ${item.decisionReason}` : ''}
      </p>
      {live ? (
        <PostForm action={`${MY_ADOPTIONS_PATH}/${item.id}/withdraw`} csrf={csrf}>
          <Button variant="secondary">Отозвать сообщение</Button>
        </PostForm>
      ) : null}
    </li>
  );
}

export const adoptionWorkspacePages: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, { services }) => {
  const { adoptions } = services;

  function showQueue(
    request: FastifyRequest,
    reply: FastifyReply,
    page: number,
    refusal?: { id: number; message: string },
  ) {
    const queue = adoptions.queue(page);
    const csrf = app.formToken(request, reply);
    const pages = Math.max(1, Math.ceil(queue.total / QUEUE_PAGE_SIZE));
    return sendPage(
      request,
      reply,
      { title: `${refusal ? 'Ошибка: ' : ''}Сообщения о внедрении`, head: STYLES },
      <div class="adoption-queue">
        <h1>Сообщения о внедрении</h1>
        <p class="lead">
          Организации сообщают, что используют опубликованные практики. Подтвердите сообщение, если оно правдоподобно и
          описывает внедрение; после подтверждения оно появится на странице практики, а авторы получат уведомление.{' '}
          <a href={WORKSPACE.moderation}>Очередь модерации практик</a>
        </p>
        {refusal ? (
          <div class="notice error" role="alert">
            <p>
              <a href={`#adoption-${refusal.id}`}>Сообщение № {refusal.id}</a>: {refusal.message}
            </p>
          </div>
        ) : null}
        <h2 id="adoption-queue-title">
          {queue.total === 0 ? 'Новых сообщений нет' : `Ждут решения: ${count(queue.total, REPORTS)}`}
        </h2>
        {queue.items.length > 0 ? (
          <ol class="adoption-reports" aria-labelledby="adoption-queue-title">
            {queue.items.map((item) => (
              <QueueItem item={item} csrf={csrf} error={refusal?.id === item.id ? refusal.message : undefined} />
            ))}
          </ol>
        ) : null}
        <Pagination
          page={page}
          pages={pages}
          href={(n) => (n === 1 ? ADOPTION_QUEUE_PATH : `${ADOPTION_QUEUE_PATH}?page=${n}`)}
          label="Страницы очереди"
        />
      </div>,
      refusal ? 400 : 200,
    );
  }

  app.get(
    ADOPTION_QUEUE_PATH,
    { config: ADOPTION_MODERATORS, schema: { hide: true, querystring: adoptionQueueQuery } },
    async (request, reply) => showQueue(request, reply, request.query.page),
  );

  app.post(
    `${ADOPTION_QUEUE_PATH}/:id`,
    { config: ADOPTION_MODERATORS, schema: { hide: true, params: idParam } },
    async (request, reply) => {
      const { id } = request.params;
      const parsed = parseForm(decisionForm, request.body);
      if (!parsed.ok) return showQueue(request, reply, 1, { id, message: Object.values(parsed.errors)[0]! });
      const { action, reason } = parsed.data;
      try {
        adoptions.decide(requireUser(request), id, action, reason);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
        return showQueue(request, reply, 1, { id, message: error.details?.[0]?.message ?? error.message });
      }
      return redirectWithNotice(
        reply,
        ADOPTION_QUEUE_PATH,
        action === 'confirm' ? 'Внедрение подтверждено, авторы получат уведомление' : 'Сообщение отклонено',
      );
    },
  );

  const signedIn = access('signed-in');

  app.get(MY_ADOPTIONS_PATH, { config: signedIn, schema: { hide: true } }, async (request, reply) => {
    const items = adoptions.mine(requireUser(request).id);
    const csrf = app.formToken(request, reply);
    return sendPage(
      request,
      reply,
      { title: 'Мои сообщения о внедрении', head: STYLES },
      <div class="my-adoptions">
        <h1>Мои сообщения о внедрении</h1>
        <p class="lead">
          Здесь — практики других организаций, которые, по вашим словам, используют у вас. Сообщить о новом внедрении
          можно кнопкой «Внедрили у себя» на странице практики.
        </p>
        {items.length === 0 ? (
          <p>Вы ещё не сообщали о внедрении практик.</p>
        ) : (
          <ol class="adoption-reports">
            {items.map((item) => (
              <MyItem item={item} csrf={csrf} />
            ))}
          </ol>
        )}
      </div>,
    );
  });

  app.post(
    `${MY_ADOPTIONS_PATH}/:id/withdraw`,
    { config: signedIn, schema: { hide: true, params: idParam } },
    async (request, reply) => {
      adoptions.withdraw(requireUser(request), request.params.id);
      return redirectWithNotice(reply, MY_ADOPTIONS_PATH, 'Сообщение о внедрении отозвано');
    },
  );
};
