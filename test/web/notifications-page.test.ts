import { describe, expect, it } from 'vitest';
import { writeTransaction } from '../../server/db/client.js';
import { coauthorInviteMessage, decisionMessage, type Message } from '../../server/notifications/messages.js';
import { WORKSPACE } from '../../server/web/pages/workspace/paths.js';
import type { App } from '../../server/app.js';
import { call, signUp, useApp, type Client } from '../helper.js';
import { act, completeDraft, FULL_SCORES } from '../moderation/fixtures.js';

const HTML = { accept: 'text/html' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

const page = (app: App, client: Client | null, url: string, headers: Record<string, string> = {}) =>
  app.inject({ url, headers: { ...HTML, ...(client ? { cookie: client.cookie } : {}), ...headers } });

/** Stores notifications for `client` directly through the service, as an event would. */
function notify(app: App, client: Client, messages: Message[]): void {
  writeTransaction(app.bank.db, (tx) => {
    for (const message of messages) app.bank.services.notifications.notify(tx, [client.userId], message);
  });
}

const bellOf = (html: string) => /<a class="bell[^"]*" href="\/notifications">[\s\S]*?<\/a>/.exec(html)?.[0] ?? '';
const listItems = (html: string) => [...html.matchAll(/<li class="notification( unread)?">/g)];

