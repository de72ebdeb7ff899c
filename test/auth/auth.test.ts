import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { call, confirmationToken, rows, signUp, useApp } from '../helper.js';

describe('accounts and sessions', () => {
  // Hashing at the cost a production bank has (other files hash at the least, test/helper.ts), whatever the
  // environment says: no variable lowers it.
  const production = loadConfig({ NODE_ENV: 'production', PASSWORD_COST: '1', ARGON2_MEMORY: '1024' });
  const app = useApp({}, { passwordCost: production.passwordCost });

  it('registers an author unconfirmed, signs nobody in, and the link from the letter signs them in with an HttpOnly SameSite=Lax cookie', async () => {
    const res = await app().inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: {
        email: '  Teacher@School.TEST ',
        password: 'long enough pass',
        fullName: 'Петрова Мария Сергеевна',
        position: 'учитель-логопед',
      },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().message).toContain('teacher@school.test');
    expect(res.cookies.find((c) => c.name === 'pb_session')).toBeUndefined();
    const confirmed = await call(app(), null, 'POST', '/api/v1/auth/confirm-email', {
      token: confirmationToken(app(), 'teacher@school.test'),
    });
    expect(confirmed.statusCode).toBe(200);
    const body = confirmed.json();
    expect(body.user).toMatchObject({
      email: 'teacher@school.test',
      fullName: 'Петрова Мария Сергеевна',
      roles: ['author'],
      mustChangePassword: false,
      emailConfirmed: true,
    });
    expect(body.user).not.toHaveProperty('passwordHash');
    const cookie = confirmed.cookies.find((c) => c.name === 'pb_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy();
    const me = await app().inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { pb_session: cookie.value } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('teacher@school.test');
    expect(me.json().csrfToken).toBe(body.csrfToken);
  });

  it('stores only a hash of the session token and an argon2id hash of the password', async () => {
    const client = await signUp(app());
    const token = client.cookie.split('=')[1]!;
    const db = app().bank.db.$client;
    expect(db.prepare('SELECT count(*) AS n FROM sessions WHERE id = ?').get(token)).toEqual({ n: 0 });
    const hash = (db.prepare('SELECT password_hash AS h FROM users WHERE email = ?').get(client.email) as { h: string })
      .h;
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it('answers a second registration with the same e-mail as a new one and creates no account', async () => {
    const client = await signUp(app());
    const before = rows(app(), 'users');
    const res = await call(app(), null, 'POST', '/api/v1/auth/register', {
      email: client.email.toUpperCase(),
      password: 'another password',
      fullName: 'Другой Человек',
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ message: expect.stringContaining(client.email) });
    expect(rows(app(), 'users')).toBe(before);
  });

  it.each([
    [{ email: 'not-an-email', password: 'long enough pass', fullName: 'Иванов Иван' }, 'email'],
    [{ email: 'a@b.ru', password: 'short', fullName: 'Иванов Иван' }, 'password'],
    [{ email: 'a@b.ru', password: 'long enough pass' }, 'fullName'],
    [{ email: 'a@b.ru', password: 12345678, fullName: 'Иванов Иван' }, 'password'],
  ])('refuses registration %# with field details and writes nothing', async (payload, field) => {
    const before = rows(app(), 'users');
    const res = await call(app(), null, 'POST', '/api/v1/auth/register', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().details.map((d: { field: string }) => d.field)).toContain(field);
    expect(res.json().details[0].message).toMatch(/[а-яё]/i);
    expect(rows(app(), 'users')).toBe(before);
  });

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    const client = await signUp(app());
    const wrong = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: client.email,
      password: 'wrong password',
    });
    const unknown = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: 'nobody@school.test',
      password: 'wrong password',
    });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({
        code: 'INVALID_CREDENTIALS',
        message: 'Неверный адрес электронной почты или пароль',
      });
      expect(res.cookies).toHaveLength(0);
    }
  });

  it('logs in and out; the old cookie no longer works', async () => {
    const client = await signUp(app());
    const login = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: client.email,
      password: 'correct horse battery',
    });
    expect(login.statusCode).toBe(200);
    const cookie = `pb_session=${login.cookies.find((c) => c.name === 'pb_session')!.value}`;
    const session = { ...client, cookie, csrf: login.json().csrfToken };
    const out = await call(app(), session, 'POST', '/api/v1/auth/logout');
    expect(out.statusCode).toBe(204);
    const me = await call(app(), session, 'GET', '/api/v1/auth/me');
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('AUTH_REQUIRED');
  });

  it('refuses a cookie-authenticated write without the CSRF token and changes nothing', async () => {
    const client = await signUp(app());
    const before = rows(app(), 'practices');
    for (const headers of [{ cookie: client.cookie }, { cookie: client.cookie, 'x-csrf-token': 'forged' }]) {
      const res = await app().inject({
        method: 'POST',
        url: '/api/v1/practices',
        headers,
        payload: { title: 'Моя практика' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('CSRF_TOKEN_INVALID');
    }
    expect(rows(app(), 'practices')).toBe(before);
  });

  it('makes the first administrator from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    const res = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: 'admin@bank.test',
      password: 'admin-password-123',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.roles).toEqual(expect.arrayContaining(['admin', 'moderator', 'author']));
  });

  it('changes a password with the current one and ends other sessions', async () => {
    const client = await signUp(app());
    const other = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: client.email,
      password: 'correct horse battery',
    });
    const otherCookie = `pb_session=${other.cookies[0]!.value}`;
    const wrong = await call(app(), client, 'POST', '/api/v1/auth/password', {
      currentPassword: 'nope nope',
      newPassword: 'brand new password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details[0].field).toBe('currentPassword');
    const ok = await call(app(), client, 'POST', '/api/v1/auth/password', {
      currentPassword: 'correct horse battery',
      newPassword: 'brand new password',
    });
    expect(ok.statusCode).toBe(204);
    expect((await call(app(), client, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect(
      (await app().inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: otherCookie } })).statusCode,
    ).toBe(401);
    const relogin = await call(app(), null, 'POST', '/api/v1/auth/login', {
      email: client.email,
      password: 'brand new password',
    });
    expect(relogin.statusCode).toBe(200);
  });
});

