/**
 * The Russian refusals of an upload, written once: the API throws them, and the materials page shows the same
 * words before a file is sent (its script checks type, size and count with these texts).
 */
import type { Config } from '../config.js';

type Limits = Config['attachments'];

const megabytes = (bytes: number) => Math.round(bytes / 1048576);

/** What the bank accepts, as the refusal lists it. */
export const ACCEPTED_LIST = 'pdf, doc(x), ppt(x), xls(x), odt/odp/ods, rtf, txt, jpg, png, webp, mp4, webm, mp3';

/** A file whose extension is not on the allowlist (`ext` empty: no extension). */
export const unsupportedTypeMessage = (ext: string) =>
  `${ext ? `Файлы «.${ext}»` : 'Файлы без расширения'} не принимаются. Можно: ${ACCEPTED_LIST}`;

export const fileTooLargeMessage = (name: string, limits: Limits) =>
  `Файл «${name}» больше ${megabytes(limits.maxFileBytes)} МБ`;

export const tooManyFilesMessage = (limits: Limits) =>
  `К практике можно прикрепить не больше ${limits.maxFiles} файлов`;

export const quotaMessage = (limits: Limits) =>
  `Вложения практики не могут занимать больше ${megabytes(limits.maxPracticeBytes)} МБ`;
