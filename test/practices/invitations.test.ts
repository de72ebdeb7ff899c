/**
 * Issue 11, finding 4: co-author invitations are no spam channel. They go by e-mail address, answer the same
 * whether the address has an account, wait for an address to be confirmed, and each account sends a limited number
 * a day (refused with 429 and nothing written).
 */
import { describe, expect, it, vi } from 'vitest';
import type { Letter } from '../../server/notifications/mailer.js';
import { call, confirmationToken, rows, signUp, useApp, type Client } from '../helper.js';
import { draftBy } from '../moderation/fixtures.js';
import { page, post } from '../web/workspace/world.js';

type App = ReturnType<ReturnType<typeof useApp>>;
const invite = (app: App, author: Client, id: number, email: string) =>
  call(app, author, 'POST', `/api/v1/practices/${id}/coauthor-invites`, { email });
const TABLES = ['coauthor_invites', 'notifications', 'practice_history', 'jobs'];
const snapshot = (app: App) => TABLES.map((t) => rows(app, t));

describe('invitations by e-mail address', () => {
  const app = useApp();

  it('answers alike for an address with an account and one without; the account is notified, the stranger gets a letter', async () => {
    const author = await signUp(app(), { fullName: 'Смирнова Ольга Викторовна' });
    const colleague = await signUp(app());
    const { id } = await draftBy(app(), author, 'Практика для приглашений');
    const send = vi.spyOn(app().bank.services.mailer, 'send');
    const known = await invite(app(), author, id, colleague.email);
    const unknown = await invite(app(), author, id, 'stranger@school.test');
    const letters = send.mock.calls.map((c) => c[2] as Letter);
    send.mockRestore();
    expect(known.statusCode).toBe(201);
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.json().message.replace('stranger@school.test', 'X')).toBe(
      known.json().message.replace(colleague.email, 'X'),
    );
    expect((await call(app(), colleague, 'GET', '/api/v1/notifications')).json().items).toEqual([
      expect.objectContaining({ kind: 'coauthor_invite', practiceId: id }),
    ]);
    expect(letters).toEqual([expect.objectContaining({ to: 'stranger@school.test' })]);
    expect(letters[0]!.text).toContain('Смирнова Ольга Викторовна приглашает вас соавтором практики');
    expect(letters[0]!.text).toMatch(/зарегистрируйтесь[^]*http:\/\/localhost:\d+\/register/);
    const waiting = (await call(app(), author, 'GET', `/api/v1/practices/${id}/coauthor-invites`)).json().items;
    expect(waiting.map((i: { email: string }) => i.email)).toEqual([colleague.email, 'stranger@school.test']);
    expect(Object.keys(waiting[0]).sort()).toEqual(['createdAt', 'email', 'id']);
  });

  it('lets an invitation wait for the address to be registered and confirmed, then the new author accepts it', async () => {
    const author = await signUp(app());
    const { id } = await draftBy(app(), author, 'Практика ждёт соавтора');
    expect((await invite(app(), author, id, 'Future@School.test')).statusCode).toBe(201);
    await call(app(), null, 'POST', '/api/v1/auth/register', {
      email: 'future@school.test',
      password: 'long enough pass',
      fullName: 'Будущая Соавторша',
    });
    // Not reached before the address is confirmed: whoever registered it may not own it.
    const invitee = app().bank.services.auth.findUserByEmail('future@school.test')!;
    expect(app().bank.services.coauthors.pending(invitee.id)).toEqual([]);
    const confirmed = await call(app(), null, 'POST', '/api/v1/auth/confirm-email', {
      token: confirmationToken(app(), 'future@school.test'),
    });
    const cookie = confirmed.cookies.find((c) => c.name === 'pb_session')!;
    const newcomer: Client = {
      email: 'future@school.test',
      userId: invitee.id,
      cookie: `pb_session=${cookie.value}`,
      csrf: confirmed.json().csrfToken,
    };
    expect((await call(app(), newcomer, 'GET', '/api/v1/coauthor-invites')).json().items).toEqual([
      expect.objectContaining({ practiceId: id, title: 'Практика ждёт соавтора' }),
    ]);
    expect((await call(app(), newcomer, 'GET', '/api/v1/notifications')).json().items[0].kind).toBe('coauthor_invite');
    const accepted = await call(app(), newcomer, 'POST', `/api/v1/practices/${id}/coauthorship`, { accept: true });
    expect(accepted.statusCode).toBe(200);
    const shared = await call(app(), newcomer, 'GET', `/api/v1/practices/${id}`);
    expect(shared.statusCode).toBe(200);
    expect(shared.json().authors.at(-1)).toMatchObject({ fullName: 'Будущая Соавторша', userId: invitee.id });
  });

  it('no longer invites (or notifies) an account named by id among the authors', async () => {
    const author = await signUp(app());
    const target = await signUp(app());
    const { id, etag } = await draftBy(app(), author, 'Практика с чужим id');
    const before = snapshot(app());
    const res = await call(
      app(),
      author,
      'PATCH',
      `/api/v1/practices/${id}`,
      { authors: [{ fullName: 'Купите Слона', position: 'реклама', userId: target.userId }] },
      { 'if-match': etag },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().authors).toEqual([{ fullName: 'Купите Слона', position: 'реклама', userId: null }]);
    expect(rows(app(), 'coauthor_invites')).toBe(before[0]);
    expect(rows(app(), 'notifications')).toBe(before[1]);
  });
});

