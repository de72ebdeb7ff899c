/** Display names of uploaded files: what people see, never a path, never a trick. */
import formatDisposition from 'content-disposition';
import { FORBIDDEN_CHARACTERS } from '../shared/text.js';

const MAX_NAME = 180;
/** Control and format characters (bidi marks, zero-width, tags…): nothing honest needs them in a name. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** The name without path parts or hidden characters, bounded, keeping its extension; «файл» if nothing is left. */
export function sanitizeName(raw: string): string {
  const base = (raw.normalize('NFC').split(/[/\\]/).pop() ?? '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  const cleaned = base.replace(/^\.+/, '').replace(/[<>:"|?*]/g, '_');
  if (cleaned === '' || FORBIDDEN_CHARACTERS.test(cleaned)) return 'файл';
  if ([...cleaned].length <= MAX_NAME) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 8 ? cleaned.slice(dot) : '';
  return [...cleaned.slice(0, cleaned.length - ext.length)].slice(0, MAX_NAME - ext.length).join('') + ext;
}

/** The extension in lower case, without the dot ('' when there is none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * Content-Disposition for a download: the real name in RFC 5987 `filename*` when it is not plain ASCII, and an
 * ASCII fallback with underscores (the library's default `?` is not allowed in Windows file names).
 */
export function contentDisposition(name: string, inline: boolean): string {
  const ascii = name.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_');
  return formatDisposition(name, { type: inline ? 'inline' : 'attachment', fallback: ascii });
}
