/**
 * A practice's reference for reference managers, beside the ГОСТ one: BibTeX (`@misc`, as BibLaTeX and Zotero
 * read an online resource) and RIS (`TY  - ELEC`), both with the permalink, the registry number and the date.
 */
import type { PracticeRecord } from '../exports/records.js';

const BANK = 'Банк инновационных практик Смоленской области';

/** BibTeX's special characters escaped, so a title with «%» or «&» does not break the entry. */
function bibText(value: string): string {
  return value
    .replace(/\\/g, '\\textbackslash{}')
    .replace(/([{}%&$#_])/g, '\\$1')
    .replace(/~/g, '\\textasciitilde{}')
    .replace(/\^/g, '\\textasciicircum{}')
    .replace(/\s+/g, ' ')
    .trim();
}

const isoDay = (value: string | Date) => new Date(value).toISOString().slice(0, 10);

/** The BibTeX entry, keyed by the registry number. */
export function bibtexEntry(p: PracticeRecord, accessed: Date): string {
  const fields: [string, string][] = [
    ['author', p.authors.map((a) => bibText(a.fullName)).join(' and ')],
    // Double braces keep the title's capitals as written.
    ['title', `{${bibText(p.title)}}`],
    ['howpublished', bibText(BANK)],
    ['organization', bibText(p.organization ?? '')],
    ['year', String(new Date(p.publishedAt).getUTCFullYear())],
    ['date', isoDay(p.publishedAt)],
    ['url', p.permalink],
    ['urldate', isoDay(accessed)],
    ['note', bibText(`Номер в реестре ${p.registryNumber}`)],
    ['keywords', bibText(p.keywords.join(', '))],
    ['langid', 'russian'],
  ];
  const body = fields
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `  ${key} = {${value}}`)
    .join(',\n');
  return `@misc{bank-${p.registryNumber},\n${body}\n}\n`;
}

/** The RIS record (CRLF lines, `ER` last), as reference managers import it. */
export function risRecord(p: PracticeRecord, accessed: Date): string {
  const line = (tag: string, value: string) => (value.trim() ? [`${tag}  - ${value.replace(/\s+/g, ' ').trim()}`] : []);
  const published = new Date(p.publishedAt);
  return (
    [
      'TY  - ELEC',
      ...p.authors.flatMap((a) => line('AU', a.fullName)),
      ...line('TI', p.title),
      ...line('T2', BANK),
      ...line('PY', String(published.getUTCFullYear())),
      ...line('DA', isoDay(published).replaceAll('-', '/')),
      ...line('PB', p.organization ?? ''),
      ...line('UR', p.permalink),
      ...line('Y2', isoDay(accessed).replaceAll('-', '/')),
      ...line('AN', p.registryNumber),
      ...line('AB', p.summary),
      ...p.keywords.flatMap((k) => line('KW', k)),
      ...line('LA', 'ru'),
      'ER  - ',
    ].join('\r\n') + '\r\n'
  );
}
