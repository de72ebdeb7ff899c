/**
 * «Задать вопрос автору» on a practice page: the form (name, an address for the answer, the question, and a
 * honeypot field hidden from people) and its POST, which delivers the question through the bank and comes back
 * to the practice with a notice; a refused question comes back as a page with the form, what was typed kept.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../access/routes.js';
import { AppError } from '../../errors.js';
import { askBody } from '../../questions/schemas.js';
import { asset } from '../assets.js';
import { Button, ErrorSummary, Field, PostForm } from '../components/forms.js';
import { parseForm, redirectWithNotice, type FormErrors, type FormFields } from '../forms.js';
import { sendPage } from '../render.js';
import type { WorkspacePageOptions } from './workspace/account-forms.js';

export const askPath = (number: string) => `/practices/${number}/questions`;
const numberParam = z.object({ number: z.string().max(40) });
const LABELS = { name: 'Как к вам обращаться', email: 'Адрес для ответа', question: 'Вопрос' };

/** The form under a practice; `values` and `errors` when it came back refused. */
export function AskAuthorForm(props: {
  number: string;
  csrf: string;
  values?: FormFields | undefined;
  errors?: FormErrors | undefined;
}) {
  const value = (name: string) => {
    const v = props.values?.[name];
    return typeof v === 'string' ? v : undefined;
  };
  const errors = props.errors ?? {};
  return (
    <section class="ask-author" id="ask" aria-labelledby="ask-title">
      <h2 id="ask-title">Задать вопрос автору</h2>
      <p class="hint">
        Вопрос придёт авторам практики через банк. Ответ пришлём на ваш адрес письмом; авторы вашего адреса не увидят, а
        вы — их.
      </p>
      <PostForm action={askPath(props.number)} csrf={props.csrf}>
        <Field
          id="name"
          name="name"
          label={LABELS.name}
          autocomplete="name"
          value={value('name')}
          error={errors.name}
          required
        />
        <Field
          id="email"
          name="email"
          type="email"
          label={LABELS.email}
          autocomplete="email"
          value={value('email')}
          error={errors.email}
          required
        />
        <Field
          id="question"
          name="question"
          label={LABELS.question}
          hint="До 2000 символов, не больше двух ссылок."
          multiline
          rows={5}
          value={value('question')}
          error={errors.question}
          required
        />
        <div class="trap" aria-hidden="true">
          <label for="website">Сайт (не заполняйте это поле)</label>
          <input id="website" name="website" type="text" tabindex={-1} autocomplete="off" />
        </div>
        <Button>Отправить вопрос</Button>
      </PostForm>
    </section>
  );
}

export const questionPages: FastifyPluginAsyncZod<WorkspacePageOptions> = async (app, { services, config }) => {
  const { questions } = services;

  app.post(
    '/practices/:number/questions',
    {
      config: { ...access('anyone'), rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
      schema: { hide: true, params: numberParam },
    },
    async (request, reply) => {
      const { number } = request.params;
      const parsed = parseForm(askBody, request.body);
      let errors: FormErrors = parsed.ok ? {} : parsed.errors;
      let status = 400;
      if (parsed.ok) {
        const sender = request.session ? { userId: request.session.user.id } : { ip: request.ip };
        try {
          questions.ask(number, parsed.data, sender);
          return redirectWithNotice(
            reply,
            `/practices/${number}#ask`,
            'Вопрос отправлен авторам. Ответ придёт на ваш адрес письмом из банка',
          );
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          if (error.code === 'PRACTICE_NOT_FOUND') throw error;
          if (error.code !== 'QUESTION_LIMIT_REACHED' && error.code !== 'QUESTION_NO_RECIPIENT') throw error;
          errors = { question: error.message };
          status = error.statusCode;
        }
      }
      const values = parsed.ok ? (request.body as FormFields) : parsed.values;
      return sendPage(
        request,
        reply,
        { title: 'Ошибка: вопрос автору практики', head: <link rel="stylesheet" href={asset('subscriptions.css')} /> },
        <div class="narrow">
          <h1>Вопрос автору практики</h1>
          <ErrorSummary errors={errors} labels={LABELS} />
          <p>
            <a href={`/practices/${number}`}>Вернуться к практике</a>
          </p>
          <AskAuthorForm number={number} csrf={app.formToken(request, reply)} values={values} errors={errors} />
        </div>,
        status,
      );
    },
  );
};
