import { describe, expect, it, vi } from 'vitest';
import { writeTransaction } from '../../server/db/client.js';
import type { Letter } from '../../server/notifications/mailer.js';
import { setEmailPreferences } from '../../server/notifications/preferences.js';
import { createNotificationService } from '../../server/notifications/service.js';
import { call, completePractice, makeOrganization, rows, signUp, useApp } from '../helper.js';
import { act } from '../moderation/fixtures.js';

const app = useApp({ QUESTIONS_PER_DAY: '2' });

async function publishedBy() {
  const author = await signUp(app(), { fullName: 'Петрова Мария Ивановна' });
  const moderator = await signUp(app(), { roles: ['moderator'] });
  const org = makeOrganization(app(), 'МБДОУ «Детский сад для вопросов»');
  const created = await call(app(), author, 'POST', '/api/v1/practices', completePractice(org));
  const id = created.json().id as number;
  await act(app(), author, id, 'submit');
  await act(app(), moderator, id, 'claim');
  const approved = await act(app(), moderator, id, 'approve');
  return { author, id, number: approved.json().registryNumber as string };
}

const question = {
  name: 'Сидорова Елена',
  email: 'asker@school.test',
  question: 'Какие игры ТРИЗ вы используете с детьми пяти лет?',
};
const ask = (number: string, body: Record<string, unknown>, ip = '10.1.0.1') =>
  app().inject({ method: 'POST', url: `/api/v1/registry/${number}/questions`, payload: body, remoteAddress: ip });

