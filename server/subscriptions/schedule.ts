/**
 * When the weekly digest goes: a weekday and an hour of Moscow time (Smolensk lives by it; UTC+3 all year, no
 * daylight saving since 2014), from DIGEST_WEEKDAY and DIGEST_HOUR. Pure functions of a clock, so tests pass one.
 */

const MOSCOW_OFFSET_MS = 3 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export interface DigestSchedule {
  /** 1 — Monday … 7 — Sunday. */
  weekday: number;
  /** 0–23, Moscow time. */
  hour: number;
}

/** The latest scheduled moment at or before `now`. */
export function periodAt(now: Date, { weekday, hour }: DigestSchedule): Date {
  const local = new Date(now.getTime() + MOSCOW_OFFSET_MS);
  const day = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const candidate =
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour) -
    ((day - weekday + 7) % 7) * DAY_MS;
  const moment = candidate - MOSCOW_OFFSET_MS;
  return new Date(moment > now.getTime() ? moment - 7 * DAY_MS : moment);
}

/** The first scheduled moment after `now`. */
export const nextPeriod = (now: Date, schedule: DigestSchedule): Date =>
  new Date(periodAt(now, schedule).getTime() + 7 * DAY_MS);
