/**
 * A ready reference in the form of ГОСТ Р 7.0.100-2018 for an electronic resource, e.g.
 * «Иванова, А. П. Название / А. П. Иванова, М. С. Петрова. – Текст : электронный // Банк … : [сайт]. – 2026. –
 * URL: https://HOST/practices/67-2026-0042 (дата обращения: 23.11.2026).»
 */
const BANK_TITLE = 'Банк инновационных практик Смоленской области';

interface PersonName {
  surname: string;
  initials: string;
}

/** «Иванова Анна Петровна» → surname Иванова, initials «А. П.». */
export function splitFullName(fullName: string): PersonName {
  const [surname = '', ...rest] = fullName.trim().split(/\s+/);
  const initials = rest
    .map((part) =>
      part
        .split('-')
        .map((piece) => `${piece.charAt(0).toUpperCase()}.`)
        .join('-'),
    )
    .join(' ');
  return { surname, initials };
}

const headingForm = (p: PersonName) => (p.initials ? `${p.surname}, ${p.initials}` : p.surname);
const responsibilityForm = (p: PersonName) => (p.initials ? `${p.initials} ${p.surname}` : p.surname);

/** DD.MM.YYYY in Moscow time, where the bank's readers are; made once (an export formats 100,000 citations). */
const ACCESS_DATE = new Intl.DateTimeFormat('ru-RU', {
  timeZone: 'Europe/Moscow',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** The date of access as ГОСТ writes it. */
const accessDate = (now: Date) => ACCESS_DATE.format(now);

export function formatCitation(input: {
  title: string;
  authors: string[];
  year: number;
  url: string;
  now: Date;
}): string {
  const people = input.authors.map(splitFullName);
  const title = input.title.replace(/[.\s]+$/, '');
  // Up to three authors: the first heads the record; four or more: the record starts with the title
  // and the statement of responsibility names the first three «[и др.]».
  const heading = people.length > 0 && people.length <= 3 ? `${headingForm(people[0]!)} ` : '';
  const named = people.length <= 3 ? people : people.slice(0, 3);
  const responsibility =
    named.length > 0 ? ` / ${named.map(responsibilityForm).join(', ')}${people.length > 3 ? ' [и др.]' : ''}` : '';
  return `${heading}${title}${responsibility}. – Текст : электронный // ${BANK_TITLE} : [сайт]. – ${input.year}. – URL: ${input.url} (дата обращения: ${accessDate(input.now)}).`;
}
