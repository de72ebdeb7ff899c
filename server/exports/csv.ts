/**
 * CSV that Russian Excel opens right: UTF-8 with a BOM (without it Excel reads cp1251), `;` between cells (the
 * list separator of a Russian locale), CRLF and RFC 4180 quoting. A text cell that begins like a formula is
 * neutralised with a leading apostrophe, so a practice titled «=HYPERLINK(…)» stays text in a methodist's sheet.
 */

/** A cell: text, a number, a date written as text, or empty. */
export type CsvCell = string | number | null | undefined;

/** The byte-order mark Excel needs to read UTF-8. */
export const CSV_BOM = '\uFEFF';
const SEPARATOR = ';';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[";\r\n]/;

/** One cell as written in the file. Numbers are written as they are: only text can smuggle a formula. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  // Russian Excel reads «0,42» as a number and «0.42» as text (its decimal separator is the comma).
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', ',') : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row with its line end. */
export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(SEPARATOR) + '\r\n';
}

/** Rows are handed on in pieces of about this many characters: one small write per row costs more than the row. */
const PIECE = 64 * 1024;

/**
 * The whole file as a stream of pieces: the BOM and the header, then the rows as the source yields them, joined
 * into pieces of about 64 KB, so a 100,000-row export never sits in memory and is not sent a row at a time. Pass it
 * to `Readable.from` to send it.
 */
export async function* csvLines(
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]> | AsyncIterable<readonly CsvCell[]>,
): AsyncGenerator<string> {
  let piece = CSV_BOM + csvRow(header);
  for await (const row of rows) {
    piece += csvRow(row);
    if (piece.length >= PIECE) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}
