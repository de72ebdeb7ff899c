import { describe, expect, it, vi } from 'vitest';
import type { Letter } from '../../server/notifications/mailer.js';
import { call, completePractice, makeOrganization, rows, signUp, useApp } from '../helper.js';
import { act } from '../moderation/fixtures.js';

const app = useApp({ SUBSCRIPTIONS_PER_DAY: '3', SUBSCRIPTIONS_PER_IP_PER_DAY: '6' });

/** Letters queued through the mailer while `run` ran. */
async function lettersOf(run: () => Promise<unknown>): Promise<Letter[]> {
  const send = vi.spyOn(app().bank.services.mailer, 'send');
  try {
    await run();
    return send.mock.calls.map((c) => c[2]);
  } finally {
    send.mockRestore();
  }
}

const tokenIn = (text: string, path: string) => new RegExp(`${path}/([\\w-]+)`).exec(text)?.[1] ?? '';

async function subscribe(email: string, search: Record<string, unknown>, ip = '10.0.0.1') {
  let res;
  const letters = await lettersOf(async () => {
    res = await app().inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: { email, search },
      remoteAddress: ip,
    });
  });
  return { res: res!, letters };
}

describe('subscriptions to a search', () => {
  it('sends a confirmation letter with a one-click unsubscribe, and confirms by its link', async () => {
    const { res, letters } = await subscribe('Methodist@School.test', { q: 'ТРИЗ', level: 'preschool' });
    expect(res.statusCode).toBe(202);
    expect(letters).toHaveLength(1);
    const letter = letters[0]!;
    expect(letter.to).toBe('methodist@school.test');
    expect(letter.text).toContain('поиск «ТРИЗ»');
    const unsubscribe = tokenIn(letter.text, '/unsubscribe');
    expect(letter.headers).toEqual({
      'List-Unsubscribe': `<${/http\S+\/unsubscribe\/[\w-]+/.exec(letter.text)![0]}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    const token = tokenIn(letter.text, '/subscriptions/confirm');
    const page = await app().inject({ method: 'GET', url: `/subscriptions/confirm/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Подтвердить подписку');

    const confirmed = await call(app(), null, 'POST', '/api/v1/subscriptions/confirm', { token });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ email: 'methodist@school.test', confirmed: true });
    expect((await call(app(), null, 'POST', '/api/v1/subscriptions/confirm', { token })).statusCode).toBe(410);

    // The address subscribed again to the same search: the same answer, no second letter.
    const again = await subscribe('methodist@school.test', { level: ['preschool'], q: ' ТРИЗ ' });
    expect(again.res.statusCode).toBe(202);
    expect(again.letters).toEqual([]);
    expect(unsubscribe).not.toBe('');
  });

  it('unsubscribes by the mail client one-click POST without a cookie or form token', async () => {
    const { letters } = await subscribe('oneclick@school.test', { level: 'primary' });
    const link = /http\S+(\/unsubscribe\/[\w-]+)/.exec(letters[0]!.headers!['List-Unsubscribe']!)![1]!;
    const res = await app().inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Вы отписались');
    const row = app()
      .bank.db.$client.prepare("SELECT cancelled_at FROM search_subscriptions WHERE email = 'oneclick@school.test'")
      .get() as { cancelled_at: string | null };
    expect(row.cancelled_at).not.toBeNull();
    // Pressing it again is no error; a token nobody issued is.
    expect((await app().inject({ method: 'POST', url: link })).statusCode).toBe(200);
    const token = link.split('/').at(-1)!;
    expect((await call(app(), null, 'POST', '/api/v1/subscriptions/unsubscribe', { token })).statusCode).toBe(200);
    const forged = await call(app(), null, 'POST', '/api/v1/subscriptions/unsubscribe', { token: 'x'.repeat(43) });
    expect(forged.statusCode).toBe(410);
  });

  it('refuses confirmation letters past the daily limit of an address, and of an IP', async () => {
    for (const level of ['preschool', 'primary', 'basic'])
      expect((await subscribe('flood@school.test', { level }, '10.0.0.9')).res.statusCode).toBe(202);
    const refused = await subscribe('flood@school.test', { level: 'secondary' }, '10.0.0.9');
    expect(refused.res.statusCode).toBe(429);
    expect(refused.res.json()).toMatchObject({ code: 'SUBSCRIPTION_LIMIT_REACHED' });
    expect(refused.res.json().message).toContain('попробуйте завтра');
    expect(refused.letters).toEqual([]);

    for (let i = 0; i < 6; i += 1)
      expect((await subscribe(`someone${i}@school.test`, {}, '10.0.0.10')).res.statusCode).toBe(202);
    expect((await subscribe('one-more@school.test', {}, '10.0.0.10')).res.statusCode).toBe(429);
  });

  it('refuses a search with an unknown filter value, as the search does', async () => {
    const before = rows(app(), 'search_subscriptions');
    const { res } = await subscribe('typo@school.test', { level: 'no-such-level' }, '10.0.0.11');
    expect(res.statusCode).toBe(400);
    expect(rows(app(), 'search_subscriptions')).toBe(before);
  });

  it('shows a signed-in person the subscriptions of their confirmed address, and cancels one', async () => {
    const person = await signUp(app());
    const { letters } = await subscribe(person.email, { q: 'музей' }, '10.0.0.12');
    const token = tokenIn(letters[0]!.text, '/subscriptions/confirm');
    await call(app(), null, 'POST', '/api/v1/subscriptions/confirm', { token });
    const mine = await call(app(), person, 'GET', '/api/v1/subscriptions');
    expect(mine.json().items).toEqual([expect.objectContaining({ confirmed: true, search: { q: 'музей' } })]);
    const id = mine.json().items[0].id;
    const stranger = await signUp(app());
    expect((await call(app(), stranger, 'DELETE', `/api/v1/subscriptions/${id}`)).statusCode).toBe(404);
    expect((await call(app(), person, 'DELETE', `/api/v1/subscriptions/${id}`)).statusCode).toBe(204);
    expect((await call(app(), person, 'GET', '/api/v1/subscriptions')).json().items).toEqual([]);
  });
});

