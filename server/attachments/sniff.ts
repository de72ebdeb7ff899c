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
  if (detected.ext === 'pdf' && looksLikeHtml(await readHead(temp.tempPath, POLYGLOT_WINDOW))) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Файл PDF содержит в начале HTML-разметку или сценарий: такой файл может открыться в браузере как ' +
        'веб-страница. Сохраните документ в PDF заново (например, «Печать» → «Сохранить как PDF») и загрузите ещё раз',
    );
  }
}

/** A browser sniffing a PDF as HTML looks at its start; tags or script URLs there make a PDF/HTML polyglot. */
const POLYGLOT_WINDOW = 1024;
// Tags a browser's HTML sniffer recognises, and script URLs; XMP metadata (`<x:xmpmeta`, `<rdf:…`) is not among them.
const HTML_MARKERS =
  /<\s*(?:!doctype|html|head|body|script|iframe|frameset|svg|img|object|embed|meta|base|form)\b|javascript:/i;

/** Whether the first bytes of a file carry HTML or script markers (read as Latin-1: any byte maps to a char). */
function looksLikeHtml(head: Buffer): boolean {
  // NUL bytes between letters (`<\0script`) are skipped by some sniffers; drop them before looking.
  return HTML_MARKERS.test(head.toString('latin1').replaceAll('\0', ''));
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
