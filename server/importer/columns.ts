/**
 * A table's rows as import records: the same records a JSON file holds, so one set of rules checks them all.
 * Column headers are matched loosely (case, ё/е, spaces, a trailing colon or asterisk); several values in a cell
 * are separated by `;`, `,` or line breaks, but never inside brackets or quotes («Критическое мышление (РКМЧП,
 * смысловое чтение)» stays one value).
 */
import { validationError } from '../errors.js';
import { SECTION_MODEL, SECTIONS, type Section } from '../model/practice.js';
import { foldKey } from '../shared/text.js';
import type { Cell, Table } from './tabular.js';

type Column =
  | 'title'
  | 'summary'
  | 'levels'
  | 'subjects'
  | 'technologies'
  | 'directions'
  | 'keywords'
  | 'organization'
  | 'inn'
  | 'municipality'
  | 'authors'
  | 'positions'
  | 'startedYear'
  | 'publishedAt'
  | 'registryNumber'
  | Section;

/** The header institutes write for each column first, then other spellings seen in real lists. */
const HEADERS: Record<Column, string[]> = {
  title: ['Название', 'Название практики', 'Наименование', 'Наименование практики', 'Тема'],
  summary: ['Аннотация', 'Краткая аннотация', 'Краткое описание'],
  levels: ['Уровень образования', 'Уровни образования', 'Уровень'],
  subjects: ['Предмет', 'Предметы', 'Предметная область', 'Предметные области'],
  technologies: ['Технологии', 'Технология', 'Образовательные технологии'],
  directions: ['Направления', 'Направление', 'Направления деятельности', 'Направление деятельности'],
  keywords: ['Ключевые слова'],
  organization: ['Организация', 'Образовательная организация', 'Наименование ОО', 'ОО'],
  inn: ['ИНН', 'ИНН организации'],
  municipality: ['Муниципалитет', 'Муниципальное образование', 'Район', 'МО'],
  authors: ['Авторы', 'Автор', 'ФИО авторов', 'ФИО автора', 'ФИО'],
  positions: ['Должности', 'Должность', 'Должности авторов'],
  startedYear: ['Год начала', 'Год начала реализации'],
  publishedAt: ['Дата публикации', 'Дата включения в банк'],
  registryNumber: ['Номер в реестре', 'Регистрационный номер', 'Реестровый номер'],
  relevance: [SECTION_MODEL.relevance.title],
  goals: [SECTION_MODEL.goals.title, 'Цели и задачи', 'Цель'],
  content: [SECTION_MODEL.content.title, 'Содержание'],
  results: [SECTION_MODEL.results.title, 'Результаты'],
  replication: [SECTION_MODEL.replication.title, 'Условия тиражирования', 'Тиражирование'],
};

/** The columns a register must have for its rows to be read at all. */
const REQUIRED: Column[] = ['title'];

const LISTS = ['levels', 'subjects', 'technologies', 'directions', 'keywords'] as const;

/** A header as compared: folded, without a trailing colon or the asterisk of a required field. */
const headerKey = (header: string) =>
  foldKey(header)
    .replace(/[\s:*.]+$/, '')
    .trim();

const BY_HEADER = new Map<string, Column>(
  (Object.entries(HEADERS) as [Column, string[]][]).flatMap(([column, names]) =>
    names.map((n) => [headerKey(n), column] as const),
  ),
);

