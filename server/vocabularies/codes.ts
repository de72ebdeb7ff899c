/**
 * Codes of new terms: stable English-letter slugs made from the Russian label, like the fixture's («Вяземский
 * район» → `vyazemskiy-rayon`). A code is given once and never changes, whatever later happens to the label.
 */

/** Russian letters and their Latin spelling (ъ and ь are dropped), one by one. */
const CYRILLIC = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя';
const LATIN = 'a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya'.split(' ');
const LETTERS = new Map([...CYRILLIC].map((c, i) => [c, LATIN[i] === '-' ? '' : LATIN[i]!]));

/** The longest code the bank makes or accepts. */
export const CODE_MAX = 60;

/** What a code may look like: lower-case Latin letters, digits and single hyphens inside. */
export const CODE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The slug of a label by transliteration; `term` when nothing of it is a letter or a digit. */
export function codeFromLabel(label: string): string {
  const latin = [...label.normalize('NFC').toLowerCase()].map((c) => LETTERS.get(c) ?? c).join('');
  const slug = latin
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, CODE_MAX)
    .replace(/-+$/, '');
  return slug || 'term';
}

/** `code`, or `code-2`, `code-3`… : the first one not taken. */
export function freeCode(code: string, taken: (code: string) => boolean): string {
  if (!taken(code)) return code;
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const candidate = `${code.slice(0, CODE_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}
