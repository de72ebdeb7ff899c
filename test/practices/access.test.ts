import { describe, expect, it } from 'vitest';
import { call, completePractice, makeOrganization, rows, signUp, useApp } from '../helper.js';

describe('who sees and changes what', () => {
  const app = useApp();

  async function draft() {
    const author = await signUp(app());
    const res = await call(app(), author, 'POST', '/api/v1/practices', { title: 'Черновик для проверки доступа' });
    return { author, id: res.json().id as number, etag: res.headers.etag as string };
  }

  it('keeps the history of a draft from anonymous callers, other authors and moderators', async () => {
    const { author, id } = await draft();
    const stranger = await signUp(app());
    const moderator = await signUp(app(), { roles: ['moderator'] });
    expect((await call(app(), author, 'GET', `/api/v1/practices/${id}/history`)).statusCode).toBe(200);
    for (const caller of [null, stranger, moderator]) {
      const res = await call(app(), caller, 'GET', `/api/v1/practices/${id}/history`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('PRACTICE_NOT_FOUND');
    }
    expect((await call(app(), null, 'GET', '/api/v1/practices/999999/history')).statusCode).toBe(404);
  });

  it('shows the history of a published practice to moderators, not to the public', async () => {
    const orgId = makeOrganization(app(), 'МБОУ «Школа истории»', 'smolensk');
    const report = app().bank.services.importer.importRecords([
      {
        ...completePractice(orgId, { title: 'Опубликованная с историей' }),
        organization: 'МБОУ «Школа истории»',
        municipality: 'город Смоленск',
        organizationId: undefined,
      },
    ]);
    const id = report.records[0]!.practiceId!;
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const reader = await signUp(app());
    expect((await call(app(), moderator, 'GET', `/api/v1/practices/${id}/history`)).json().items[0]).toMatchObject({
      action: 'import',
      toState: 'published',
    });
    expect((await call(app(), null, 'GET', `/api/v1/practices/${id}/history`)).statusCode).toBe(401);
    expect((await call(app(), reader, 'GET', `/api/v1/practices/${id}/history`)).statusCode).toBe(403);
    // The public reads the practice without links to accounts.
    expect(
      (await call(app(), null, 'GET', `/api/v1/practices/${id}`))
        .json()
        .authors.every((a: { userId: null }) => a.userId === null),
    ).toBe(true);
  });

  it('refuses a stale If-Match on DELETE with 412 and keeps the draft', async () => {
    const { author, id, etag } = await draft();
    await call(app(), author, 'PATCH', `/api/v1/practices/${id}`, { summary: 'правка' }, { 'if-match': etag });
    const res = await call(app(), author, 'DELETE', `/api/v1/practices/${id}`, undefined, { 'if-match': etag });
    expect(res.statusCode).toBe(412);
    expect((await call(app(), author, 'GET', `/api/v1/practices/${id}`)).statusCode).toBe(200);
  });

  it('refuses If-Match: * (it names no version) and a weak tag', async () => {
    const { author, id, etag } = await draft();
    const weak = await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${id}`,
      { summary: 'слабый' },
      { 'if-match': `W/${etag}` },
    );
    expect(weak.statusCode).toBe(412);
    const any = await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${id}`,
      { summary: 'любая' },
      { 'if-match': '*' },
    );
    expect(any.statusCode).toBe(428);
    expect((await call(app(), author, 'GET', `/api/v1/practices/${id}`)).json().summary).toBe('');
  });

  it('deletes with an empty JSON body, as many clients send it, but never without If-Match', async () => {
    const { author, id, etag } = await draft();
    const headers = { cookie: author.cookie, 'x-csrf-token': author.csrf, 'content-type': 'application/json' };
    const blind = await app().inject({ method: 'DELETE', url: `/api/v1/practices/${id}`, headers });
    expect(blind.statusCode).toBe(428);
    const res = await app().inject({
      method: 'DELETE',
      url: `/api/v1/practices/${id}`,
      headers: { ...headers, 'if-match': etag },
    });
    expect(res.statusCode).toBe(204);
  });

  it('refuses half of a surrogate pair (a broken character) instead of storing «�»', async () => {
    const { author } = await draft();
    const res = await app().inject({
      method: 'POST',
      url: '/api/v1/practices',
      headers: { cookie: author.cookie, 'x-csrf-token': author.csrf, 'content-type': 'application/json' },
      payload: '{"title": "Практика \\ud800 сломанная"}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('title');
  });
});

describe('more bad input', () => {
  const app = useApp();

  it.each([
    ['GET', '/api/v1/organizations/abc', 400, 'VALIDATION_FAILED'],
    ['GET', '/api/v1/practices?perPage=1000', 400, 'VALIDATION_FAILED'],
    ['GET', '/api/v1/practices/0x10', 400, 'VALIDATION_FAILED'],
    ['GET', '/api/v1/practices/1e3', 400, 'VALIDATION_FAILED'],
    ['GET', '/api/v1/practices/999999', 404, 'PRACTICE_NOT_FOUND'],
    ['GET', '/api/v1/registry/67-2024-0001/v/abc', 400, 'VALIDATION_FAILED'],
    ['GET', '/api/v1/practices/%E0%A4%A', 400, 'BAD_REQUEST'],
  ] as const)('%s %s → %i %s', async (method, url, status, code) => {
    const res = await call(app(), null, method, url);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ statusCode: status, code });
  });

  it('refuses a malformed login with field details and opens no session', async () => {
    const before = rows(app(), 'sessions');
    const res = await call(app(), null, 'POST', '/api/v1/auth/login', { email: '', password: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.map((d: { field: string }) => d.field)).toEqual(['email', 'password']);
    expect(rows(app(), 'sessions')).toBe(before);
  });

  it('refuses logout without the CSRF token, keeping the session', async () => {
    const client = await signUp(app());
    const res = await app().inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: client.cookie } });
    expect(res.statusCode).toBe(403);
    expect((await call(app(), client, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
  });

  it('refuses a new password of spaces, one too short, or the same as the current one', async () => {
    const client = await signUp(app());
    for (const newPassword of ['        ', 'short', 'correct horse battery']) {
      const res = await call(app(), client, 'POST', '/api/v1/auth/password', {
        currentPassword: 'correct horse battery',
        newPassword,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].field).toBe('newPassword');
    }
  });

  it('refuses an unknown organisation at registration as a field error, and unknown fields', async () => {
    const unknownOrg = await call(app(), null, 'POST', '/api/v1/auth/register', {
      email: 'org@school.test',
      password: 'long enough pass',
      fullName: 'Иванов Иван',
      organizationId: 987654,
    });
    expect(unknownOrg.statusCode).toBe(400);
    expect(unknownOrg.json().details).toEqual([
      { field: 'organizationId', message: 'Такой организации нет в справочнике' },
    ]);
    const withRoles = await call(app(), null, 'POST', '/api/v1/auth/register', {
      email: 'roles@school.test',
      password: 'long enough pass',
      fullName: 'Иванов Иван',
      roles: ['admin'],
    });
    expect(withRoles.statusCode).toBe(400);
    expect(withRoles.json().details[0].field).toBe('roles');
  });

  it('refuses control and bidi characters in an account name', async () => {
    const res = await call(app(), null, 'POST', '/api/v1/auth/register', {
      email: 'bidi@school.test',
      password: 'long enough pass',
      fullName: 'Имя \u202Eвоз',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('fullName');
  });

  it('refuses protocol-relative links and images in Markdown', async () => {
    const client = await signUp(app());
    for (const content of ['[x](//evil.example/path)', '![пиксель](https://tracker.example/p.gif)']) {
      const res = await call(app(), client, 'POST', '/api/v1/practices', { title: 'Ссылки', content });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].field).toBe('content');
    }
  });

  it('lets a returning user sign in even with a stale cookie and no CSRF header', async () => {
    const client = await signUp(app());
    const res = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: client.cookie },
      payload: { email: client.email, password: 'correct horse battery' },
    });
    expect(res.statusCode).toBe(200);
    // The session the cookie stood for has ended: one browser, one session.
    expect((await call(app(), client, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });
});
