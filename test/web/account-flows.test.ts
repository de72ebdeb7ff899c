import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/app.js';
import { rows, signUp, tempDir, testConfig } from '../helper.js';
import { FormBrowser, sessionOf } from './form-browser.js';

/** What the bank logs: without SMTP_URL the reset link is only logged, and the test reads it there. */
const logLines: string[] = [];
const resetLinkFor = (userId: number) => {
  const line = logLines.findLast((l) => l.includes('password reset link') && l.includes(`"userId":${userId}`));
  return line ? (JSON.parse(line) as { link: string }).link.replace(/^https?:\/\/[^/]+/, '') : undefined;
};

let app: App;
const data = tempDir('bank-account-flows-');
beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = await buildApp(testConfig({ DATA_DIR: data.dir }), { logger: { level: 'info', stream } });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  data.remove();
});

const OLD = 'correct horse battery';
const NEW = 'липа клён берёза';

/** A browser signed in through the login page as `email`. */
async function signedIn(email: string, password = OLD, next?: string) {
  const browser = new FormBrowser(app);
  const res = await browser.submit(`/login${next ? `?next=${encodeURIComponent(next)}` : ''}`, {
    email,
    password,
    ...(next ? { next } : {}),
  });
  return { browser, res };
}

describe('a one-time password', () => {
  it('leads to /account/password before anything else, and on to the page asked for once changed', async () => {
    const { auth } = app.bank.services;
    const moderator = await signUp(app, { roles: ['moderator'] });
    const admin = await signUp(app, { roles: ['admin'] });
    const adminBrowser = new FormBrowser(app);
    adminBrowser.cookies.set('pb_session', admin.cookie.split('=')[1]!);
    const list = await adminBrowser.get(`/admin/users?q=${encodeURIComponent(moderator.email)}`);
    expect(list.body).toContain(moderator.email);
    const issued = await adminBrowser.submit(
      `/admin/users?q=${encodeURIComponent(moderator.email)}`,
      {},
      `/admin/users/${moderator.userId}/one-time-password`,
    );
    expect(issued.statusCode).toBe(303);
    const shown = await adminBrowser.get(issued.headers.location as string);
    const password = /Одноразовый пароль для [^:]+: (\S+) —/.exec(shown.body)?.[1];
    expect(password).toBeDefined();
    expect((await adminBrowser.get(issued.headers.location as string)).body).not.toContain(password);
    // The moderator's old session ended with the new password.
    expect(auth.authenticate(moderator.cookie.split('=')[1]!)).toBeUndefined();

    const { browser, res } = await signedIn(moderator.email, password, '/account');
    expect(res.headers.location).toBe('/account');
    const gate = await browser.get('/account');
    expect(gate.statusCode).toBe(303);
    expect(gate.headers.location).toBe('/account/password?next=%2Faccount');
    const page = await browser.get(gate.headers.location as string);
    expect(page.body).toContain('Задайте свой пароль');
    expect(page.body).toContain('name="next" value="/account"');
    const wrong = await browser.submit(gate.headers.location as string, {
      currentPassword: 'not the one',
      newPassword: NEW,
      newPasswordAgain: NEW,
      next: '/account',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="currentPassword-error"');
    const changed = await browser.submit(gate.headers.location as string, {
      currentPassword: password!,
      newPassword: NEW,
      newPasswordAgain: NEW,
      next: '/account',
    });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe('/account');
    const account = await browser.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Пароль изменён');
  });
});

describe('the password change page', () => {
  it.each([
    ['currentPassword', { currentPassword: '' }, 'Введите текущий пароль'],
    ['newPassword', { newPassword: 'short', newPasswordAgain: 'short' }, 'не меньше 10 знаков'],
    ['newPassword', { newPassword: 'qwertyuiop', newPasswordAgain: 'qwertyuiop' }, 'слишком распространён'],
    ['newPasswordAgain', { newPasswordAgain: 'something else' }, 'Пароли не совпадают'],
  ])('shows a wrong %s beside the field', async (field, bad, message) => {
    const teacher = await signUp(app);
    const { browser } = await signedIn(teacher.email);
    const res = await browser.submit('/account/password', {
      username: teacher.email,
      currentPassword: OLD,
      newPassword: NEW,
      newPasswordAgain: NEW,
      ...bad,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`id="${field}-error"`);
    expect(res.body).toContain(message);
    expect(res.body).not.toContain(OLD);
  });
});

describe('the account page', () => {
  it('saves name, position and organisation, and shows a wrong field beside it keeping what was typed', async () => {
    const teacher = await signUp(app);
    const { browser } = await signedIn(teacher.email);
    const bad = await browser.submit('/account', { fullName: 'Я', position: 'методист', organizationId: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="fullName-error"');
    expect(bad.body).toContain('value="методист"');
    const noOrg = await browser.submit('/account', { fullName: 'Орлова Нина', organizationId: '424242' });
    expect(noOrg.body).toContain('id="organizationId-error"');
    const saved = await browser.submit('/account', { fullName: 'Орлова Нина Сергеевна', position: 'методист' });
    expect(saved.statusCode).toBe(303);
    const page = await browser.get('/account');
    expect(page.body).toContain('Сведения о себе сохранены');
    expect(page.body).toContain('value="Орлова Нина Сергеевна"');
  });

  it('lists the sessions in words and ends the others with «Выйти на других устройствах»', async () => {
    const teacher = await signUp(app);
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: teacher.email, password: OLD },
      headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36' },
    });
    const { browser } = await signedIn(teacher.email);
    const page = await browser.get('/account');
    expect(page.body).toContain('Chrome на Android');
    expect(page.body).toContain('это устройство');
    const ended = await browser.submit('/account', {}, '/account/sessions');
    expect(ended.statusCode).toBe(303);
    const after = await browser.get('/account');
    expect(after.body).toMatch(/Вы вышли на других устройствах: завершено 2 сеанса/);
    expect(after.body).toContain('На других устройствах вы не входили');
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: teacher.cookie } })).statusCode).toBe(401);
  });

  it('signs out with the header form and sends a visitor to sign in first', async () => {
    const teacher = await signUp(app);
    const { browser } = await signedIn(teacher.email);
    const out = await browser.submit('/account', {}, '/logout');
    expect(out.statusCode).toBe(303);
    expect(sessionOf(out)).toBeUndefined();
    const visitor = await browser.get('/account');
    expect(visitor.headers.location).toBe('/login?next=%2Faccount');
  });
});

