/**
 * Organisation names in search: how the names field is analysed, and which queries may name an organisation.
 * Both engines use these, so «Лицей № 3» puts the lyceum's practices first in either.
 */
import { analyze } from './analyze.js';
import type { QueryPlan } from './query.js';

/**
 * Ways one kind of school is written: a name holding one of them is found by any other («СШ № 33», «СОШ № 33»,
 * «средняя школа 33»). Schools of the region were «СОШ» before they became «СШ», and people type both.
 */
const SCHOOL_FORMS: readonly (readonly string[])[] = [
  ['средн', 'школ'],
  ['средн', 'общеобразовательн', 'школ'],
  ['сш'],
  ['сош'],
];

function holds(stems: readonly string[], form: readonly string[]): boolean {
  for (let i = 0; i + form.length <= stems.length; i += 1) if (form.every((s, j) => stems[i + j] === s)) return true;
  return false;
}

/**
 * The names field as the index stores it: the stems of the names (numbers kept as whole tokens: «№ 3» is «3»),
 * then every other way of writing the kind of school the names hold.
 */
export function analyseNames(names: string): string {
  const stems = analyze(names);
  const forms = SCHOOL_FORMS.some((form) => holds(stems, form))
    ? SCHOOL_FORMS.filter((form) => !holds(stems, form))
    : [];
  return [...stems, ...forms.flat()].join(' ');
}

/** A number typed as its own word: «3» of «Лицей № 3», «67» of «Кванториум-67». */
export const isNumberWord = (word: string) => /^\p{N}+$/u.test(word);

/**
 * Whether a query may name an organisation, so that the practices of organisations whose names hold every one of
 * its words come first: a name with its number, and at least one word besides («лицей 3», «СШ № 33», «детский сад
 * № 12 Радуга»). The number is what singles a school out of the many sharing its words; without one the query is
 * ranked as text, where the names already weigh above the sections. Asking only then also spares every other
 * query of several words a second pass over the index.
 */
export function mayNameOrganization(plan: QueryPlan): boolean {
  return plan.groups.length >= 2 && plan.groups.some((group) => group.words.some(isNumberWord));
}
