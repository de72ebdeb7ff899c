/**
 * «Вопросы к моим практикам» `/my/questions`: what visitors asked the person about their practices (the asker's
 * name and question, never an address), each with a form to answer; the answer leaves as the bank's letter.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../../access/routes.js';
import { requireUser } from '../../../auth/plugin.js';
import { AppError } from '../../../errors.js';
import { answerBody, type QuestionView } from '../../../questions/schemas.js';
import { asset } from '../../assets.js';
import { Button, Field, PostForm } from '../../components/forms.js';
import { formatDateTime } from '../../format.js';
import { parseForm, redirectWithNotice, type FormErrors } from '../../forms.js';
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

export const questionWorkspacePages: FastifyPluginAsyncZod<WorkspacePageOptions> = async (app, { services }) => {
  const { questions } = services;
  const signedIn = access('signed-in');

  function Question({ item, csrf, error }: { item: QuestionView; csrf: string; error?: string | undefined }) {
    return (
      <li id={`question-${item.id}`}>
        <h2>
          {item.registryNumber ? (
            <a href={`/practices/${item.registryNumber}`}>{item.practiceTitle}</a>
          ) : (
            item.practiceTitle
          )}
        </h2>
        <p class="meta">
          Спрашивает {item.askerName}, <time datetime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
        </p>
        <blockquote>{item.question}</blockquote>
        {item.answer ? (
          <>
            <p>
              <strong>Ваш ответ</strong> (отправлен {formatDateTime(item.answeredAt!)}):
            </p>
            <blockquote>{item.answer}</blockquote>
          </>
        ) : (
          <PostForm action={WORKSPACE.answerQuestion(item.id)} csrf={csrf} class="answer-form">
            <Field
              id={`answer-${item.id}`}
              name="answer"
              label="Ответ"
              hint="Ответ уйдёт письмом из банка от вашего имени; ваш адрес спрашивающий не увидит."
              multiline
              rows={4}
              error={error}
              required
            />
            <Button>Отправить ответ</Button>
          </PostForm>
        )}
      </li>
    );
  }

  const show = (
    request: Parameters<typeof sendPage>[0],
    reply: Parameters<typeof sendPage>[1],
    errors: FormErrors = {},
    status = 200,
  ) => {
    const user = requireUser(request);
    const items = questions.listFor(user.id);
    const csrf = app.formToken(request, reply);
    return sendPage(
      request,
      reply,
      {
        title: Object.keys(errors).length ? 'Ошибка: вопросы к моим практикам' : 'Вопросы к моим практикам',
        head: <link rel="stylesheet" href={asset('subscriptions.css')} />,
      },
      <div class="narrow">
        <h1>Вопросы к моим практикам</h1>
        {items.length === 0 ? (
          <p>
            Вопросов пока нет. Их задают посетители со страниц ваших опубликованных практик формой «Задать вопрос
            автору». <a href={WORKSPACE.subscriptions}>Настроить письма о вопросах</a>
          </p>
        ) : (
          <ol class="question-list">
            {items.map((item) => (
              <Question item={item} csrf={csrf} error={errors[`answer-${item.id}`]} />
            ))}
          </ol>
        )}
      </div>,
      status,
    );
  };

  app.get(WORKSPACE.questions, { config: signedIn, schema: { hide: true } }, async (request, reply) =>
    show(request, reply),
  );

  app.post(
    '/my/questions/:id/answer',
    { config: signedIn, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const id = request.params.id;
      const parsed = parseForm(answerBody, request.body);
      if (!parsed.ok) return show(request, reply, { [`answer-${id}`]: parsed.errors.answer ?? 'Напишите ответ' }, 400);
      try {
        questions.answer(requireUser(request), id, parsed.data.answer);
      } catch (error) {
        if (error instanceof AppError && error.code === 'QUESTION_ALREADY_ANSWERED')
          return redirectWithNotice(reply, WORKSPACE.questions, error.message);
        throw error;
      }
      return redirectWithNotice(reply, WORKSPACE.questions, 'Ответ отправлен письмом автору вопроса');
    },
  );
};
