/**
 * Errors as pages for people: in Russian, saying what was wrong and where to go next. No HTTP verbs, codes in
 * English or stack traces; the API keeps its JSON error shape (see plugins/error-handler.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { ErrorBody } from '../errors.js';
import { ButtonLink } from './components/forms.js';
import { PARAM_LABELS } from './facets.js';
import { renderPage } from './render.js';

/**
 * `querystring.level.0` (zod) or `level.0` (a service) → the parameter `level`, «Уровень образования»; a field
 * that is no known page parameter keeps its own name.
 */
function describeField(field: string): { param: string | undefined; label: string } {
  const [param] = field.replace(/^(querystring|params)\./, '').split('.');
  const label = param ? PARAM_LABELS[param] : undefined;
  return label ? { param, label } : { param: undefined, label: field };
}

/** The current address without the query parameters that were wrong: one click to a page that works. */
function withoutBadParams(request: FastifyRequest, params: (string | undefined)[]): string {
  const url = new URL(request.url, 'http://bank');
  for (const param of params) if (param) url.searchParams.delete(param);
  const search = url.searchParams.toString();
  return url.pathname + (search ? `?${search}` : '');
}

function titleOf(body: ErrorBody): string {
  if (body.code === 'NOT_FOUND') return 'Страница не найдена';
  if (body.code === 'VALIDATION_FAILED' || body.code === 'BAD_REQUEST') return 'В адресе страницы ошибка';
  if (body.statusCode >= 500) return 'Что-то пошло не так';
  return body.message;
}

function Explanation({ request, body }: { request: FastifyRequest; body: ErrorBody }) {
  const path = decodeURIComponentSafe(request.url.split('?')[0] ?? '/');
  if (body.code === 'NOT_FOUND')
    return (
      <p>
        Страницы по адресу <code>{path}</code> нет. Возможно, в адресе опечатка или страницу перенесли.
      </p>
    );
  if (body.details && body.details.length > 0) {
    const fields = body.details.map((d) => ({ ...describeField(d.field), message: d.message }));
    const fixed = withoutBadParams(
      request,
      fields.map((f) => f.param),
    );
    return (
      <>
        <p>Страницу нельзя показать с такими параметрами:</p>
        <ul>
          {fields.map((f) => (
            <li>
              {f.label}: {f.message}
            </li>
          ))}
        </ul>
        {fixed !== request.url ? (
          <p>
            <a href={fixed}>Открыть страницу без ошибочных параметров</a>
          </p>
        ) : null}
      </>
    );
  }
  if (body.statusCode >= 500)
    return (
      <>
        <p>{body.message}. Попробуйте обновить страницу через минуту.</p>
        <p class="meta">Номер обращения для службы поддержки: {request.id}</p>
      </>
    );
  return body.message === titleOf(body) ? null : <p>{body.message}</p>;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The whole error page for a browser. */
export function errorPage(request: FastifyRequest, body: ErrorBody): string {
  const title = titleOf(body);
  return renderPage(
    request,
    { title },
    <>
      <h1>{title}</h1>
      <Explanation request={request} body={body} />
      <p>
        <ButtonLink href="/">Перейти к поиску практик</ButtonLink>
      </p>
      {body.statusCode === 401 && request.server.hasRoute({ method: 'GET', url: '/login' }) ? (
        <p>
          <a href="/login">Войти</a>
        </p>
      ) : null}
    </>,
  );
}
