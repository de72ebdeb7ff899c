/**
 * The reviewer's desk: the queue (`/moderation`), the review page (`/moderation/practices/:id`) and the forms
 * they post — claim, release, decision. Pages only present what the moderation service serves; every post answers
 * 303 with a notice, or the same page with the refusal beside the field and what was typed kept.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../../access/routes.js';
import { requireUser } from '../../../auth/plugin.js';
import { AppError } from '../../../errors.js';
import { queueQuery } from '../../../moderation/schemas.js';
import { TRANSITIONS } from '../../../moderation/transitions.js';
import { idParam } from '../../../shared/http.js';
import { asset } from '../../assets.js';
import { formFields, parseForm, redirectWithNotice, safeNext, type FormErrors, type FormFields } from '../../forms.js';
import { sendPage } from '../../render.js';
import type { WebRoutesOptions } from '../../routes.js';
import type { DiffNames } from './diff.js';
import { QueueView, type QueueQuery } from './moderation-queue.js';
import { WORKSPACE } from './paths.js';
import { ReviewView, type ReviewData } from './review.js';
import { decisionForm, scoresOf } from './review-form.js';

/** Moderators and admins; a signed-in author is told in Russian, a visitor is sent to sign in. */
export const MODERATORS = access(['moderator', 'admin'], [], 'Модерация доступна модераторам и администраторам СОИРО');

/**
 * The queue's address as the filter form makes it: the API's parameters, where an unchosen select sends an empty
 * value that means «all».
 */
const pageQuery = z.preprocess(
  (raw) =>
    typeof raw === 'object' && raw !== null
      ? Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '' && !(Array.isArray(v) && v.length === 0)))
      : raw,
  queueQuery,
);

/** The queue's query in an address the queue page posted from (the form's «back»). */
function queueQueryFrom(address: string): QueueQuery {
  const params = new URL(address, 'http://bank').searchParams;
  const raw: Record<string, string | string[]> = Object.fromEntries(params);
  for (const key of ['state', 'level', 'municipality']) if (params.has(key)) raw[key] = params.getAll(key);
  const parsed = pageQuery.safeParse(raw);
  return parsed.success ? parsed.data : queueQuery.parse({});
}

const isQueue = (address: string) => address === WORKSPACE.moderation || address.startsWith(`${WORKSPACE.moderation}?`);

const actionForm = z.strictObject({ etag: z.string().min(1).max(100), back: z.string().max(2000).optional() });

/** A refusal a page can show beside its form: the service's own Russian message. */
const refusalOf = (error: unknown): AppError | undefined =>
  error instanceof AppError && error.statusCode >= 400 && error.statusCode < 500 && error.code !== 'PRACTICE_NOT_FOUND'
    ? error
    : undefined;