describe('password reset through the pages', () => {
  it('answers the same for a known and an unknown address, and the link works once, ending every session', async () => {
    const teacher = await signUp(app);
    const browser = new FormBrowser(app);
    const known = await browser.submit('/password-reset', { email: teacher.email });
    const unknown = await browser.submit('/password-reset', { email: 'nobody@school.test' });
    expect(known.statusCode).toBe(303);
    expect(unknown.statusCode).toBe(303);
    expect(known.headers.location).toBe(unknown.headers.location);
    const sent = await browser.get(known.headers.location as string);
    expect(sent.body).toContain('Если адрес зарегистрирован');
    expect(rows(app, 'password_reset_tokens')).toBeGreaterThan(0);
    const link = resetLinkFor(teacher.userId)!;
    expect(link).toMatch(/^\/password-reset\/[\w-]{43}$/);
    // Only the hash is stored.
    const stored = app.bank.db.$client.prepare('SELECT token_hash FROM password_reset_tokens').all() as {
      token_hash: string;
    }[];
    expect(stored.map((r) => r.token_hash)).not.toContain(link.split('/').pop());

    const common = await browser.submit(link, { newPassword: 'password12', newPasswordAgain: 'password12' });
    expect(common.statusCode).toBe(400);
    expect(common.body).toContain('id="newPassword-error"');
    const done = await browser.submit(link, { newPassword: NEW, newPasswordAgain: NEW });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/login');
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: teacher.cookie } })).statusCode).toBe(401);
    const again = await browser.get(link);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('Запросить новую ссылку');
    expect((await signedIn(teacher.email, NEW)).res.statusCode).toBe(303);
  });

  it('shows a wrong address beside the field', async () => {
    const res = await new FormBrowser(app).submit('/password-reset', { email: 'не адрес' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="email-error"');
    expect(res.body).toContain('value="не адрес"');
  });
});

describe('the admins’ user list', () => {
  it('is closed to a teacher', async () => {
    const teacher = await signUp(app);
    const res = await app.inject({ url: '/admin/users', headers: { accept: 'text/html', cookie: teacher.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('доступен только администраторам');
  });
});
