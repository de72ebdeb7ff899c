/**
 * Exports of a selection as a file: the whole selection (up to `EXPORT_MAX_ROWS`), streamed — ids in chunks from
 * the search engine or the database, their rows loaded a chunk at a time, each row written as it is ready.
 */
import { PassThrough, Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { sanitizeName } from '../attachments/names.js';
import { csvLines } from './csv.js';
import { PRACTICE_HEADER, practiceCsvRows, practiceSheet, russianDate, moscowDay } from './practice-table.js';
import { recordsOf, type RecordLoader } from './records.js';
import type { Selection, Selections } from './selection.js';
import { DownloadAbandoned } from './stream.js';
import { writeXlsx } from './xlsx.js';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The most rows one export writes: the whole bank today, and a bound on what one request may cost (about ten
 * seconds of the server's time); the search page says so beside its links when a result is larger.
 */
export const EXPORT_MAX_ROWS = 100_000;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Readable;
}

export interface ExportDeps {
  selections: Selections;
  loadRecords: RecordLoader;
  now?: () => Date;
}

export function createExportService({ selections, loadRecords, now = () => new Date() }: ExportDeps) {
  return {
    /**
     * The selection as a file ready to send. A wrong selection throws here, before anything is sent; a failure
     * while writing ends the download early (and is logged), since its status has already gone out.
     */
    async open(selection: Selection, format: ExportFormat, log: FastifyBaseLogger): Promise<ExportFile> {
      const ids = await selections.ids(selection);
      const what = selections.describe(selection);
      const fileName = sanitizeName(`Практики — ${what} — ${russianDate(moscowDay(now().toISOString()))}.${format}`);
      const records = recordsOf(ids, loadRecords, EXPORT_MAX_ROWS);
      if (format === 'csv')
        return {
          fileName,
          contentType: CONTENT_TYPES.csv,
          body: Readable.from(csvLines(PRACTICE_HEADER, practiceCsvRows(records))),
        };
      const body = new PassThrough();
      writeXlsx(practiceSheet(`Практики — ${what}`, records), body).catch((error: unknown) => {
        if (!(error instanceof DownloadAbandoned)) log.error({ err: error }, 'XLSX export failed half-way');
        body.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      return { fileName, contentType: CONTENT_TYPES.xlsx, body };
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
