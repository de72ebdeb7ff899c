/** Strings that break naive code: direction overrides, NUL, lone surrogates, combining marks, case folding that changes length. */
import type { Random } from '../random.js';

const ODD = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Eтекст справа налево\u202C',
  '\u200F\u200Eשלום مرحبا',
  '\uD800',
  'конец\uDFFF',
  'е\u0301\u0301\u0301\u0301\u0301',
  'İstanbul İİİ ı',
  'ǅ ß ﬁ Ⅻ ㎒',
  '\uFEFFспецификация',
  '\u200B\u200C\u200D\u2060',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'Ёжик ёлка ЁЛКА',
  '\r\n\t\u000B\u000C\u0085\u2028\u2029',
  '../../../etc/passwd',
  '%00%2e%2e%2f',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x1F',
  '９９',
  '١٢٣',
  'null',
  'true',
  '[]',
  '{}',
  'ТРИЗ',
  'технологии',
  'ghjtrnyfz ltzntkmyjcnm',
];

/** An odd string: one of the known troublemakers, several glued together, or one repeated to a great length. */
export function oddString(random: Random): string {
  const roll = random.next();
  if (roll < 0.6) return random.pick(ODD);
  if (roll < 0.85) return Array.from({ length: random.int(2, 5) }, () => random.pick(ODD)).join('');
  return random.pick(ODD.filter((s) => s.length > 0)).repeat(random.int(100, 20_000));
}

/** A header value as the wire carries it: Latin-1 only (Node reads header bytes as Latin-1). */
export function oddHeaderValue(random: Random): string {
  const value = random.chance(0.2) ? 'x'.repeat(random.int(1000, 6000)) : oddString(random);
  return Buffer.from(value, 'utf8')
    .toString('latin1')
    .split('')
    .filter((c) => c === '\t' || (c >= ' ' && c !== '\u007F'))
    .join('');
}
