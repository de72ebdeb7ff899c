/**
 * One uploaded file through the attachments' checks — an allowed extension, bytes of that type (never the declared
 * Content-Type), no PDF/HTML polyglot, not empty, within the size limit — received into the store's temporary
 * area. Whatever else a file belongs to (a platform's order, an adoption report) is checked the same way.
 */
import type { Readable } from 'node:stream';
import type { Config } from '../config.js';
import { AppError, validationError } from '../errors.js';
import { fileTooLargeMessage, unsupportedTypeMessage } from './messages.js';
import { extensionOf, sanitizeName } from './names.js';
import { verifyType } from './sniff.js';
import type { BlobStore, StoredTemp } from './storage.js';
import { FILE_KINDS, type FileKind } from './types.js';

export interface IncomingFile {
  filename: string;
  file: Readable & { truncated?: boolean };
}

/** A checked file waiting in the store's temporary area: commit it with the row that names it, or discard it. */
export interface ReceivedFile {
  temp: StoredTemp;
  name: string;
  ext: string;
  kind: FileKind;
}

/**
 * Receives and checks one file; a refusal is a validation error on `field` in the attachments' own words, and
 * leaves nothing behind. `allowed` narrows the attachments' list of extensions (with its own refusal text).
 */
export async function receiveChecked(
  store: BlobStore,
  limits: Config['attachments'],
  part: IncomingFile,
  { field = 'file', allowed }: { field?: string; allowed?: { extensions: readonly string[]; message: string } } = {},
): Promise<ReceivedFile> {
  const name = sanitizeName(part.filename);
  const ext = extensionOf(name);
  const kind = FILE_KINDS[ext];
  if (!kind || (allowed && !allowed.extensions.includes(ext))) {
    part.file.resume();
    throw validationError([{ field, message: kind && allowed ? allowed.message : unsupportedTypeMessage(ext) }]);
  }
  let temp: StoredTemp | undefined;
  try {
    temp = await store.receive(part.file);
    if (part.file.truncated) throw validationError([{ field, message: fileTooLargeMessage(name, limits) }]);
    if (temp.size === 0) throw validationError([{ field, message: `Файл «${name}» пуст` }]);
    try {
      await verifyType(kind, temp);
    } catch (error) {
      if (error instanceof AppError) throw validationError([{ field, message: error.message }]);
      throw error;
    }
  } catch (error) {
    if (temp) await store.discard([temp]);
    throw error;
  }
  return { temp, name, ext, kind };
}
