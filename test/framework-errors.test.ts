import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { access } from '../server/access/routes.js';
import { buildApp, type App } from '../server/app.js';
import { tempDir, testConfig } from './helper.js';

/** The headers that make an answer safe to show in a browser, whatever the answer is. */
const SECURITY = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy'];

const logLines: string[] = [];
let app: App;
let port: number;
const data = tempDir('bank-framework-errors-');
beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = await buildApp(testConfig({ DATA_DIR: data.dir }), { logger: { level: 'info', stream } });
  app.get('/test/boom', { config: access('anyone') }, async () => {
    throw new Error('an unexpected fault');
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await app.close();
  data.remove();
});

/** Sends bytes exactly as written (no URL normalisation) and parses the answer's status, headers and body. */
function raw(request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (chunk) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}
const get = (path: string, extra = '') =>
  raw(`GET ${path} HTTP/1.1\r\nHost: bank\r\n${extra}Connection: close\r\n\r\n`);

let reference: Record<string, string>;
beforeAll(async () => {
  const ok = await get('/health');
  expect(ok.status).toBe(200);
  reference = Object.fromEntries(SECURITY.map((name) => [name, ok.headers[name] ?? '']));
  expect(reference['content-security-policy']).toContain("frame-ancestors 'self'");
  expect(reference['x-content-type-options']).toBe('nosniff');
});

/** The log entries of one request, found by the id its answer carries. */
const logsOf = (answer: { headers: Record<string, string> }) =>
  logLines.map((l) => JSON.parse(l)).filter((l) => l.reqId === answer.headers['x-request-id']);

function expectSafe(answer: { headers: Record<string, string>; body: string }, status: number) {
  for (const name of SECURITY) expect(answer.headers[name], name).toBe(reference[name]);
  expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  const body = JSON.parse(answer.body);
  expect(body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  expect(body.code).toMatch(/^[A-Z_]+$/);
}

describe('client errors answered before or outside a route', () => {
  it('answers a path parameter over the length limit with 414, logged as a client error', async () => {
    const answer = await get(`/api/v1/practices/${'x'.repeat(201)}`);
    expect(answer.status).toBe(414);
    expectSafe(answer, 414);
    expect(JSON.parse(answer.body).code).toBe('URI_TOO_LONG');
    const entries = logsOf(answer);
    expect(entries.find((l) => l.code === 'URI_TOO_LONG')?.level).toBe(30);
    expect(entries.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('answers a path climbing out of the API docs with 404, not 500', async () => {
    const answer = await get('/docs/static/../../package.json');
    expect(answer.status).toBe(404);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(answer.body).not.toContain('practice-bank');
    const entries = logsOf(answer);
    expect(entries.find((l) => l.code === 'NOT_FOUND')?.level).toBe(30);
    expect(entries.filter((l) => l.level >= 50)).toEqual([]);
  });

  it.each([
    ['a malformed percent-escape', () => get('/api/v1/practices/%E0%A4%A'), 400],
    ['an unknown address', () => get('/api/v1/nothing-here'), 404],
    ['an address longer than the parser takes', () => get(`/${'x'.repeat(20_000)}`), 414],
    ['headers larger than the parser takes', () => get('/health', `X-Big: ${'y'.repeat(20_000)}\r\n`), 431],
    ['a header line without a colon', () => get('/health', 'Not a header\r\n'), 400],
    [
      'bad JSON',
      () =>
        raw(
          'POST /api/v1/auth/login HTTP/1.1\r\nHost: bank\r\nContent-Type: application/json\r\n' +
            'Content-Length: 4\r\nConnection: close\r\n\r\n{bad',
        ),
      400,
    ],
    [
      'a body over the limit',
      () =>
        raw(
          'POST /api/v1/auth/login HTTP/1.1\r\nHost: bank\r\nContent-Type: application/json\r\n' +
            `Content-Length: ${2 * 1024 * 1024}\r\nConnection: close\r\n\r\n{}`,
        ),
      413,
    ],
    ['a fault of the bank', () => get('/test/boom'), 500],
  ])('answers %s in the common shape with every security header', async (_what, send, status) => {
    const answer = await send();
    expect(answer.status).toBe(status);
    expectSafe(answer, status);
  });
});
