/**
 * Issue 11, finding 5: registration tells nobody which addresses have accounts, an address is confirmed by a
 * link before the account can write, registering never replaces a session, and registration is CSRF-proof.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmailConfirmation, CONFIRM_TTL_MS } from '../../server/auth/confirmation.js';
import { writeTransaction } from '../../server/db/client.js';
import type { Letter } from '../../server/notifications/mailer.js';
import { call, completePractice, confirmationToken, makeOrganization, rows, signUp, useApp } from '../helper.js';
import { FORM, FormBrowser, HTML } from '../web/form-browser.js';

const PASSWORD = 'long enough pass';
const register = (app: ReturnType<ReturnType<typeof useApp>>, email: string, extra: Record<string, unknown> = {}) =>
  call(app, null, 'POST', '/api/v1/auth/register', { email, password: PASSWORD, fullName: 'Сидорова Ольга', ...extra });

/** The letters the bank queues while `work` runs. */
async function lettersDuring(app: ReturnType<ReturnType<typeof useApp>>, work: () => Promise<unknown>) {
  const send = vi.spyOn(app.bank.services.mailer, 'send');
  await work();
  const letters = send.mock.calls.map((c) => c[2] as Letter);
  send.mockRestore();
  return letters;
}

describe('registration answers alike for new and known addresses', () => {
  const app = useApp();
  afterEach(() => vi.restoreAllMocks());

  it('answers a known address exactly as a new one, creates nothing for it and warns its owner by letter', async () => {
    const known = await signUp(app());
    const fresh = 'fresh-teacher@school.test';
    const users = rows(app(), 'users');
    let knownRes: Awaited<ReturnType<typeof register>> | undefined;
    let freshRes: Awaited<ReturnType<typeof register>> | undefined;
    const knownLetters = await lettersDuring(app(), async () => (knownRes = await register(app(), known.email)));
    const freshLetters = await lettersDuring(app(), async () => (freshRes = await register(app(), fresh)));
    expect(knownRes!.statusCode).toBe(202);
    expect(freshRes!.statusCode).toBe(knownRes!.statusCode);
    expect(freshRes!.json().message.replace(fresh, 'X')).toBe(knownRes!.json().message.replace(known.email, 'X'));
    expect(Object.keys(freshRes!.json())).toEqual(Object.keys(knownRes!.json()));
    expect(knownRes!.cookies.filter((c) => c.name === 'pb_session')).toEqual([]);
    expect(freshRes!.cookies.filter((c) => c.name === 'pb_session')).toEqual([]);
    expect(rows(app(), 'users')).toBe(users + 1);
    expect(knownLetters).toEqual([
      expect.objectContaining({ to: known.email, subject: 'Попытка регистрации с вашим адресом' }),
    ]);
    expect(knownLetters[0]!.text).toMatch(/войдите: http:\/\/localhost:\d+\/login/);
    expect(knownLetters[0]!.text).toContain('/password-reset');
    expect(freshLetters).toEqual([expect.objectContaining({ to: fresh })]);
    expect(freshLetters[0]!.text).toMatch(/\/confirm-email\/[\w-]{43}/);
  });

  it('answers the pages alike too: both lead to «Проверьте почту»', async () => {
    const known = await signUp(app());
    const answers = [];
    for (const email of [known.email, 'page-fresh@school.test']) {
      const res = await new FormBrowser(app()).submit('/register', {
        email,
        fullName: 'Сидорова Ольга',
        password: PASSWORD,
      });
      answers.push([res.statusCode, res.headers.location]);
    }
    expect(answers).toEqual([
      [303, '/register/sent'],
      [303, '/register/sent'],
    ]);
    const sent = await new FormBrowser(app()).get('/register/sent');
    expect(sent.body).toContain('Проверьте почту');
  });

  it('stops mailing a known address after a few registrations with it, still answering the same', async () => {
    const known = await signUp(app());
    const letters = await lettersDuring(app(), async () => {
      for (let i = 0; i < 5; i += 1) expect((await register(app(), known.email)).statusCode).toBe(202);
    });
    // The account's own registration (in signUp) was the first of the three that are mailed about.
    expect(letters).toHaveLength(2);
  });
});