describe('first start without ADMIN_EMAIL', () => {
  const app = useApp({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });

  it('creates admin@localhost with a one-time password that must be changed before any other write', async () => {
    const db = app().bank.db.$client;
    expect(db.prepare("SELECT must_change_password AS m FROM users WHERE email = 'admin@localhost'").get()).toEqual({
      m: 1,
    });
    const password = 'one-time-secret';
    await app().bank.services.auth.resetPassword('admin@localhost', password, true);
    const login = await call(app(), null, 'POST', '/api/v1/auth/login', { email: 'admin@localhost', password });
    expect(login.json().user.mustChangePassword).toBe(true);
    const admin = {
      email: 'admin@localhost',
      userId: login.json().user.id,
      cookie: `pb_session=${login.cookies[0]!.value}`,
      csrf: login.json().csrfToken,
    };
    const blocked = await call(app(), admin, 'POST', '/api/v1/practices', { title: 'Практика администратора' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await call(app(), admin, 'POST', '/api/v1/auth/password', {
      currentPassword: password,
      newPassword: 'a long new admin password',
    });
    expect(changed.statusCode).toBe(204);
    const allowed = await call(app(), admin, 'POST', '/api/v1/practices', { title: 'Практика администратора' });
    expect(allowed.statusCode).toBe(201);
  });
});

describe('login rate limit', () => {
  const app = useApp({ LOGIN_RATE_LIMIT: '3' });

  it('answers 429 RATE_LIMITED after too many attempts from one address', async () => {
    const attempt = () =>
      call(app(), null, 'POST', '/api/v1/auth/login', { email: 'x@school.test', password: 'guess guess' });
    for (let i = 0; i < 3; i += 1) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', error: 'Too Many Requests' });
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