describe('the weekly digest', () => {
  async function publish(title: string, levels: string[]) {
    const author = await signUp(app());
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const org = makeOrganization(app(), `МБОУ «Школа для дайджеста ${title.length}»`);
    const created = await call(app(), author, 'POST', '/api/v1/practices', completePractice(org, { title, levels }));
    const id = created.json().id as number;
    await act(app(), author, id, 'submit');
    await act(app(), moderator, id, 'claim');
    expect((await act(app(), moderator, id, 'approve')).statusCode).toBe(200);
    return id;
  }
  const setPublished = (id: number, at: string) =>
    app().bank.db.$client.prepare('UPDATE practice_versions SET published_at = ? WHERE practice_id = ?').run(at, id);

  it('lists exactly the practices first published since the last digest that match, and never sends twice', async () => {
    const old = await publish('Старая практика для начальной школы', ['primary']);
    const { letters } = await subscribe('digest@school.test', { level: 'primary' }, '10.0.0.20');
    const token = tokenIn(letters[0]!.text, '/subscriptions/confirm');
    await call(app(), null, 'POST', '/api/v1/subscriptions/confirm', { token });
    const since = (
      app()
        .bank.db.$client.prepare(
          "SELECT digested_until AS at FROM search_subscriptions WHERE email = 'digest@school.test'",
        )
        .get() as { at: string }
    ).at;
    const fresh = await publish('Новая практика для начальной школы', ['primary']);
    const other = await publish('Новая практика для детского сада', ['preschool']);
    const later = new Date(Date.parse(since) + 60_000).toISOString();
    setPublished(old, '2026-01-01T00:00:00.000Z');
    setPublished(fresh, later);
    setPublished(other, later);

    const clock = new Date(Date.parse(since) + 7 * 24 * 3600_000);
    const { digests } = app().bank.services;
    let result;
    const sent = await lettersOf(async () => {
      result = await digests.run(clock);
    });
    const mine = sent.filter((l) => l.to === 'digest@school.test');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toContain('Новая практика для начальной школы');
    expect(mine[0]!.text).not.toContain('Старая практика');
    expect(mine[0]!.text).not.toContain('детского сада');
    expect(mine[0]!.subject).toBe('Новые практики по вашему поиску: 1');
    expect(mine[0]!.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(result).toMatchObject({ failed: 0 });

    // The same moment again (a restart, a retried job): nothing is sent twice.
    expect(await lettersOf(() => digests.run(clock))).toEqual([]);
    // A week later with nothing new published: no letter at all.
    expect(await lettersOf(() => digests.run(new Date(clock.getTime() + 7 * 24 * 3600_000)))).toEqual([]);

    // The digest's own unsubscribe link works like the others.
    const link = /\/unsubscribe\/[\w-]+/.exec(mine[0]!.text)![0];
    expect((await app().inject({ method: 'POST', url: link })).statusCode).toBe(200);
  });
});