describe('an address is confirmed by a link before the account can write', () => {
  const app = useApp();

  it('lets an unconfirmed account sign in and read, refuses its writes with EMAIL_NOT_CONFIRMED, and the link lifts that', async () => {
    const organizationId = makeOrganization(app());
    const email = 'unconfirmed@school.test';
    await register(app(), email);
    const login = await call(app(), null, 'POST', '/api/v1/auth/login', { email, password: PASSWORD });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.emailConfirmed).toBe(false);
    const cookie = login.cookies.find((c) => c.name === 'pb_session')!;
    const me = {
      email,
      userId: login.json().user.id,
      cookie: `pb_session=${cookie.value}`,
      csrf: login.json().csrfToken,
    };
    expect((await call(app(), me, 'GET', '/api/v1/practices?mine=1')).statusCode).toBe(200);
    const practices = rows(app(), 'practices');
    const refused = await call(app(), me, 'POST', '/api/v1/practices', completePractice(organizationId));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ statusCode: 403, code: 'EMAIL_NOT_CONFIRMED', error: 'Forbidden' });
    expect(refused.json().message).toMatch(/подтвердите адрес/i);
    expect(rows(app(), 'practices')).toBe(practices);

    const page = await app().inject({ url: '/my', headers: { ...HTML, cookie: me.cookie } });
    expect(page.body).toContain(`Подтвердите адрес: письмо отправлено на ${email}`);
    expect(page.body).toContain('Отправить письмо ещё раз');

    const confirmed = await call(app(), null, 'POST', '/api/v1/auth/confirm-email', {
      token: confirmationToken(app(), email),
    });
    expect(confirmed.statusCode).toBe(200);
    const created = await call(app(), me, 'POST', '/api/v1/practices', completePractice(organizationId));
    expect(created.statusCode).toBe(201);
    const after = await app().inject({ url: '/my', headers: { ...HTML, cookie: me.cookie } });
    expect(after.body).not.toContain('Подтвердите адрес');
  });

  it('stores only a hash of the token, spends it once and lets it expire after 48 hours', async () => {
    let t = new Date('2026-03-02T09:00:00Z').getTime();
    const letters: Letter[] = [];
    const confirmation = createEmailConfirmation({
      db: app().bank.db,
      mailer: { send: (_tx, _key, letter) => void letters.push(letter) },
      baseUrl: 'https://bank.example',
      now: () => new Date(t),
    });
    await register(app(), 'hash@school.test');
    await register(app(), 'expires@school.test');
    const user = app().bank.services.auth.findUserByEmail('hash@school.test')!;
    const token = writeTransaction(app().bank.db, (tx) => confirmation.issue(tx, user));
    expect(letters[0]!.text).toContain(`https://bank.example/confirm-email/${token}`);
    const stored = app().bank.db.$client.prepare('SELECT token_hash FROM email_confirmations').all() as {
      token_hash: string;
    }[];
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    expect(confirmation.confirm(token)).toBe(user.id);
    expect(() => confirmation.confirm(token)).toThrow(expect.objectContaining({ code: 'CONFIRM_LINK_INVALID' }));

    const late = app().bank.services.auth.findUserByEmail('expires@school.test')!;
    const old = writeTransaction(app().bank.db, (tx) => confirmation.issue(tx, late));
    t += CONFIRM_TTL_MS + 1000;
    expect(confirmation.isLive(old)).toBe(false);
    expect(() => confirmation.confirm(old)).toThrow(expect.objectContaining({ code: 'CONFIRM_LINK_INVALID' }));
    expect(app().bank.services.auth.findUserByEmail('expires@school.test')!.emailConfirmedAt).toBeNull();
  });

  it('resends the letter from the banner a few times, then answers 429', async () => {
    const email = 'resend@school.test';
    await register(app(), email);
    const browser = new FormBrowser(app());
    expect((await browser.submit('/login', { email, password: PASSWORD })).statusCode).toBe(303);
    const statuses = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push((await browser.submit('/my', { next: '/my' }, '/account/confirm-email')).statusCode);
    expect(statuses).toEqual([303, 303, 303, 429]);
  });

  it('confirms through the page link with a button, signing the person in', async () => {
    const email = 'page-confirm@school.test';
    await register(app(), email);
    const token = confirmationToken(app(), email);
    const browser = new FormBrowser(app());
    const shown = await browser.get(`/confirm-email/${token}`);
    expect(shown.statusCode).toBe(200);
    expect(app().bank.services.confirmation.isLive(token)).toBe(true); // opening the page spends nothing
    const done = await browser.submit(`/confirm-email/${token}`, {});
    expect(done.statusCode).toBe(303);
    const me = await app().inject({ url: '/api/v1/auth/me', headers: { cookie: browser.cookie } });
    expect(me.json().user).toMatchObject({ email, emailConfirmed: true });
    expect((await browser.get(`/confirm-email/${token}`)).statusCode).toBe(410);
  });

  it('counts a password reset link as proof of the address', async () => {
    const email = 'reset-confirms@school.test';
    await register(app(), email);
    const user = app().bank.services.auth.findUserByEmail(email)!;
    const send = vi.spyOn(app().bank.services.mailer, 'send');
    app().bank.services.passwordReset.request(email, '10.1.1.1');
    const token = /password-reset\/([\w-]+)/.exec((send.mock.calls[0]![2] as Letter).text)![1]!;
    send.mockRestore();
    await app().bank.services.passwordReset.confirm(token, 'липа клён берёза');
    expect(app().bank.services.auth.findUserByEmail(email)!.emailConfirmedAt).not.toBeNull();
    expect(user.emailConfirmedAt).toBeNull();
  });

  it('makes accounts of the first administrator and of createUser confirmed', async () => {
    expect(app().bank.services.auth.findUserByEmail('admin@bank.test')!.emailConfirmedAt).not.toBeNull();
    const made = await app().bank.services.auth.createUser({
      email: 'cli@school.test',
      password: 'long enough pass',
      fullName: 'Из командной строки',
    });
    expect(made.emailConfirmed).toBe(true);
  });
});