describe('the notifications bell and page', () => {
  const app = useApp();

  it('shows the bell with the unread count in words, and the count changes after a reviewer decides', async () => {
    const { author, id } = await completeDraft(app(), 'Сказкотерапия для проверки колокольчика');
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const before = bellOf((await page(app(), author, '/')).body);
    expect(before).toContain('Уведомления: новых нет');
    expect(before).not.toContain('bell-count');

    await act(app(), author, id, 'submit');
    await act(app(), moderator, id, 'claim');
    const read = await call(app(), moderator, 'GET', `/api/v1/practices/${id}`);
    const review = await call(
      app(),
      moderator,
      'POST',
      `/api/v1/practices/${id}/reviews`,
      { scores: FULL_SCORES, decision: 'request_changes', comment: 'Опишите диагностику' },
      { 'if-match': read.headers.etag as string },
    );
    expect(review.statusCode).toBe(201);

    const after = bellOf((await page(app(), author, '/')).body);
    expect(after).toContain('Уведомления: 1 непрочитанное');
    expect(after).toContain('<span class="bell-count" aria-hidden="true">1</span>');
    // The moderator heard of the submission on every page of the bank too.
    expect(bellOf((await page(app(), moderator, `/practices/${id}`)).body)).toMatch(/Уведомления: \d+ непрочитан/);

    const list = await page(app(), author, '/notifications');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Рецензент вернул практику «Сказкотерапия для проверки колокольчика» на доработку');
    expect(list.body).toContain('Комментарий рецензента: Опишите диагностику');
    expect(list.body).toContain('Исправить практику');
  });

  it('lists newest first, twenty a page, with Russian dates; a page past the end or page 0 is a Russian error', async () => {
    const teacher = await signUp(app());
    notify(
      app(),
      teacher,
      Array.from({ length: 23 }, (_, i) => coauthorInviteMessage(1000 + i, `Практика номер ${i + 1}`, 'Петрова')),
    );
    const first = await page(app(), teacher, '/notifications');
    expect(first.statusCode).toBe(200);
    expect(listItems(first.body)).toHaveLength(20);
    expect(first.body.indexOf('Практика номер 23')).toBeLessThan(first.body.indexOf('Практика номер 22'));
    expect(first.body).not.toContain('«Практика номер 3»');
    expect(first.body).toMatch(/<time datetime="[^"]+">\d{1,2} [а-я]+ \d{4} г\. в \d{2}:\d{2}<\/time>/);
    expect(first.body).toContain('Непрочитанных: 23 из 23.');
    expect(first.body).toContain('aria-label="Страницы уведомлений"');
    expect(first.body).toContain('href="/notifications?page=2"');

    const second = await page(app(), teacher, '/notifications?page=2');
    expect(listItems(second.body)).toHaveLength(3);
    expect(second.body).toContain('«Практика номер 1»');

    const beyond = await page(app(), teacher, '/notifications?page=3');
    expect(beyond.statusCode).toBe(404);
    expect(beyond.body).toContain('Страницы 3 здесь нет: у вас 23 уведомления, это 2 страницы.');

    const zero = await page(app(), teacher, '/notifications?page=0');
    expect(zero.statusCode).toBe(400);
    expect(zero.body).toContain('Страницы нумеруются с 1');
    const words = await page(app(), teacher, '/notifications?page=abc');
    expect(words.statusCode).toBe(400);
    expect(words.body).toContain('Номер страницы — целое число');
  });

  it('says what comes here when there is nothing yet', async () => {
    const teacher = await signUp(app());
    const empty = await page(app(), teacher, '/notifications');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Уведомлений пока нет.');
    expect(empty.body).not.toContain('Отметить все прочитанными');
  });

  it('opens a notification: marks it read and leads to the page it concerns', async () => {
    const teacher = await signUp(app());
    notify(app(), teacher, [
      coauthorInviteMessage(77, 'Квест по ПДД', 'Петрова'),
      decisionMessage('request_changes', 78, 'Опыты с водой', 'Добавьте фото', null),
    ]);
    const html = (await page(app(), teacher, '/notifications')).body;
    expect(listItems(html).filter((m) => m[1])).toHaveLength(2);
    const ids = [...html.matchAll(/href="\/notifications\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids).toHaveLength(2);

    // A visit from another site leads there but marks nothing.
    const crossSite = await page(app(), teacher, `/notifications/${ids[0]}`, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.statusCode).toBe(303);
    expect(bellOf((await page(app(), teacher, '/')).body)).toContain('Уведомления: 2 непрочитанных');

    const opened = await page(app(), teacher, `/notifications/${ids[0]}`, { 'sec-fetch-site': 'same-origin' });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(WORKSPACE.practice(78));
    const invite = await page(app(), teacher, `/notifications/${ids[1]}`);
    expect(invite.headers.location).toBe(WORKSPACE.my);
    // Opening again changes nothing and still leads there.
    expect((await page(app(), teacher, `/notifications/${ids[1]}`)).headers.location).toBe(WORKSPACE.my);

    const after = (await page(app(), teacher, '/notifications')).body;
    expect(listItems(after).filter((m) => m[1])).toHaveLength(0);
    expect(after).toContain('Все прочитаны.');
    expect(after).toContain('прочитано');
    expect(bellOf(after)).toContain('Уведомления: новых нет');
  });

  it('answers someone else’s or a missing notification with a page saying so, and marks nothing', async () => {
    const owner = await signUp(app());
    const stranger = await signUp(app());
    notify(app(), owner, [coauthorInviteMessage(5, 'Чужая практика', 'Петрова')]);
    const id = Number(/href="\/notifications\/(\d+)"/.exec((await page(app(), owner, '/notifications')).body)![1]);
    const foreign = await page(app(), stranger, `/notifications/${id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toContain('Уведомление не найдено');
    expect(foreign.body).not.toContain('Чужая практика');
    expect((await page(app(), stranger, '/notifications/999999999')).statusCode).toBe(404);
    expect((await page(app(), stranger, '/notifications/abc')).statusCode).toBe(400);
    expect(bellOf((await page(app(), owner, '/')).body)).toContain('Уведомления: 1 непрочитанное');
  });

  it('marks all read with a form post, and refuses that post without the CSRF token', async () => {
    const teacher = await signUp(app());
    notify(app(), teacher, [
      coauthorInviteMessage(1, 'Первая', 'Петрова'),
      decisionMessage('approve', 2, 'Вторая', '', '67-2026-0001'),
    ]);
    const html = (await page(app(), teacher, '/notifications')).body;
    expect(html).toContain('Отметить все прочитанными');
    expect(html).toContain('action="/notifications/read"');
    const post = (fields: Record<string, string>) =>
      app().inject({
        method: 'POST',
        url: '/notifications/read',
        headers: { ...FORM, cookie: teacher.cookie },
        payload: new URLSearchParams(fields).toString(),
      });
    const refused = await post({});
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('обновите страницу');
    expect((await post({ _csrf: 'x'.repeat(43) })).statusCode).toBe(403);
    expect(bellOf((await page(app(), teacher, '/')).body)).toContain('Уведомления: 2 непрочитанных');

    const done = await post({ _csrf: teacher.csrf });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/notifications');
    const notice = done.cookies.find((c) => c.name === 'pb_notice')!;
    const back = await page(app(), teacher, '/notifications', {
      cookie: `${teacher.cookie}; pb_notice=${notice.value}`,
    });
    expect(back.body).toContain('Все уведомления отмечены прочитанными');
    expect(bellOf(back.body)).toContain('Уведомления: новых нет');
  });

  it('sends a visitor to sign in first and back here afterwards, and refuses their post', async () => {
    for (const url of ['/notifications', '/notifications?page=2', '/notifications/1']) {
      const res = await page(app(), null, url);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
    // A visitor's post is refused as a visitor's, before its form (and its CSRF token) is looked at.
    const post = await app().inject({ method: 'POST', url: '/notifications/read', headers: FORM, payload: '' });
    expect(post.statusCode).toBe(401);
  });
});
