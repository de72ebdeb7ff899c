/**
 * Answers made before a request reaches a route: Fastify's router errors (`frameworkErrors`) and the HTTP parser's
 * (`clientErrorHandler`). Neither passes through helmet's hook or the error handler, so both add the security headers
 * and the request id themselves, and answer in the common error shape.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, type ErrorBody } from '../errors.js';

/** The router's own errors: a client's mistake is a 4xx logged as such, never a 500. */
const ROUTER_ERRORS: Record<string, () => ErrorBody> = {
  FST_ERR_BAD_URL: () => errorBody('BAD_REQUEST', 'Некорректный адрес запроса'),
  FST_ERR_MAX_PARAM_LENGTH: () => errorBody('URI_TOO_LONG'),
  FST_ERR_ASYNC_CONSTRAINT: () => errorBody('BAD_REQUEST', 'Некорректный адрес запроса'),
};

/** Renders an error Fastify raised while routing, with the headers every other answer has. */
export function frameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  headers: Record<string, string>,
): void {
  const known = error.code ? ROUTER_ERRORS[error.code] : undefined;
  const body = known ? known() : errorBody('INTERNAL_ERROR');
  if (known) request.log.info({ code: body.code, statusCode: body.statusCode }, error.message);
  else request.log.error({ err: error }, 'unexpected router error');
  void reply.headers(headers).header('x-request-id', request.id).code(body.statusCode).send(body);
}

/** Half of Node's default 16 KB limit on the request line and headers together. */
const URI_LIMIT = 8 * 1024;

/** Which answer the parser's error deserves; `undefined` when the client is gone and nothing should be written. */
function parserAnswer(error: Error & { code?: string; rawPacket?: Buffer }): ErrorBody | undefined {
  if (error.code === 'ECONNRESET') return undefined;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return errorBody('REQUEST_TIMEOUT');
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // Node counts the request line with the headers; when the line alone takes half the limit, the address is
    // what is too long.
    const packet = error.rawPacket?.toString('latin1') ?? '';
    const end = packet.indexOf('\r\n');
    const requestLine = end === -1 ? packet.length : end;
    return requestLine > URI_LIMIT ? errorBody('URI_TOO_LONG') : errorBody('HEADERS_TOO_LARGE');
  }
  return errorBody('BAD_REQUEST');
}

/** Answers an error of Node's HTTP parser with a minimal response that still carries the security headers. */
export function parserError(error: Error, socket: Socket, headers: Record<string, string>): void {
  const body = parserAnswer(error);
  if (!body || !socket.writable) {
    socket.destroy(error);
    return;
  }
  const json = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${body.statusCode} ${body.error}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `x-request-id: ${randomUUID()}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(json)}`,
    'connection: close',
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${json}`);
}
