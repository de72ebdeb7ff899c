/**
 * Reads the tables institutes keep: XLSX (streamed, so a big register never sits in memory as a workbook) and CSV
 * as Russian Excel writes it — UTF-8 with or without BOM, or windows-1251; `;`, `,` or tab between cells.
 * Only the first sheet is read; a row is a list of cells, numbered as the spreadsheet numbers it.
 */
import { open, readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError, validationError } from '../errors.js';

/** One cell as the reader found it: text, a number, a date (XLSX), or nothing. */
export type Cell = string | number | Date | null;

export interface TableRow {
  /** The row's number as the spreadsheet shows it (the header is 1). */
  number: number;
  cells: Cell[];
}

export interface Table {
  header: string[];
  rows: TableRow[];
}

export type ImportFormat = 'json' | 'csv' | 'xlsx';

const UNREADABLE = 'Файл не похож на таблицу: загрузите XLSX, CSV или JSON';

/** What the file is, from its first bytes (a name can lie); CSV is the fallback for text. */
export async function detectFormat(file: string): Promise<ImportFormat> {
  const handle = await open(file, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.length === 0) throw validationError([], 'Файл пустой');
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    throw validationError([], 'Это файл старого формата XLS: сохраните его в Excel как «Книга Excel (.xlsx)»');
  const text = decode(head, false);
  if (/^\s*[[{]/.test(text)) return 'json';
  // Text has no NUL bytes (UTF-16 aside, which decode handles); anything else is binary.
  if (!head.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])) && head.includes(0)) throw validationError([], UNREADABLE);
  return 'csv';
}

/** Bytes to text: a BOM says the encoding; otherwise UTF-8 if it is valid UTF-8, else windows-1251. */
export function decode(bytes: Buffer, strict = true): string {
  if (bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) return bytes.subarray(3).toString('utf8');
  if (bytes.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])))
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  try {
    // A truncated head may end inside a character: only the whole file is judged strictly.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !strict });
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

/** The separator of the header line: whichever of `;`, tab and `,` it holds most (`;` on a tie, Excel's own). */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  return [';', '\t', ','].reduce((best, c) => (count(c) > count(best) ? c : best), ';');
}

/** A CSV file's rows. */
export async function readCsv(file: string): Promise<Table> {
  const text = decode(await readFile(file));
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    });
  } catch (error) {
    throw validationError([], `Не удалось прочитать CSV: ${(error as Error).message}`);
  }
  const [header = [], ...rest] = records;
  return { header, rows: rest.map((cells, i) => ({ number: i + 2, cells })) };
}

/** Text of a cell value as exceljs gives it: rich text, hyperlinks and formulas' results included. */
function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return String(value.text);
  if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
  if ('error' in value) return null;
  return String(value);
}

/** The first sheet of an XLSX file, streamed row by row. */
export async function readXlsx(file: string): Promise<Table> {
  const rows: TableRow[] = [];
  let header: string[] | undefined;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
      sharedStrings: 'cache',
      // Styles are what tells a date from a number.
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'emit',
    });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        // row.values is 1-based: index 0 is always empty.
        const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(cellValue);
        if (header === undefined) header = cells.map((c) => (c === null ? '' : String(c)));
        else rows.push({ number: row.number, cells });
      }
      break;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw validationError([], `${UNREADABLE} (${(error as Error).message})`);
  }
  return { header: header ?? [], rows };
}
