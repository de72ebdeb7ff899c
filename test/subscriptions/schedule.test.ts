import { describe, expect, it } from 'vitest';
import { nextPeriod, periodAt } from '../../server/subscriptions/schedule.js';

const monday8 = { weekday: 1, hour: 8 };

describe('the digest schedule (Moscow time)', () => {
  it('finds the latest Monday 08:00 Moscow at or before the clock, and the next one', () => {
    // Monday 30 November 2026, 13:40 UTC = 16:40 Moscow: this morning's 08:00 Moscow is 05:00 UTC.
    const now = new Date('2026-11-30T13:40:00Z');
    expect(periodAt(now, monday8).toISOString()).toBe('2026-11-30T05:00:00.000Z');
    expect(nextPeriod(now, monday8).toISOString()).toBe('2026-12-07T05:00:00.000Z');
  });

  it('counts the moment itself as due, and a minute before it as last week', () => {
    expect(periodAt(new Date('2026-11-30T05:00:00Z'), monday8).toISOString()).toBe('2026-11-30T05:00:00.000Z');
    expect(periodAt(new Date('2026-11-30T04:59:00Z'), monday8).toISOString()).toBe('2026-11-23T05:00:00.000Z');
  });

  it('keeps the Moscow day when UTC is still on the previous one (Sunday 23:00 Moscow is Sunday 20:00 UTC)', () => {
    const sunday23 = { weekday: 7, hour: 23 };
    expect(periodAt(new Date('2026-11-30T01:00:00Z'), sunday23).toISOString()).toBe('2026-11-29T20:00:00.000Z');
    const monday0 = { weekday: 1, hour: 0 };
    expect(periodAt(new Date('2026-11-29T21:30:00Z'), monday0).toISOString()).toBe('2026-11-29T21:00:00.000Z');
  });
});
