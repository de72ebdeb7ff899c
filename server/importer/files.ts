/** An import file of any format, read into the records the importer checks: JSON as it is, tables through columns.ts. */
import { readFile } from 'node:fs/promises';
import { validationError } from '../errors.js';
import { recordsFromTable } from './columns.js';
import { decode, detectFormat, readCsv, readXlsx, type ImportFormat } from './tabular.js';

export interface LoadedFile {
  format: ImportFormat;
  /** Parsed JSON (an array or `{practices}`), or the table's records. */
  data: unknown;
  /** For a table: the spreadsheet row of each record. */
  rows?: number[];
  unknownColumns: string[];
}

/** Reads `file`, telling its format from its content; an unreadable file is a 400 with a Russian message. */
export async function loadImportFile(file: string): Promise<LoadedFile> {
  const format = await detectFormat(file);
  if (format === 'json') {
    try {
      return { format, data: JSON.parse(decode(await readFile(file))), unknownColumns: [] };
    } catch (error) {
      throw validationError([], `Файл не является корректным JSON: ${(error as Error).message}`);
    }
  }
  const table = format === 'xlsx' ? await readXlsx(file) : await readCsv(file);
  const { records, rows, unknownColumns } = recordsFromTable(table);
  if (records.length === 0) throw validationError([], 'В таблице нет ни одной строки с практикой');
  return { format, data: records, rows, unknownColumns };
}