describe('the daily limit of invitations', () => {
  const app = useApp({ INVITES_PER_DAY: '2' });

  it('refuses the invitation past the limit with 429 in the common shape and writes nothing; revoking gives none back', async () => {
    const author = await signUp(app());
    const { id } = await draftBy(app(), author, 'Практика для рассылки');
    expect((await invite(app(), author, id, 'one@school.test')).statusCode).toBe(201);
    const [first] = (await call(app(), author, 'GET', `/api/v1/practices/${id}/coauthor-invites`)).json().items;
    await call(app(), author, 'DELETE', `/api/v1/practices/${id}/coauthor-invites/${first.id}`);
    expect((await invite(app(), author, id, 'two@school.test')).statusCode).toBe(201);
    const before = snapshot(app());
    const send = vi.spyOn(app().bank.services.mailer, 'send');
    const refused = await invite(app(), author, id, 'three@school.test');
    expect(send).not.toHaveBeenCalled();
    send.mockRestore();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({
      statusCode: 429,
      code: 'INVITATION_LIMIT_REACHED',
      error: 'Too Many Requests',
      message: expect.stringMatching(/не больше 2 приглашений/),
    });
    expect(snapshot(app())).toEqual(before);
    // Another draft does not start a new count.
    const { id: other } = await draftBy(app(), author, 'Другая практика');
    expect((await invite(app(), author, other, 'four@school.test')).statusCode).toBe(429);
    // Another author has their own.
    const colleague = await signUp(app());
    const { id: theirs } = await draftBy(app(), colleague, 'Практика коллеги');
    expect((await invite(app(), colleague, theirs, 'five@school.test')).statusCode).toBe(201);
  });

  it('shows the refusal beside the field on the authors page', async () => {
    const author = await signUp(app());
    const { id } = await draftBy(app(), author, 'Практика со страницы');
    for (const email of ['a@school.test', 'b@school.test'])
      expect((await post(app(), author, `/my/practices/${id}/authors/invite`, { email })).statusCode).toBe(303);
    const before = snapshot(app());
    const refused = await post(app(), author, `/my/practices/${id}/authors/invite`, { email: 'c@school.test' });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Лимит приглашений на сутки исчерпан (2)');
    expect(refused.body).toContain('href="#email"');
    expect(refused.body).toContain('value="c@school.test"');
    expect(snapshot(app())).toEqual(before);
    expect((await page(app(), author, `/my/practices/${id}/authors`)).body).toContain('a@school.test');
  });
});
