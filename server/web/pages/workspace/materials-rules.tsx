/**
 * The upload rules in a teacher's words, derived from what the attachment service accepts (its allowlist and the
 * configured limits), and sizes in Russian units. Shown before a file is chosen, so nobody waits through a slow
 * upload to learn that a file was never going to be accepted.
 */
import {
  fileTooLargeMessage,
  quotaMessage,
  tooManyFilesMessage,
  unsupportedTypeMessage,
} from '../../../attachments/messages.js';
import { FILE_KINDS } from '../../../attachments/types.js';
import type { Config } from '../../../config.js';
import { count, type Forms } from '../../format.js';

type Limits = Config['attachments'];

/** The accepted types grouped as people know them; every extension of the allowlist is in exactly one group. */
export const TYPE_GROUPS: { label: string; names: string; extensions: string[] }[] = [
  {
    label: 'Документы',
    names: 'PDF, Word (DOC, DOCX), RTF, TXT, OpenDocument (ODT)',
    extensions: ['pdf', 'doc', 'docx', 'rtf', 'txt', 'odt'],
  },
  {
    label: 'Презентации и таблицы',
    names: 'PowerPoint (PPT, PPTX), Excel (XLS, XLSX), OpenDocument (ODP, ODS)',
    extensions: ['ppt', 'pptx', 'xls', 'xlsx', 'odp', 'ods'],
  },
  { label: 'Изображения', names: 'JPEG, PNG, WebP', extensions: ['jpg', 'jpeg', 'png', 'webp'] },
  { label: 'Видео и звук', names: 'MP4, WebM, MP3', extensions: ['mp4', 'webm', 'mp3'] },
];

/** The file chooser's `accept`: the allowlist's extensions. */
export const ACCEPT = Object.keys(FILE_KINDS)
  .map((ext) => `.${ext}`)
  .join(',');

const SIZE = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });

/** «512 байт», «12 КБ», «1,5 МБ», «2,3 ГБ». */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} байт`;
  const units = ['КБ', 'МБ', 'ГБ'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${SIZE.format(value)} ${units[unit]}`;
}

const FILES: Forms = { one: 'файл или ссылку', few: 'файла или ссылки', many: 'файлов или ссылок' };

/** The rules as a list, with how many more files or links the practice can take. */
export function UploadRules({ limits, used }: { limits: Limits; used: { files: number; bytes: number } }) {
  const left = Math.max(0, limits.maxFiles - used.files);
  return (
    <div class="upload-rules" id="upload-rules">
      <p>Можно прикрепить:</p>
      <ul>
        {TYPE_GROUPS.map((g) => (
          <li>
            {g.label}: {g.names}
          </li>
        ))}
      </ul>
      <p>
        Один файл — до {formatSize(limits.maxFileBytes)}; у практики всего до {limits.maxFiles} файлов и ссылок на видео
        и до {formatSize(limits.maxPracticeBytes)}. Сейчас можно добавить ещё {count(left, FILES)}
        {used.bytes > 0 ? `, занято ${formatSize(used.bytes)}` : ''}. Длинное видео удобнее выложить на RuTube или VK
        Видео и добавить ссылкой ниже.
      </p>
    </div>
  );
}

/**
 * What the upload script needs to refuse a file before sending it, with the API's own words (`{name}`, `{ext}`
 * are filled in by the script).
 */
export function uploadChecks(limits: Limits, used: { files: number; bytes: number }) {
  return {
    'data-extensions': Object.keys(FILE_KINDS).join(','),
    'data-max-file-bytes': String(limits.maxFileBytes),
    'data-files-left': String(Math.max(0, limits.maxFiles - used.files)),
    'data-bytes-left': String(Math.max(0, limits.maxPracticeBytes - used.bytes)),
    'data-msg-type': unsupportedTypeMessage('{ext}'),
    'data-msg-no-ext': unsupportedTypeMessage(''),
    'data-msg-large': fileTooLargeMessage('{name}', limits),
    'data-msg-many': tooManyFilesMessage(limits),
    'data-msg-quota': quotaMessage(limits),
  };
}

/** What happened to a file's text, which the bank extracts so search finds words inside materials. */
export const TEXT_STATUS: Record<string, string> = {
  pending: 'Текст файла готовится для поиска',
  done: 'Текст файла доступен поиску',
  failed: 'Текст извлечь не удалось: файл сохранён, но поиск не видит его содержимого',
  none: '',
};
