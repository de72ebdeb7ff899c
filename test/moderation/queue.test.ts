import { describe, expect, it } from 'vitest';
import { call, signUp, useApp } from '../helper.js';
import { act, completeDraft } from './fixtures.js';

describe('the moderators’ queue', () => {
  const app = useApp();

  it('lists waiting practices oldest first, filters them and counts per state', async () => {
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const other = await signUp(app(), { roles: ['moderator'] });
    const first = await completeDraft(app(), 'Первая в очереди');
    const second = await completeDraft(app(), 'Вторая в очереди');
    const third = await completeDraft(app(), 'Третья в очереди');
    for (const p of [first, second, third]) await act(app(), p.author, p.id, 'submit');
    await act(app(), moderator, second.id, 'claim');
    await act(app(), other, third.id, 'claim');

    const all = (await call(app(), moderator, 'GET', '/api/v1/moderation/queue')).json();
    expect(all.items.map((i: { title: string }) => i.title)).toEqual([
      'Первая в очереди',
      'Вторая в очереди',
      'Третья в очереди',
    ]);
    expect(all.counts).toMatchObject({ submitted: 1, in_review: 2 });
    expect(all.items[1]).toMatchObject({ state: 'in_review', claimedBy: { id: moderator.userId }, waitingDays: 0 });
    expect(all.items[0].etag).toMatch(/^"\d+\.\d+"$/);

    const mine = (await call(app(), moderator, 'GET', '/api/v1/moderation/queue?claimed=me')).json();
    expect(mine.items.map((i: { id: number }) => i.id)).toEqual([second.id]);
    const waiting = (await call(app(), moderator, 'GET', '/api/v1/moderation/queue?state=submitted')).json();
    expect(waiting.items.map((i: { id: number }) => i.id)).toEqual([first.id]);
    expect((await call(app(), moderator, 'GET', '/api/v1/moderation/queue?waitingDays=3')).json().total).toBe(0);
    expect(
      (await call(app(), moderator, 'GET', '/api/v1/moderation/queue?municipality=smolensk&level=preschool')).json()
        .total,
    ).toBe(3);
    expect((await call(app(), moderator, 'GET', '/api/v1/moderation/queue?level=vocational')).json().total).toBe(0);
    expect((await call(app(), moderator, 'GET', '/api/v1/moderation/queue?state=nonsense')).statusCode).toBe(400);
  });
});
