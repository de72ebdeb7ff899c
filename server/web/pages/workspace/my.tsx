/**
 * «Мои практики» (/my): the author's practices with their state in words and the next step of each, the
 * invitations to co-author, and the two posts the list makes — «Начать новую версию» and answering an
 * invitation. Everything here is a service the API also calls; the page only presents it.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, owned } from '../../../access/routes.js';
import { requireRole } from '../../../auth/plugin.js';
import { AppError } from '../../../errors.js';
import { idParam } from '../../../shared/http.js';
import { asset } from '../../assets.js';
import { ButtonLink } from '../../components/forms.js';
import { Pagination } from '../../components/navigation.js';
import { formFields, redirectWithNotice } from '../../forms.js';
import { sendPage } from '../../render.js';
import type { WebRoutesOptions } from '../../routes.js';
import { myPractices } from './my-list.js';
import { EmptyState, INVITATION, Invitations, NEW_VERSION, PracticeCard } from './my-parts.js';
import { WORKSPACE } from './paths.js';

/** Authors only; a signed-in person without the role is told what the section is. */
export const authorsOnly = access(['author'], [], 'Раздел «Мои практики» открыт авторам практик');
/** The pages of one practice's workspace: its authors only. */
export const ownPractice = owned(authorsOnly, 'practice');

/** The workspace's stylesheet, for every page of the author's workspace. */
export const workspaceStyles = <link rel="stylesheet" href={asset('workspace.css')} />;

const textField = (value: unknown) => (typeof value === 'string' ? value : undefined);

export const myPages: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, { db, services }) => {
  app.get(
    WORKSPACE.my,
    {
      config: authorsOnly,
      schema: { hide: true, querystring: z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) }) },
    },
    async (request, reply) => {
      const user = requireRole(request, 'author');
      const { page } = request.query;
      const list = myPractices(db, services, user, page);
      if (page > list.pages) throw new AppError('NOT_FOUND');
      const invitations = services.coauthors.pending(user.id);
      const csrf = app.formToken(request, reply);
      return sendPage(
        request,
        reply,
        { title: 'Мои практики', head: workspaceStyles, scripts: ['clipboard.js', 'practice.js'] },
        <div class="my-page">
          <div class="my-heading">
            <h1>Мои практики</h1>
            <ButtonLink href={WORKSPACE.newPractice}>Новая практика</ButtonLink>
          </div>
          <Invitations items={invitations} csrf={csrf} />
          {list.total === 0 ? (
            <EmptyState />
          ) : (
            <section aria-labelledby="my-list-title">
              <h2 id="my-list-title" class="visually-hidden">
                Практики, где вы автор или соавтор
              </h2>
              <ul class="my-practices">
                {list.items.map((p) => (
                  <PracticeCard p={p} csrf={csrf} />
                ))}
              </ul>
              <Pagination
                page={page}
                pages={list.pages}
                href={(n) => (n === 1 ? WORKSPACE.my : `${WORKSPACE.my}?page=${n}`)}
                label="Страницы списка практик"
              />
            </section>
          )}
          <p class="meta">
            <a href="/my/adoptions">Мои сообщения о внедрении практик других организаций</a>
          </p>
        </div>,
      );
    },
  );

  app.post(
    NEW_VERSION.pattern,
    { config: ownPractice, schema: { hide: true, params: idParam } },
    async (request, reply) => {
      const user = requireRole(request, 'author');
      const id = request.params.id;
      // The form names the version the author saw: a list gone stale (a co-author already started one) is a 412.
      services.moderation.transition(user, id, 'new_version', { ifMatch: textField(formFields(request.body).etag) });
      return redirectWithNotice(
        reply,
        WORKSPACE.practice(id),
        'Начата новая версия. Опубликованная остаётся на сайте, пока новую не одобрят.',
      );
    },
  );

  app.post(
    INVITATION.pattern,
    { config: authorsOnly, schema: { hide: true, params: idParam } },
    async (request, reply) => {
      const user = requireRole(request, 'author');
      const answer = formFields(request.body).answer;
      if (answer !== 'accept' && answer !== 'decline')
        throw new AppError('BAD_REQUEST', 'Выберите ответ на приглашение');
      services.coauthors.answer(user, request.params.id, answer === 'accept');
      return redirectWithNotice(
        reply,
        answer === 'accept' ? WORKSPACE.practice(request.params.id) : WORKSPACE.my,
        answer === 'accept' ? 'Вы соавтор практики: теперь её можно дописывать вместе' : 'Приглашение отклонено',
      );
    },
  );
};
