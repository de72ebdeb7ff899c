/**
 * The publication year is the year in Moscow: a practice approved at 21:30 UTC on 31 December (00:30 on 1 January
 * in Smolensk) is of the new year in its registry number, its citation and its search document alike.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publicationYear } from '../../server/registry/numbers.js';
import { call, signUp, useApp } from '../helper.js';
import { act, completeDraft } from '../moderation/fixtures.js';

describe('publication year', () => {
  const app = useApp();
  afterEach(() => vi.useRealTimers());

  it('is the year in Moscow time', () => {
    expect(publicationYear(new Date('2026-12-31T20:59:59Z'))).toBe(2026);
    expect(publicationYear(new Date('2026-12-31T21:00:00Z'))).toBe(2027);
    expect(publicationYear('2026-12-31T21:30:00.000Z')).toBe(2027);
  });

  it('gives a practice approved at 21:30 UTC on 31 December the next year in its number, citation and search', async () => {
    // Only the clock is faked, from before the sessions open, so they are fresh at the moment of approval.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-31T20:00:00Z'));
    const moderator = await signUp(app(), { roles: ['moderator'] });
    const { author, id } = await completeDraft(app(), 'Новогодняя практика');
    for (const [client, action] of [
      [author, 'submit'],
      [moderator, 'claim'],
    ] as const) {
      expect((await act(app(), client, id, action)).statusCode).toBe(200);
    }
    vi.setSystemTime(new Date('2026-12-31T21:30:00Z'));
    const approved = await act(app(), moderator, id, 'approve');
    vi.useRealTimers();
    expect(approved.statusCode, approved.body).toBe(200);
    const number = approved.json().registryNumber as string;
    expect(number).toMatch(/^67-2027-\d{4}$/);

    const entry = (await call(app(), null, 'GET', `/api/v1/registry/${number}`)).json();
    expect(entry.citation).toContain('[сайт]. – 2027. – URL:');

    const found = (await call(app(), null, 'GET', '/api/v1/search?q=Новогодняя&year=2027')).json();
    expect(found.hits.map((h: { id: number }) => h.id)).toContain(id);
    const lastYear = (await call(app(), null, 'GET', '/api/v1/search?q=Новогодняя&year=2026')).json();
    expect(lastYear.hits.map((h: { id: number }) => h.id)).not.toContain(id);
  });
});
