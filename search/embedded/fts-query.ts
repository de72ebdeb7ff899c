/** Compiles a query plan into an FTS5 MATCH expression. Only stems reach it, each quoted: no FTS syntax leaks. */
import type { Alternative, QueryPlan, TermGroup } from '../analysis/query.js';

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** One alternative: a quoted stem or phrase, `*` after it for a prefix. */
export const alternative = (alt: Alternative) => `${quote(alt.stems.join(' '))}${alt.prefix ? '*' : ''}`;

const group = (g: TermGroup) => `(${g.alternatives.map(alternative).join(' OR ')})`;

/** Every group must match (`all`), or any of them (`any`, a relaxed search). */
export function toMatchExpression(plan: QueryPlan, mode: 'all' | 'any'): string {
  return plan.groups.map(group).join(mode === 'all' ? ' AND ' : ' OR ');
}
