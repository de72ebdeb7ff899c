/**
 * One handler renders every error in the common shape `{statusCode, code, error, message, details?}`.
 * Known errors keep their code; anything unexpected is logged with the request id and answered as a generic 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorBody, type ErrorBody, type ErrorCode } from '../errors.js';
import { errorPage } from '../web/errors.js';

/** Fastify's own error codes, mapped onto ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
  FST_ERR_NOT_FOUND: 'NOT_FOUND',
  FST_ERR_BAD_URL: 'BAD_REQUEST',
  // @fastify/multipart
  FST_FILES_LIMIT: 'TOO_MANY_FILES',
  FST_PARTS_LIMIT: 'TOO_MANY_FILES',
  FST_REQ_FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  FST_FIELDS_LIMIT: 'BAD_REQUEST',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_MP_PREMATURE_CLOSE: 'BAD_REQUEST',
  FST_PROTO_VIOLATION: 'BAD_REQUEST',
  // @fastify/static refusing a path that climbs out of its root (`/docs/static/../../package.json`).
  FST_STATIC_FORBIDDEN_PATH: 'NOT_FOUND',
};

/** Any other client error a Fastify plugin raises with a 4xx status: a client's mistake, never a 500. */
const CLIENT_STATUSES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'BODY_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  431: 'HEADERS_TOO_LARGE',
};

function toBody(error: FastifyError): ErrorBody | undefined {
  if (error instanceof AppError) return errorBody(error.code, error.message, error.details);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext === 'body' ? '' : `${error.validationContext}.`;
    return errorBody(
      'VALIDATION_FAILED',
      undefined,
      error.validation.flatMap((v) => {
        const field = where + v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        // An unknown field is reported on the field itself, not on the object that holds it.
        const keys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
        if (keys) return keys.map((key) => ({ field: field ? `${field}.${key}` : key, message: 'Неизвестное поле' }));
        return [{ field, message: v.message ?? 'Неверное значение' }];
      }),
    );
  }
  if (isResponseSerializationError(error)) return undefined;
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) return errorBody(mapped);
  // A JSON.parse failure inside Fastify's body parser arrives as a plain SyntaxError with status 400.
  if (error instanceof SyntaxError && error.statusCode === 400) return errorBody('MALFORMED_JSON');
  if (error.code === 'FST_ERR_RATE_LIMIT' || error.statusCode === 429) return errorBody('RATE_LIMITED');
  // A byte range past the end of a file, refused by @fastify/static.
  if (error.statusCode === 416) return errorBody('RANGE_NOT_SATISFIABLE');
  // Another writer (an import in another process) held the database longer than the busy timeout.
  if (error.code === 'SQLITE_BUSY')
    return errorBody('SERVICE_UNAVAILABLE', 'База данных занята, повторите через несколько секунд');
  const status = error.code?.startsWith('FST_') ? error.statusCode : undefined;
  if (status !== undefined && status >= 400 && status < 500) return errorBody(CLIENT_STATUSES[status] ?? 'BAD_REQUEST');
  return undefined;
}

/** A person's browser on a page (not the API) gets the error as a page; everyone else gets JSON. */
function send(request: FastifyRequest, reply: FastifyReply, body: ErrorBody) {
  reply.code(body.statusCode);
  const wantsPage = !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
  if (!wantsPage) return reply.send(body);
  // A page that needs a person: sign in first and come back; a one-time password is changed before anything else.
  if (request.method === 'GET' && body.code === 'AUTH_REQUIRED')
    return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
  // …and afterwards the person goes on to the page they asked for.
  if (body.code === 'PASSWORD_CHANGE_REQUIRED')
    return reply.redirect(
      request.method === 'GET' ? `/account/password?next=${encodeURIComponent(request.url)}` : '/account/password',
      303,
    );
  return reply.type('text/html; charset=utf-8').send(errorPage(request, body));
}

/** `headers`: the security headers every answer carries (see security-headers.ts). */
async function errorHandlerPlugin(app: FastifyInstance, { headers = {} }: { headers?: Record<string, string> }) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // An error raised before helmet's hook ran (or on a route that relaxed a header) still answers with them all.
    reply.headers(headers);
    const body = toBody(error);
    if (!body) {
      request.log.error({ err: error }, 'unexpected error');
      return send(request, reply, errorBody('INTERNAL_ERROR'));
    }
    // The size a client needs to ask again, carried by the library's 416 (`bytes */size`).
    const contentRange = (error as { headers?: Record<string, string> }).headers?.['Content-Range'];
    if (body.code === 'RANGE_NOT_SATISFIABLE' && contentRange) reply.header('content-range', contentRange);
    if (body.statusCode >= 500) request.log.error({ err: error }, body.code);
    else request.log.info({ code: body.code, statusCode: body.statusCode }, error.message);
    return send(request, reply, body);
  });

  app.setNotFoundHandler((request, reply) =>
    send(request, reply, errorBody('NOT_FOUND', `Адрес ${request.method} ${request.url.split('?')[0]} не найден`)),
  );
}

export default fp(errorHandlerPlugin, { name: 'error-handler' });
