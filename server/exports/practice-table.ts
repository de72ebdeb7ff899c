/**
 * The table of practices every export writes: its columns declared once — header, type, width and value — and
 * turned into XLSX rows (typed cells, the number as a link) or CSV rows (text Russian Excel reads back).
 */
import { VOCABULARY_MODEL } from '../model/vocabularies.js';
import type { CsvCell } from './csv.js';
import type { PracticeRecord } from './records.js';
import type { SheetColumn, SheetTable, SheetValue } from './xlsx.js';

const MOSCOW_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Moscow',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar day of a timestamp in Moscow (the region's time) as midnight UTC: spreadsheets have no time zones,
 * and a date cell holds the day a reader in Smolensk saw.
 */
export function moscowDay(iso: string): Date {
  return new Date(`${MOSCOW_DAY.format(new Date(iso))}T00:00:00Z`);
}

/** «14.03.2026»: the day as Russian Excel reads a date from text. */
export function russianDate(day: Date): string {
  const [y, m, d] = day.toISOString().slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}

interface PracticeColumn extends SheetColumn {
  header: string;
  value: (r: PracticeRecord) => SheetValue;
}

const list = (items: readonly string[]) => items.join('; ');
const authorsOf = (r: PracticeRecord) =>
  list(r.authors.map((a) => (a.jobTitle ? `${a.fullName} (${a.jobTitle})` : a.fullName)));

export const PRACTICE_COLUMNS: readonly PracticeColumn[] = [
  {
    header: 'Номер в реестре',
    type: 'link',
    width: 16,
    value: (r) => ({ text: r.registryNumber, url: r.permalink }),
  },
  { header: 'Название', width: 60, value: (r) => r.title },
  { header: 'Авторы', width: 40, value: authorsOf },
  { header: 'Организация', width: 45, value: (r) => r.organization },
  { header: 'Тип организации', width: 18, value: (r) => r.organizationType },
  { header: 'Муниципальное образование', width: 26, value: (r) => r.municipality },
  ...(['levels', 'subjects', 'technologies', 'directions'] as const).map((v): PracticeColumn => ({
    header: VOCABULARY_MODEL[v].title,
    width: 30,
    value: (r) => list(r.terms[v]),
  })),
  { header: 'Ключевые слова', width: 30, value: (r) => list(r.keywords) },
  { header: 'Год начала реализации', type: 'number', width: 12, value: (r) => r.startedYear },
  { header: 'Дата публикации', type: 'date', width: 14, value: (r) => moscowDay(r.publishedAt) },
  { header: 'Просмотры', type: 'number', width: 11, value: (r) => r.views },
  { header: 'Постоянная ссылка', width: 42, value: (r) => r.permalink },
  { header: 'Аннотация', width: 60, value: (r) => r.summary },
  { header: 'Библиографическая ссылка (ГОСТ Р 7.0.100-2018)', width: 80, value: (r) => r.citation },
];

export const PRACTICE_HEADER = PRACTICE_COLUMNS.map((c) => c.header);

/** The practices as an XLSX table named `title`. */
export function practiceSheet(title: string, records: AsyncIterable<PracticeRecord[]>): SheetTable {
  return {
    title,
    header: PRACTICE_HEADER,
    columns: PRACTICE_COLUMNS.map(({ type, width }) => ({ ...(type ? { type } : {}), ...(width ? { width } : {}) })),
    rows: (async function* () {
      for await (const chunk of records) for (const r of chunk) yield PRACTICE_COLUMNS.map((c) => c.value(r));
    })(),
  };
}

/** A cell as CSV text: a link by its text (the permalink has a column of its own), a date as DD.MM.YYYY. */
function csvValue(value: SheetValue): CsvCell {
  if (value instanceof Date) return russianDate(value);
  if (value !== null && typeof value === 'object') return value.text;
  return value;
}

/** The practices as CSV rows (the header is `PRACTICE_HEADER`). */
export async function* practiceCsvRows(records: AsyncIterable<PracticeRecord[]>): AsyncGenerator<CsvCell[]> {
  for await (const chunk of records) for (const r of chunk) yield PRACTICE_COLUMNS.map((c) => csvValue(c.value(r)));
}
