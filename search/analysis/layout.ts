/**
 * A query typed in the wrong keyboard layout: «nhbp» is «триз» typed on a Latin keyboard (ЙЦУКЕН ↔ QWERTY).
 */
const LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
const CYRILLIC = 'йцукенгшщзхъфывапролджэячсмитьбюё';

const toCyrillic = new Map([...LATIN].map((c, i) => [c, CYRILLIC[i]!]));
const toLatin = new Map([...CYRILLIC].map((c, i) => [c, LATIN[i]!]));

/**
 * The query as it would read in the other layout, or undefined when it does not look mistyped: all its letters
 * must be of one script, and at least one word must change.
 */
export function switchLayout(query: string): string | undefined {
  const lower = query.toLowerCase();
  const latin = /[a-z]/.test(lower);
  const cyrillic = /[а-яё]/.test(lower);
  if (latin === cyrillic) return undefined;
  const table = latin ? toCyrillic : toLatin;
  const switched = [...lower].map((c) => table.get(c) ?? c).join('');
  // Latin punctuation keys map to Cyrillic letters; a switched query must read as words.
  return switched !== lower && /[\p{L}]{2,}/u.test(switched) ? switched : undefined;
}
