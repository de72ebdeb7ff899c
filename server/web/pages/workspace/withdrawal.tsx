/**
 * Withdrawing a published practice, from its public page: moderators and admins see «Снять с публикации», a
 * disclosure with the reason (required: the page will show it to everyone) that posts to the moderation service's
 * withdraw and comes back to the page, which then says when and why the practice was withdrawn.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { moderates, visibleVersion } from '../../../access/policy.js';
import { requireUser } from '../../../auth/plugin.js';
import type { Db } from '../../../db/client.js';
import { AppError } from '../../../errors.js';
import { COMMENT_REQUIRED } from '../../../moderation/transitions.js';
import { etagOf, loadPractice } from '../../../practices/lookup.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { parseForm, redirectWithNotice, type FormErrors } from '../../forms.js';
import { sendPage } from '../../render.js';
import type { WebRoutesOptions } from '../../routes.js';
import { MODERATORS } from './moderation.js';

const LABELS = { reason: 'Причина снятия с публикации' };

export interface WithdrawalProps {
  number: string;
  etag: string;
  csrf: string;
  /** Open with the refusal beside the field and the reason as typed (the form came back). */
  errors?: FormErrors;
  reason?: string;
}

/** «Снять с публикации» with its reason: a disclosure, so the public page reads as before until it is opened. */
export function Withdrawal({ number, etag, csrf, errors = {}, reason }: WithdrawalProps) {
  const came = Object.keys(errors).length > 0;
  return (
    <details class="withdrawal" open={came}>
      <summary>Снять с публикации</summary>
      <PostForm action={`/practices/${number}/withdraw`} csrf={csrf} novalidate>
        <ErrorSummary errors={errors} labels={LABELS} />
        <input type="hidden" name="etag" value={etag} />
        <Field
          id="reason"
          name="reason"
          label={LABELS.reason}
          hint="Обязательна. Её увидят все, кто откроет постоянную ссылку, и авторы в уведомлении."
          error={errors.reason}
          value={reason}
          multiline
          rows={3}
          required
        />
        <Button variant="warning">Снять с публикации</Button>
      </PostForm>
    </details>
  );
}

/** The withdrawal form for the practice's public page, or nothing when the person may not withdraw. */
export function withdrawalFor(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  practiceId: number,
  number: string,
): WithdrawalProps | undefined {
  const user = request.session?.user;
  // Admins see the desk but do not moderate: the service refuses them, so they are not offered the form.
  if (!user || !moderates(user)) return undefined;
  const etag = etagOf(visibleVersion(db, loadPractice(db, practiceId), user));
  return { number, etag, csrf: request.server.formToken(request, reply) };
}

const withdrawForm = z.strictObject({
  etag: z.string().min(1).max(100),
  reason: z.string().trim().min(1, COMMENT_REQUIRED.withdraw).max(5000, 'Не длиннее 5000 символов'),
});

export const withdrawalPages: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, { services }) => {
  const { moderation, registry } = services;

  /** The form again on a page of its own, with what was wrong and what was typed. */
  const again = (request: FastifyRequest, reply: FastifyReply, number: string, form: WithdrawalProps, status: number) =>
    sendPage(
      request,
      reply,
      { title: 'Ошибка: снять практику с публикации' },
      <>
        <h1>Снять практику № {number} с публикации</h1>
        <Withdrawal {...form} />
        <p>
          <a href={`/practices/${number}`}>Вернуться к практике</a>
        </p>
      </>,
      status,
    );

  app.post(
    '/practices/:number/withdraw',
    { config: MODERATORS, schema: { hide: true, params: z.object({ number: z.string().max(40) }) } },
    async (request, reply) => {
      const { number } = request.params;
      const entry = registry.get(number, { countView: false });
      const user = requireUser(request);
      const csrf = app.formToken(request, reply);
      const parsed = parseForm(withdrawForm, request.body);
      const typed = (name: string) => {
        const v = parsed.ok ? undefined : parsed.values[name];
        return typeof v === 'string' ? v : undefined;
      };
      if (!parsed.ok)
        return again(
          request,
          reply,
          number,
          { number, etag: typed('etag') ?? '', csrf, errors: parsed.errors, reason: typed('reason') },
          400,
        );
      try {
        if (!entry.practice) throw new AppError('TRANSITION_NOT_ALLOWED', 'Практика уже снята с публикации');
        moderation.transition(user, entry.practice.id, 'withdraw', {
          comment: parsed.data.reason,
          ifMatch: parsed.data.etag,
        });
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500 || error.statusCode === 404) throw error;
        const errors: FormErrors = error.details?.length
          ? { reason: error.details[0]!.message }
          : { _form: error.message };
        return again(request, reply, number, { ...parsed.data, number, csrf, errors }, error.statusCode);
      }
      return redirectWithNotice(reply, `/practices/${number}`, 'Практика снята с публикации');
    },
  );
};
