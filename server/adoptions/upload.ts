/**
 * A report with its optional file, posted as `multipart/form-data` by the page's form and by API clients: the
 * fields as text, the file through the attachments' checks (`receiveChecked`), narrowed to what a report needs.
 */
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import { receiveChecked, type ReceivedFile } from '../attachments/receive.js';
import type { BlobStore } from '../attachments/storage.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';

/** Documents, tables and pictures: what shows how a practice was adopted. */
export const ADOPTION_FILE_TYPES = {
  extensions: ['pdf', 'docx', 'odt', 'xlsx', 'jpg', 'jpeg', 'png', 'webp'],
  message: 'К сообщению можно приложить документ PDF, DOCX, ODT, таблицу XLSX или изображение JPG, PNG, WebP',
} as const;

/** The form's text fields are short; a thousand Cyrillic letters are two thousand bytes, with room to spare. */
const FIELD_BYTES = 8 * 1024;

export interface MultipartReport {
  fields: Record<string, string>;
  /** The checked file, waiting in the store's temporary area; absent when none was chosen or it was refused. */
  file?: ReceivedFile;
  /** Why the file was refused, in Russian. */
  fileError?: string;
}

/** Reads every part of a multipart report: fields as text, at most one file (named `file`), checked. */
export async function readMultipartReport(
  request: FastifyRequest,
  store: BlobStore,
  limits: Config['attachments'],
): Promise<MultipartReport> {
  const result: MultipartReport = { fields: {} };
  const parts = request.parts({
    limits: { fileSize: limits.maxFileBytes, files: 2, fields: 12, fieldSize: FIELD_BYTES, parts: 14 },
  });
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') result.fields[part.fieldname] = part.value;
        continue;
      }
      // A form whose file input was left empty still sends the part, with no name and no bytes.
      if (part.fieldname !== 'file' || !part.filename || result.file || result.fileError) {
        part.file.resume();
        continue;
      }
      try {
        result.file = await receiveChecked(store, limits, part, { allowed: ADOPTION_FILE_TYPES });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
        result.fileError = error.details?.[0]?.message ?? error.message;
      }
    }
  } catch (error) {
    if (result.file) await store.discard([result.file.temp]);
    throw error;
  }
  return result;
}
