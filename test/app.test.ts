import { describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.js';
import { call, testConfig, useApp } from './helper.js';
import { access } from '../server/access/routes.js';

describe('the app as a whole', () => {
  const app = useApp();

  it('reports liveness and readiness at /health', async () => {
    const res = await call(app(), null, 'GET', '/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok', search: { engine: 'embedded', status: 'ok' } });
  });

  it('answers an unknown address in the common error shape, with a request id', async () => {
    const res = await call(app(), null, 'GET', '/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      error: 'Not Found',
      message: 'Адрес GET /api/v1/nothing-here не найден',
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a request id the caller sends', async () => {
    const res = await call(app(), null, 'GET', '/health', undefined, { 'x-request-id': 'trace-42' });
    expect(res.headers['x-request-id']).toBe('trace-42');
  });

  it('publishes the OpenAPI document generated from the schemas, and the docs page', async () => {
    const spec = await call(app(), null, 'GET', '/docs/json');
    expect(spec.statusCode).toBe(200);
    const paths = Object.keys(spec.json().paths);
    for (const p of [
      '/api/v1/auth/login',
      '/api/v1/vocabularies',
      '/api/v1/organizations',
      '/api/v1/practices',
      '/api/v1/practices/{id}',
      '/api/v1/registry/{number}',
      '/health',
    ]) {
      expect(paths).toContain(p);
    }
    expect(
      spec.json().paths['/api/v1/practices'].post.requestBody.content['application/json'].schema.properties.summary
        .maxLength,
    ).toBe(1000);
    const page = await call(app(), null, 'GET', '/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('sends security headers, without HSTS on plain http', async () => {
    const res = await call(app(), null, 'GET', '/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('an unexpected failure', () => {
  it('is answered as a generic 500 in the common shape, never leaking the cause', async () => {
    const app = await buildApp(testConfig());
    app.get('/boom', { config: access('anyone') }, async () => {
      throw new Error('secret database detail');
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      error: 'Internal Server Error',
      message: 'Внутренняя ошибка сервера. Мы уже знаем о ней',
    });
    expect(res.body).not.toContain('secret');
    await app.close();
  });

  it('marks the session cookie Secure when BASE_URL is https', async () => {
    const app = await buildApp(testConfig({ BASE_URL: 'https://bank.example.ru' }));
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@bank.test', password: 'admin-password-123' },
    });
    expect(res.cookies[0]!.secure).toBe(true);
    expect(res.headers['strict-transport-security']).toBeDefined();
    await app.close();
  });
});
