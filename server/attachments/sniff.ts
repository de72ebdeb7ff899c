/**
 * What a received file really is: its bytes are checked against its extension (magic numbers via `file-type`,
 * UTF-8 for plain text), because the Content-Type a browser declares is whatever the client says.
 */
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../errors.js';
import { readHead } from './extract.js';
import type { StoredTemp } from './storage.js';
import type { FileKind } from './types.js';

/** Checks the bytes against the extension: the declared Content-Type is never trusted. */
export async function verifyType(kind: FileKind, temp: StoredTemp): Promise<void> {
  const detected = await fileTypeFromFile(temp.tempPath);
  if (kind.detected === undefined) {
    // Plain text: no magic number, so it must decode as UTF-8 and contain no NUL byte.
    const head = await readHead(temp.tempPath, 65_536);
    const text = !detected && !head.includes(0) && isUtf8Prefix(head);
    if (!text) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Содержимое файла не похоже на текст в кодировке UTF-8');
    return;
  }
  if (!detected || !kind.detected.includes(detected.ext)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Содержимое файла не соответствует его расширению${detected ? ` (внутри — ${detected.ext})` : ''}`,
    );
  }
}

/** Valid UTF-8, allowing a character cut at the end of the sample. */
function isUtf8Prefix(bytes: Buffer): boolean {
  for (let cut = 0; cut < 4 && cut < bytes.length; cut += 1) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch (error) {
      // Not UTF-8 this way: try without a partial last character. Nothing else is expected from decode.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') throw error;
    }
  }
  return bytes.length === 0;
}
