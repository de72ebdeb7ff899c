/** Compiles a query plan into an FTS5 MATCH expression. Only stems reach it, each quoted: no FTS syntax leaks. */
import type { Alternative, QueryPlan, TermGroup } from '../analysis/query.js';

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** How many other words may stand between the stems of a `near` alternative (FTS5's NEAR distance). */
const NEAR_DISTANCE = 6;

/** One alternative: a quoted stem or phrase, `*` after it for a prefix; NEAR(…) of its stems for a `near` one. */
export const alternative = (alt: Alternative) =>
  alt.near && alt.stems.length > 1
    ? `NEAR(${alt.stems.map(quote).join(' ')}, ${NEAR_DISTANCE})`
    : `${quote(alt.stems.join(' '))}${alt.prefix ? '*' : ''}`;

const group = (g: TermGroup) => `(${g.alternatives.map(alternative).join(' OR ')})`;

/** Every group must match (`all`), or any of them (`any`, a relaxed search). */
export function toMatchExpression(plan: QueryPlan, mode: 'all' | 'any'): string {
  return plan.groups.map(group).join(mode === 'all' ? ' AND ' : ' OR ');
}