/** Splits a cell at `;`, `,` and line breaks outside brackets and quotes; trims and drops empty values. */
export function splitValues(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let current = '';
  let straightQuote = false;
  for (const char of text) {
    if ('(«[„“'.includes(char) && !(char === '“' && depth > 0)) depth += 1;
    else if (')»]”'.includes(char) || (char === '“' && depth > 0)) depth = Math.max(0, depth - 1);
    else if (char === '"') straightQuote = !straightQuote;
    if (depth === 0 && !straightQuote && /[;,\n\r]/.test(char)) {
      values.push(current);
      current = '';
    } else current += char;
  }
  values.push(current);
  return values.map((v) => v.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

const text = (cell: Cell | undefined): string =>
  cell === null || cell === undefined
    ? ''
    : cell instanceof Date
      ? cell.toISOString().slice(0, 10)
      : String(cell).trim();

/** A year as a number when it is one; anything else as typed, for the rules to report. */
function year(cell: Cell | undefined): unknown {
  const value = text(cell);
  if (value === '') return undefined;
  return /^\d{4}(\.0+)?$/.test(value) ? Math.trunc(Number(value)) : value;
}

/** A date as ISO `YYYY-MM-DD`: Excel dates, `14.03.2025` and ISO text. */
function date(cell: Cell | undefined): string | undefined {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  const value = text(cell);
  const russian = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  if (russian) return `${russian[3]}-${russian[2]!.padStart(2, '0')}-${russian[1]!.padStart(2, '0')}`;
  return value === '' ? undefined : value;
}

/** Authors with their positions: by order, one position for all, or «ФИО (должность)» in the authors' cell. */
function authors(names: string, positions: string): { fullName: string; position: string }[] {
  const people = splitValues(names.replace(/,(?=\s*\p{Lu}\.)/gu, ' ')).filter(Boolean);
  const roles = positions
    .split(/[;\n\r]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  return people.map((person, i) => {
    const remark = /^(.*?)\s*\(([^()]+)\)$/.exec(person);
    const fullName = remark ? remark[1]! : person;
    const position = roles.length === 1 ? roles[0]! : (roles[i] ?? remark?.[2] ?? '');
    return { fullName, position };
  });
}

export interface TabularRecords {
  records: Record<string, unknown>[];
  /** The spreadsheet row of each record. */
  rows: number[];
  /** Headers no column is known by: reported, their cells not imported. */
  unknownColumns: string[];
}

/** The table's rows as import records; refuses a table whose first row has no «Название». */
export function recordsFromTable(table: Table): TabularRecords {
  const columns = table.header.map((h) => BY_HEADER.get(headerKey(h)));
  const unknownColumns = table.header.filter((h, i) => h.trim() !== '' && columns[i] === undefined);
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw validationError(
      missing.map((c) => ({ field: c, message: `Нет столбца «${HEADERS[c][0]}»` })),
      `В первой строке таблицы нет заголовков ${missing.map((c) => `«${HEADERS[c][0]}»`).join(', ')}. ` +
        `Ожидаются столбцы: ${Object.values(HEADERS)
          .slice(0, 15)
          .map((n) => n[0])
          .join(', ')}`,
    );
  }
  const records: Record<string, unknown>[] = [];
  const rows: number[] = [];
  for (const row of table.rows) {
    if (row.cells.every((c) => text(c) === '')) continue;
    const cell = (column: Column) => {
      const i = columns.indexOf(column);
      return i === -1 ? undefined : row.cells[i];
    };
    const record: Record<string, unknown> = {
      title: text(cell('title')),
      summary: text(cell('summary')),
      organization: cell('inn')
        ? { name: text(cell('organization')), inn: text(cell('inn')) }
        : text(cell('organization')),
      municipality: text(cell('municipality')),
      authors: authors(text(cell('authors')), text(cell('positions'))),
    };
    for (const list of LISTS) record[list] = splitValues(text(cell(list)));
    for (const section of SECTIONS) if (text(cell(section))) record[section] = text(cell(section));
    const started = year(cell('startedYear'));
    if (started !== undefined) record.startedYear = started;
    const published = date(cell('publishedAt'));
    if (published !== undefined) record.publishedAt = published;
    if (text(cell('registryNumber'))) record.registryNumber = text(cell('registryNumber'));
    records.push(record);
    rows.push(row.number);
  }
  return { records, rows, unknownColumns };
}