describe('questions to the authors', () => {
  it('delivers a question to the authors and the answer to the asker, neither seeing the other address', async () => {
    const { author, number } = await publishedBy();
    expect((await ask(number, question)).statusCode).toBe(202);

    const inbox = (await call(app(), author, 'GET', '/api/v1/notifications')).json().items;
    expect(inbox[0]).toMatchObject({ kind: 'question_asked', subject: expect.stringContaining('Вопрос о практике') });
    expect(inbox[0].body).toContain('Какие игры ТРИЗ');
    expect(inbox[0].body).toContain('Сидорова Елена');
    expect(JSON.stringify(inbox)).not.toContain('asker@school.test');

    const list = await call(app(), author, 'GET', '/api/v1/questions');
    expect(list.json().items).toEqual([expect.objectContaining({ askerName: 'Сидорова Елена', answer: null })]);
    expect(list.body).not.toContain('asker@school.test');
    const page = await call(app(), author, 'GET', '/my/questions');
    expect(page.body).toContain('Какие игры ТРИЗ');
    expect(page.body).not.toContain('asker@school.test');

    const id = list.json().items[0].id;
    const stranger = await signUp(app());
    const foreign = await call(app(), stranger, 'POST', `/api/v1/questions/${id}/answer`, { answer: 'Чужой ответ' });
    expect(foreign.statusCode).toBe(404);

    const send = vi.spyOn(app().bank.services.mailer, 'send');
    const answered = await call(app(), author, 'POST', `/api/v1/questions/${id}/answer`, {
      answer: 'Начните с игры «Хорошо — плохо».',
    });
    const letters = send.mock.calls.map((c) => c[2] as Letter);
    send.mockRestore();
    expect(answered.statusCode).toBe(200);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.to).toBe('asker@school.test');
    expect(letters[0]!.text).toContain('Начните с игры «Хорошо — плохо».');
    expect(letters[0]!.text).toContain('Петрова Мария Ивановна');
    expect(letters[0]!.text).not.toContain(author.email);
    const again = await call(app(), author, 'POST', `/api/v1/questions/${id}/answer`, { answer: 'Ещё раз' });
    expect(again.statusCode).toBe(409);
  });

  it('limits questions per sender a day with a Russian message, drops a filled honeypot, refuses many links', async () => {
    const { number } = await publishedBy();
    const sender = { ...question, email: 'often@school.test' };
    expect((await ask(number, sender, '10.1.0.2')).statusCode).toBe(202);
    expect((await ask(number, sender, '10.1.0.2')).statusCode).toBe(202);
    const refused = await ask(number, sender, '10.1.0.2');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'QUESTION_LIMIT_REACHED' });
    expect(refused.json().message).toBe('За сутки можно задать не больше 2 вопросов авторам. Попробуйте завтра');

    const before = rows(app(), 'practice_questions');
    const robot = await ask(number, { ...question, email: 'robot@spam.test', website: 'http://spam.test' }, '10.1.0.3');
    expect(robot.statusCode).toBe(202);
    expect(rows(app(), 'practice_questions')).toBe(before);

    const links = 'Смотрите http://a.test и http://b.test и www.c.test — там всё.';
    const linked = await ask(number, { ...question, question: links }, '10.1.0.4');
    expect(linked.statusCode).toBe(400);
    expect(linked.body).toContain('не больше 2 ссылок');
  });

  it('asks from the practice page as a visitor and comes back with a notice', async () => {
    const { number } = await publishedBy();
    const page = await app().inject({ method: 'GET', url: `/practices/${number}` });
    expect(page.body).toContain('Задать вопрос автору');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = page.cookies.find((c) => c.name.endsWith('pb_form'))!;
    const posted = await app().inject({
      method: 'POST',
      url: `/practices/${number}/questions`,
      headers: { cookie: `${cookie.name}=${cookie.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, ...question, email: 'page@school.test', website: '' }).toString(),
      remoteAddress: '10.1.0.5',
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/practices/${number}#ask`);
    const short = await app().inject({
      method: 'POST',
      url: `/practices/${number}/questions`,
      headers: { cookie: `${cookie.name}=${cookie.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, ...question, question: 'Как?' }).toString(),
      remoteAddress: '10.1.0.5',
    });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Напишите вопрос: хотя бы 10 символов');
  });
});

describe('e-mail preferences of notifications', () => {
  it('sends no e-mail of a kind a person turned off, and still stores the notification', async () => {
    const keen = await signUp(app());
    const quiet = await signUp(app());
    setEmailPreferences(app().bank.db, quiet.userId, { question_asked: false });
    const jobs = { enqueue: vi.fn(), register: vi.fn() };
    const service = createNotificationService({
      db: app().bank.db,
      jobs,
      transport: { sendMail: vi.fn() } as never,
      baseUrl: 'http://bank.test',
    });
    const message = { kind: 'question_asked', practiceId: null, subject: 'Вопрос', body: 'Текст' };
    writeTransaction(app().bank.db, (tx) => service.notify(tx, [keen.userId, quiet.userId], message));
    expect(jobs.enqueue).toHaveBeenCalledTimes(1);
    const stored = app()
      .bank.db.$client.prepare('SELECT user_id, email_status FROM notifications WHERE user_id IN (?, ?) ORDER BY id')
      .all(keen.userId, quiet.userId);
    expect(stored).toEqual([
      { user_id: keen.userId, email_status: 'pending' },
      { user_id: quiet.userId, email_status: 'none' },
    ]);
    // A kind that cannot be turned off is always mailed.
    writeTransaction(app().bank.db, (tx) => service.notify(tx, [quiet.userId], { ...message, kind: 'approve' }));
    expect(jobs.enqueue).toHaveBeenCalledTimes(2);
  });

  it('saves the choices from the workspace page', async () => {
    const person = await signUp(app());
    const page = await call(app(), person, 'GET', '/my/subscriptions');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Вам задали вопрос о вашей практике');
    const saved = await app().inject({
      method: 'POST',
      url: '/my/subscriptions/email',
      headers: { cookie: person.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([
        ['_csrf', person.csrf],
        ['email', 'adoption_confirmed'],
      ]).toString(),
    });
    expect(saved.statusCode).toBe(303);
    const prefs = app()
      .bank.db.$client.prepare('SELECT kind, email FROM notification_preferences WHERE user_id = ? ORDER BY kind')
      .all(person.userId);
    expect(prefs).toEqual([
      { kind: 'adoption_confirmed', email: 1 },
      { kind: 'question_asked', email: 0 },
    ]);
  });
});
