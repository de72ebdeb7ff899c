/**
 * XLSX that a methodist opens in Excel or LibreOffice and works with at once: typed cells (numbers as numbers,
 * dates as dates), the header row frozen and bold, an autofilter over it, column widths, links that open. Written
 * with exceljs's streaming writer, a row at a time, so a table of 100,000 rows needs the memory of one.
 * Any table `{ title, header, rows }` goes through `writeXlsx` — a search's practices as well as a statistics table.
 */
import type { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { DownloadAbandoned, drained, eventOrClose, type Emitter } from './stream.js';

/** A link cell: the text shown and the address it opens. */
export interface SheetLink {
  text: string;
  url: string;
}

/** A cell: text (always written as text, never as a formula), a number, a date, a link, or empty. */
export type SheetValue = string | number | Date | SheetLink | null | undefined;

export type SheetColumnType = 'text' | 'number' | 'date' | 'link';

export interface SheetColumn {
  type?: SheetColumnType;
  /** Width in characters. */
  width?: number;
}

/** A table as the bank's exports and statistics describe one. */
export interface SheetTable {
  /** The sheet's name (cut to Excel's 31 characters, without the characters Excel forbids there). */
  title: string;
  header: readonly string[];
  rows: Iterable<readonly SheetValue[]> | AsyncIterable<readonly SheetValue[]>;
  /** Types and widths by position; a column without one is text as wide as its header. */
  columns?: readonly SheetColumn[];
}

/** Rows between checks that the zip and the reader keep up: the writer waits rather than buffer ahead of them. */
const ROWS_PER_DRAIN_CHECK = 200;
/** Sheet XML the zip may have waiting before the writer stops adding rows. */
const ZIP_BACKLOG_BYTES = 1 << 20;
const DATE_FORMAT = 'dd.mm.yyyy';

/** A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters, never empty. */
export function sheetName(title: string): string {
  const cleaned = title
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return [...cleaned].slice(0, 31).join('').trim() || 'Лист1';
}

/** A column letter: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - rem) / 26);
  }
  return letters;
}

/**
 * A link as Excel's HYPERLINK function. Sheet-level hyperlinks would be simpler to read back, but the format puts
 * them (and their relationships) after the last row, so the writer would keep two records per row in memory until
 * the end; a formula cell costs nothing. Only links the bank builds itself (permalinks) are written this way.
 */
const hyperlinkFormula = (link: SheetLink) =>
  `HYPERLINK("${link.url.replaceAll('"', '""')}","${link.text.replaceAll('"', '""')}")`;

function cellValue(value: SheetValue): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  return { formula: hyperlinkFormula(value), result: value.text };
}

/** What this module reads of a zip entry: a `readable-stream` 2 stream, which has no `writableLength`. */
interface ZipEntry extends Emitter {
  _writableState?: { length: number };
}

/**
 * The zip entry the sheet's XML waits in. exceljs's sheet stream (a `StreamBuf`) writes to the zip's entry without
 * heeding backpressure, and the zip compresses one entry at a time on later turns of the event loop; a writer that
 * adds rows faster than that keeps the whole sheet's XML in memory — 200 MB for 100,000 practices. exceljs 4.4 has
 * no public way to wait, so this reads its stream's pipe; `test/exports/xlsx-memory.test.ts` fails if a new exceljs
 * moves it.
 */
function zipEntryOf(sheet: ExcelJS.Worksheet): ZipEntry | undefined {
  const stream = (sheet as unknown as { _stream?: { pipes?: ZipEntry[] } })._stream;
  return stream?.pipes?.[0];
}

/** Waits until the zip has taken the sheet's XML written so far (but for a little) and the reader wants more. */
async function caughtUp(sheet: ExcelJS.Worksheet, out: Writable): Promise<void> {
  // The zip starts compressing on a later turn of the event loop: give it that turn.
  await nextTurn();
  const entry = zipEntryOf(sheet);
  // A reader that goes away stops the zip, so the entry would never drain: its closing ends the wait too.
  if (entry && (entry._writableState?.length ?? 0) > ZIP_BACKLOG_BYTES && !out.destroyed)
    await eventOrClose(entry, 'drain', out);
  if (out.destroyed) throw new DownloadAbandoned();
  await drained(out);
}

/** Writes `table` as an .xlsx file to `out` and ends it; resolves once the whole file is written. */
export async function writeXlsx(table: SheetTable, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Банк инновационных практик Смоленской области';
  const columns = table.header.map((header, i) => ({ header, ...table.columns?.[i] }));
  const sheet = workbook.addWorksheet(sheetName(table.title), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({
    width: c.width ?? Math.max(10, Math.min(60, [...c.header].length + 2)),
    ...(c.type === 'date' ? { style: { numFmt: DATE_FORMAT } } : {}),
    ...(c.type === 'link' ? { style: { font: { color: { argb: 'FF0563C1' }, underline: true } } } : {}),
  }));
  const header = sheet.addRow(table.header);
  header.font = { bold: true };
  header.alignment = { vertical: 'top', wrapText: true };
  header.commit();
  sheet.autoFilter = { from: 'A1', to: `${columnLetter(Math.max(0, columns.length - 1))}1` };
  let written = 0;
  for await (const row of table.rows) {
    sheet.addRow(row.map(cellValue)).commit();
    written += 1;
    if (written % ROWS_PER_DRAIN_CHECK === 0) await caughtUp(sheet, out);
  }
  sheet.commit();
  await workbook.commit();
}