describe('registering while signed in, and CSRF', () => {
  const app = useApp();

  it('answers 409 to an API registration with a session and changes nothing', async () => {
    const teacher = await signUp(app());
    const users = rows(app(), 'users');
    const res = await call(app(), teacher, 'POST', '/api/v1/auth/register', {
      email: 'second@school.test',
      password: PASSWORD,
      fullName: 'Вторая Учётная',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ statusCode: 409, code: 'ALREADY_SIGNED_IN', error: 'Conflict' });
    expect(res.cookies).toEqual([]);
    expect(rows(app(), 'users')).toBe(users);
    expect((await call(app(), teacher, 'GET', '/api/v1/auth/me')).json().user.email).toBe(teacher.email);
  });

  it('tells a signed-in person on /register who they are and offers to sign out; a form post changes nothing', async () => {
    const teacher = await signUp(app());
    const browser = new FormBrowser(app());
    browser.cookies.set('pb_session', teacher.cookie.split('=')[1]!);
    const page = await browser.get('/register');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Вы уже вошли как');
    expect(page.body).toContain('action="/logout"');
    const users = rows(app(), 'users');
    const res = await app().inject({
      method: 'POST',
      url: '/register',
      headers: { ...FORM, cookie: browser.cookie },
      payload: new URLSearchParams({
        _csrf: teacher.csrf,
        email: 'other@school.test',
        fullName: 'Другая Учётная',
        password: PASSWORD,
      }).toString(),
    });
    expect(res.statusCode).toBe(409);
    expect(res.cookies.filter((c) => c.name === 'pb_session')).toEqual([]);
    expect(rows(app(), 'users')).toBe(users);
  });

  it('refuses the registration page form without its CSRF token and writes nothing', async () => {
    const users = rows(app(), 'users');
    const res = await app().inject({
      method: 'POST',
      url: '/register',
      headers: FORM,
      payload: new URLSearchParams({
        email: 'csrf@school.test',
        fullName: 'Без Токена',
        password: PASSWORD,
      }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(rows(app(), 'users')).toBe(users);
  });

  it.each([
    [
      'application/x-www-form-urlencoded',
      `email=simple%40school.test&password=${encodeURIComponent(PASSWORD)}&fullName=Simple`,
    ],
    ['text/plain', JSON.stringify({ email: 'simple@school.test', password: PASSWORD, fullName: 'Simple' })],
  ])(
    'refuses an API registration sent as %s (a cross-site form could send it) and writes nothing',
    async (type, payload) => {
      const users = rows(app(), 'users');
      const res = await app().inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        headers: { 'content-type': type },
        payload,
      });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(rows(app(), 'users')).toBe(users);
    },
  );
});