export const moderationPages: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, { services }) => {
  const { moderation, practices, attachments, vocabularies, organizations } = services;
  const head = (
    <>
      <link rel="stylesheet" href={asset('pages.css')} />
      <link rel="stylesheet" href={asset('moderation.css')} />
    </>
  );
  const names: DiffNames = {
    term: (vocabulary, code) => vocabularies.label(vocabulary, code) ?? code,
    organization: (id) => {
      try {
        return organizations.get(id).name;
      } catch {
        return `организация № ${id}`;
      }
    },
  };
  const reviewer = (request: FastifyRequest, reply: FastifyReply) => {
    const user = requireUser(request);
    const me = {
      id: user.id,
      admin: user.roles.includes('admin'),
      moderates: user.roles.includes('moderator'),
      csrf: app.formToken(request, reply),
    };
    return { user, me };
  };

  function showQueue(
    request: FastifyRequest,
    reply: FastifyReply,
    query: QueueQuery,
    back: string,
    refused?: { id: number; message: string; status: number },
  ) {
    const { user, me } = reviewer(request, reply);
    const queue = moderation.queue(user, query);
    const errors = refused ? { [refused.id]: refused.message } : {};
    const refusal = refused && { title: practices.get(user, refused.id).practice.title, message: refused.message };
    return sendPage(
      request,
      reply,
      { title: `${refused ? 'Ошибка: ' : ''}Очередь модерации`, head, scripts: ['moderation.js'] },
      <QueueView
        query={query}
        queue={queue}
        vocabularies={vocabularies}
        actions={{ ...me, me: me.id, back, errors, refusal }}
        adoptionsWaiting={services.adoptions.pendingCount()}
      />,
      refused?.status ?? 200,
    );
  }

  function showReview(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    options: { form?: { errors: FormErrors; values: FormFields }; statusError?: string; status?: number } = {},
  ) {
    const { user, me } = reviewer(request, reply);
    const desk = moderation.desk(user, id);
    const data: ReviewData = {
      desk,
      practice: practices.get(user, id).practice,
      materials: attachments.list(user, id),
      changes: moderation.changes(user, id),
      reviews: moderation.reviews(user, id),
      history: practices.history(user, id),
    };
    return sendPage(
      request,
      reply,
      { title: `${options.form ? 'Ошибка: ' : ''}Рецензия: ${data.practice.title}`, head, scripts: ['moderation.js'] },
      <ReviewView
        data={data}
        me={me}
        names={names}
        vocabularies={vocabularies}
        form={options.form}
        statusError={options.statusError}
      />,
      options.status ?? 200,
    );
  }

  app.get(
    WORKSPACE.moderation,
    { config: MODERATORS, schema: { hide: true, querystring: pageQuery } },
    async (request, reply) => showQueue(request, reply, request.query, request.url),
  );

  app.get(
    `${WORKSPACE.moderation}/practices/:id`,
    { config: MODERATORS, schema: { hide: true, params: idParam } },
    async (request, reply) => showReview(request, reply, request.params.id),
  );

  // Claim and release come from the queue (back to it, filters kept) or from the review page.
  for (const action of ['claim', 'release'] as const) {
    app.post(
      `${WORKSPACE.moderation}/practices/:id/${action}`,
      { config: MODERATORS, schema: { hide: true, params: idParam } },
      async (request, reply) => {
        const id = request.params.id;
        const parsed = parseForm(actionForm, request.body);
        const back = safeNext(parsed.ok ? parsed.data.back : undefined, WORKSPACE.review(id));
        try {
          if (!parsed.ok) throw new AppError('BAD_REQUEST', 'Форма устарела: обновите страницу и повторите');
          const { practice } = moderation.transition(requireUser(request), id, action, { ifMatch: parsed.data.etag });
          return redirectWithNotice(reply, back, `Практика «${practice.title}» ${TRANSITIONS[action].label}`);
        } catch (error) {
          const refusal = refusalOf(error);
          if (!refusal) throw error;
          if (isQueue(back))
            return showQueue(request, reply, queueQueryFrom(back), back, {
              id,
              message: refusal.message,
              status: refusal.statusCode,
            });
          return showReview(request, reply, id, { statusError: refusal.message, status: refusal.statusCode });
        }
      },
    );
  }

  app.post(
    `${WORKSPACE.moderation}/practices/:id/decision`,
    { config: MODERATORS, schema: { hide: true, params: idParam } },
    async (request, reply) => {
      const id = request.params.id;
      const parsed = parseForm(decisionForm, request.body);
      if (!parsed.ok) return showReview(request, reply, id, { form: parsed, status: 400 });
      const { decision, comment, internalNote, etag } = parsed.data;
      try {
        const { review } = moderation.review(requireUser(request), id, etag, {
          scores: scoresOf(parsed.data),
          decision,
          comment,
          internalNote,
        });
        const { practice } = practices.get(requireUser(request), id);
        const number = decision === 'approve' && practice.registryNumber ? `, № ${practice.registryNumber}` : '';
        return redirectWithNotice(
          reply,
          WORKSPACE.review(id),
          `Решение принято: практика ${TRANSITIONS[review.decision].label}${number}`,
        );
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        const errors: FormErrors = {};
        for (const d of refusal.details ?? []) errors[d.field] ??= d.message;
        if (Object.keys(errors).length === 0) errors._form = refusal.message;
        const form = { errors, values: formFields(request.body) };
        return showReview(request, reply, id, { form, status: refusal.statusCode });
      }
    },
  );
};
