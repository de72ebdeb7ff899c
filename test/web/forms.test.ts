import { h } from 'preact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp, type App } from '../../server/app.js';
import { access, PUBLIC_READ } from '../../server/access/routes.js';
import { parseForm, redirectWithNotice, safeNext } from '../../server/web/forms.js';
import { sendPage } from '../../server/web/render.js';
import { PostForm } from '../../server/web/components/forms.js';
import { confirmationToken, signUp, tempDir, testConfig } from '../helper.js';

/** The bank with two pages of a test's own: a form anyone may post, and one only a signed-in person may. */
async function bankWithForms(env: Record<string, string> = {}): Promise<App> {
  const app = await buildApp(testConfig(env));
  await app.register(async (scope) => {
    for (const [url, people] of [
      ['/test/anyone', 'anyone'],
      ['/test/signed-in', 'signed-in'],
    ] as const) {
      const config = people === 'anyone' ? PUBLIC_READ : access(people);
      scope.get(url, { config }, (request, reply) =>
        sendPage(
          request,
          reply,
          { title: 'Форма' },
          h(PostForm, { action: url, csrf: scope.formToken(request, reply), children: h('input', { name: 'name' }) }),
        ),
      );
      scope.post(url, { config }, (request, reply) => {
        const parsed = parseForm(z.strictObject({ name: z.string().min(2, 'Не короче двух букв') }), request.body);
        if (!parsed.ok) return reply.code(400).send(parsed);
        return redirectWithNotice(reply, url, `Сохранено: ${parsed.data.name}`);
      });
      scope.post(`${url}/upload`, { config }, async (request) => ({ got: (await request.file())?.filename }));
    }
  });
  await app.ready();
  return app;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

describe('page forms', () => {
  let app: App;
  const data = tempDir('bank-forms-');
  beforeAll(async () => {
    app = await bankWithForms({ DATA_DIR: data.dir });
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('refuses a signed-in form post without its CSRF token or with another one, and accepts the session token', async () => {
    const teacher = await signUp(app);
    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: '/test/signed-in',
        headers: { ...FORM, cookie: teacher.cookie, ...headers },
        payload: form(fields),
      });
    const missing = await post({ name: 'Анна' });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('обновите страницу');
    expect((await post({ name: 'Анна', _csrf: 'x'.repeat(43) })).statusCode).toBe(403);
    // A made-up header does not stand in for the form's token either.
    expect((await post({ name: 'Анна' }, { 'x-csrf-token': 'forged' })).statusCode).toBe(403);
    const page = await app.inject({ url: '/test/signed-in', headers: { accept: 'text/html', cookie: teacher.cookie } });
    expect(tokenIn(page.body)).toBe(teacher.csrf);
    const ok = await post({ name: 'Анна', _csrf: teacher.csrf });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/test/signed-in');
  });

  it('guards anonymous forms with a token kept in a cookie of their own', async () => {
    const first = await app.inject({ url: '/test/anyone', headers: { accept: 'text/html' } });
    const cookie = first.cookies.find((c) => c.name === 'pb_form')!;
    expect(cookie.httpOnly).toBe(true);
    const token = tokenIn(first.body)!;
    expect(token).toBe(cookie.value);
    const post = (cookieHeader: string | undefined, fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/test/anyone',
        headers: { ...FORM, ...(cookieHeader ? { cookie: cookieHeader } : {}) },
        payload: form(fields),
      });
    expect((await post(undefined, { name: 'Анна', _csrf: token })).statusCode).toBe(403);
    expect((await post(`pb_form=${token}`, { name: 'Анна', _csrf: 'y'.repeat(43) })).statusCode).toBe(403);
    const ok = await post(`pb_form=${token}`, { name: 'Анна', _csrf: token });
    expect(ok.statusCode).toBe(303);
    // The same browser keeps its token from page to page.
    const again = await app.inject({
      url: '/test/anyone',
      headers: { accept: 'text/html', cookie: `pb_form=${token}` },
    });
    expect(tokenIn(again.body)).toBe(token);
    expect(again.cookies.find((c) => c.name === 'pb_form')).toBeUndefined();
  });

  it('gives back the fields and a message for each wrong one, without the token', async () => {
    const teacher = await signUp(app);
    const res = await app.inject({
      method: 'POST',
      url: '/test/signed-in',
      headers: { ...FORM, cookie: teacher.cookie },
      payload: form({ name: 'А', _csrf: teacher.csrf }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ ok: false, errors: { name: 'Не короче двух букв' }, values: { name: 'А' } });
  });

  it('shows the notice a redirect left exactly once', async () => {
    const teacher = await signUp(app);
    const saved = await app.inject({
      method: 'POST',
      url: '/test/signed-in',
      headers: { ...FORM, cookie: teacher.cookie },
      payload: form({ name: 'Анна', _csrf: teacher.csrf }),
    });
    const notice = saved.cookies.find((c) => c.name === 'pb_notice')!;
    const cookie = `${teacher.cookie}; pb_notice=${notice.value}`;
    const shown = await app.inject({ url: '/test/signed-in', headers: { accept: 'text/html', cookie } });
    expect(shown.body).toContain('Сохранено: Анна');
    expect(shown.cookies.find((c) => c.name === 'pb_notice')?.value).toBe('');
    const later = await app.inject({
      url: '/test/signed-in',
      headers: { accept: 'text/html', cookie: teacher.cookie },
    });
    expect(later.body).not.toContain('Сохранено');
  });

  it('takes a multipart form token from the action query', async () => {
    const teacher = await signUp(app);
    const boundary = 'b0undary';
    const payload =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="план.txt"\r\n` +
      `Content-Type: text/plain\r\n\r\nтекст\r\n--${boundary}--\r\n`;
    const upload = (query: string) =>
      app.inject({
        method: 'POST',
        url: `/test/signed-in/upload${query}`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: teacher.cookie },
        payload,
      });
    expect((await upload('')).statusCode).toBe(403);
    const ok = await upload(`?_csrf=${teacher.csrf}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ got: 'план.txt' });
  });

  it('sends a visitor to sign in and back when a page needs a person', async () => {
    const res = await app.inject({ url: '/test/signed-in?x=1', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Ftest%2Fsigned-in%3Fx%3D1');
  });

  it('shows a person with a one-time password nothing beyond the public pages until they change it', async () => {
    const { auth } = app.bank.services;
    await auth.createUser({
      email: 'once@school.test',
      password: 'temporary-pass-42',
      fullName: 'Петрова Ольга',
      roles: ['author', 'moderator'],
      mustChangePassword: true,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'once@school.test', password: 'temporary-pass-42' },
    });
    const cookie = `pb_session=${login.cookies.find((c) => c.name === 'pb_session')!.value}`;
    const page = await app.inject({ url: '/test/signed-in', headers: { accept: 'text/html', cookie } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/account/password?next=%2Ftest%2Fsigned-in');
    const queue = await app.inject({ url: '/api/v1/moderation/queue', headers: { cookie } });
    expect(queue.statusCode).toBe(403);
    expect(queue.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/', headers: { accept: 'text/html', cookie } })).statusCode).toBe(200);
  });
});

describe('page forms over https', () => {
  let app: App;
  const data = tempDir('bank-forms-https-');
  beforeAll(async () => {
    app = await bankWithForms({ DATA_DIR: data.dir, BASE_URL: 'https://bank.example' });
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('names the cookies with the __Host- prefix and marks them secure', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'secure@school.test', password: 'correct horse battery', fullName: 'Анна Иванова' },
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/confirm-email',
      payload: { token: confirmationToken(app, 'secure@school.test') },
    });
    const session = res.cookies.find((c) => c.name === '__Host-pb_session')!;
    expect(session).toMatchObject({ secure: true, path: '/', httpOnly: true });
    expect(session.domain).toBeUndefined();
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { cookie: `__Host-pb_session=${session.value}` } });
    expect(me.statusCode).toBe(200);
    const page = await app.inject({ url: '/test/anyone', headers: { accept: 'text/html' } });
    expect(page.cookies.find((c) => c.name === '__Host-pb_form')).toMatchObject({ secure: true, path: '/' });
  });
});

describe('form helpers', () => {
  it('lets only paths of this bank be where a sign-in returns to', () => {
    expect(safeNext('/my?tab=drafts')).toBe('/my?tab=drafts');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(undefined, '/my')).toBe('/my');
  });

  it('keeps repeated fields as lists and drops what is not text', () => {
    const parsed = parseForm(z.object({ level: z.array(z.string()) }), { level: ['school', 'preschool'], n: 3 });
    expect(parsed).toEqual({ ok: true, data: { level: ['school', 'preschool'] } });
  });
});
