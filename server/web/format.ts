/**
 * Russian dates, numbers and plurals for pages, all through `Intl` so the rules are the platform's, not ours.
 */

const DATE = new Intl.DateTimeFormat('ru-RU', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/Moscow',
});
const DATE_TIME = new Intl.DateTimeFormat('ru-RU', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Moscow',
});
const NUMBER = new Intl.NumberFormat('ru-RU');
const PLURAL = new Intl.PluralRules('ru-RU');

/** «20 мая 2024 г.» from an ISO date or timestamp; an empty string for nothing or nonsense. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  // A bare date is a calendar day, not midnight UTC (which would be the day before west of Moscow).
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? '' : DATE.format(date);
}

/** «30 ноября 2026 г. в 10:41», Moscow time (Smolensk's); an empty string for nonsense. */
export function formatDateTime(value: string | Date): string {
  const date = new Date(value);
  // Some ICU versions join the date and the time with a comma rather than «в».
  return Number.isNaN(date.getTime()) ? '' : DATE_TIME.format(date).replace(', ', ' в ');
}

/** The date as `YYYY-MM-DD` for a `<time datetime>` attribute. */
export function isoDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

/** «1 234» with the Russian thousands separator. */
export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

/** The three Russian forms of a noun: for 1 (практика), 2–4 (практики) and 5–20 (практик). */
export interface Forms {
  one: string;
  few: string;
  many: string;
}

/** The noun form that goes with `n`: `plural(21, practices)` is «практика». */
export function plural(n: number, forms: Forms): string {
  const rule = PLURAL.select(n);
  return rule === 'one' ? forms.one : rule === 'few' ? forms.few : forms.many;
}

/** «66 практик», «1 практика», «1 234 практики». */
export function count(n: number, forms: Forms): string {
  return `${formatNumber(n)} ${plural(n, forms)}`;
}

export const PRACTICES: Forms = { one: 'практика', few: 'практики', many: 'практик' };
export const PAGES: Forms = { one: 'страница', few: 'страницы', many: 'страниц' };
export const ORGANIZATIONS: Forms = { one: 'организация', few: 'организации', many: 'организаций' };
