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
 * Receives and checks one file in the attachments' own terms (UNSUPPORTED_MEDIA_TYPE, FILE_TOO_LARGE, an empty
 * file, bytes of another type); a refused file leaves nothing behind.
 */
export async function receiveFile(
  store: BlobStore,
  limits: Config['attachments'],
  part: IncomingFile,
): Promise<ReceivedFile> {
  const name = sanitizeName(part.filename);
  const ext = extensionOf(name);
  const kind = FILE_KINDS[ext];
  if (!kind) {
    part.file.resume();
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', unsupportedTypeMessage(ext));
  }
  const temp = await store.receive(part.file);
  try {
    if (part.file.truncated) throw new AppError('FILE_TOO_LARGE', fileTooLargeMessage(name, limits));
    if (temp.size === 0) throw validationError([{ field: 'file', message: `Файл «${name}» пуст` }]);
    await verifyType(kind, temp);
  } catch (error) {
    await store.discard([temp]);
    throw error;
  }
  return { temp, name, ext, kind };
}

/**
 * `receiveFile` for a form whose file is one field among others: a refusal is a validation error on `field`, in
 * the attachments' words. `allowed` narrows the attachments' list of extensions (with its own refusal text).
 */
export async function receiveChecked(
  store: BlobStore,
  limits: Config['attachments'],
  part: IncomingFile,
  { field = 'file', allowed }: { field?: string; allowed?: { extensions: readonly string[]; message: string } } = {},
): Promise<ReceivedFile> {
  const ext = extensionOf(sanitizeName(part.filename));
  if (FILE_KINDS[ext] && allowed && !allowed.extensions.includes(ext)) {
    part.file.resume();
    throw validationError([{ field, message: allowed.message }]);
  }
  try {
    return await receiveFile(store, limits, part);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw validationError([{ field, message: error.details?.[0]?.message ?? error.message }]);
  }
}
