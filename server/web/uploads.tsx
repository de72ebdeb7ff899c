/**
 * A register uploaded through a page (practices in the admin area, innovation platforms): the file field, taking
 * the one file of the form into the pending uploads, and finding a pending upload again. Each import reads and
 * checks the file its own way; the steps around that are the same.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { createImportUploads } from '../importer/uploads.js';
import { Field } from './components/forms.js';

type Uploads = Pick<ReturnType<typeof createImportUploads>, 'save' | 'discard' | 'find'>;

/** The file field of an upload form; `error` is what was wrong with the last file. */
export function UploadField(props: { label: string; hint: string; accept: string; error?: string | undefined }) {
  return (
    <Field
      id="file"
      name="file"
      label={props.label}
      hint={props.hint}
      error={props.error}
      control={(attributes) => <input {...attributes} type="file" required accept={props.accept} />}
    />
  );
}

/** The pending upload `id`, or a Russian «not found» when it has been imported already or has expired. */
export async function pendingUpload<U extends Pick<Uploads, 'find'>>(
  uploads: U,
  id: string,
): Promise<NonNullable<Awaited<ReturnType<U['find']>>>> {
  const upload = await uploads.find(id);
  if (!upload)
    throw new AppError('NOT_FOUND', 'Загруженный файл не найден: он уже импортирован или устарел. Загрузите его снова');
  return upload as NonNullable<Awaited<ReturnType<U['find']>>>;
}

/** What the person is told on the upload form, with the answer's status. */
export interface UploadRefusal {
  refusal: string;
  status: number;
}

/**
 * Takes the one file of a multipart form into `uploads` and reads it with `check` now, so a file that is too large,
 * unreadable or without the needed columns is refused on the upload form rather than on the next page. A refused
 * file is discarded; `check` refuses by throwing an `AppError`, whose message the person reads.
 */
export async function receiveUpload(
  request: FastifyRequest,
  uploads: Uploads,
  limits: { maxBytes: number; userId: number },
  check: (path: string) => unknown,
): Promise<{ id: string } | UploadRefusal> {
  if (!request.isMultipart()) return { refusal: 'Выберите файл для загрузки', status: 415 };
  const part = await request.file({ limits: { fileSize: limits.maxBytes, files: 1 } });
  if (!part) return { refusal: 'Выберите файл для загрузки', status: 400 };
  const meta = await uploads.save(part.file, part.filename, limits.userId);
  if (part.file.truncated) {
    await uploads.discard(meta.id);
    const maxMb = Math.round(limits.maxBytes / 1048576);
    return { refusal: `Файл больше ${maxMb} МБ: разделите его на части`, status: 413 };
  }
  try {
    await check((await pendingUpload(uploads, meta.id)).path);
  } catch (error) {
    await uploads.discard(meta.id);
    if (!(error instanceof AppError)) throw error;
    return { refusal: error.message, status: error.statusCode };
  }
  return { id: meta.id };
}
