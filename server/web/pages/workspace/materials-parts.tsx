/** Pieces of the materials page: the upload form, the list of files, the video links and their forms. */
import type { AttachmentView } from '../../../attachments/service.js';
import type { Config } from '../../../config.js';
import { Button, ErrorSummary, Field, PostForm } from '../../components/forms.js';
import { formatDate } from '../../format.js';
import { practiceRoute } from './my-access.js';
import { ACCEPT, formatSize, TEXT_STATUS, uploadChecks, UploadRules } from './materials-rules.js';

/** The page itself: `MATERIALS.at(id)` is `WORKSPACE.materials(id)` (a test holds them equal). */
export const MATERIALS = practiceRoute('/my/practices/:id/materials');
export const UPLOAD = practiceRoute('/my/practices/:id/materials/files');
export const ADD_LINK = practiceRoute('/my/practices/:id/materials/links');
export const DELETE = practiceRoute('/my/practices/:id/materials/delete');

const PROVIDERS: Record<string, string> = { rutube: 'RuTube', vk: 'VK Видео', youtube: 'YouTube' };

export const LINK_LABELS = { url: 'Ссылка на видео', title: 'Название видео' };

type Usage = { files: number; bytes: number };

/** Choosing or dragging files; the script adds progress, the form alone posts them without it. */
export function UploadForm(props: {
  id: number;
  csrf: string;
  limits: Config['attachments'];
  used: Usage;
  apiUrl: string;
  error?: string | undefined;
}) {
  const { id, csrf, limits, used, error } = props;
  return (
    <section aria-labelledby="upload-title" class="upload">
      <h2 id="upload-title">Загрузить файлы</h2>
      <UploadRules limits={limits} used={used} />
      <PostForm action={UPLOAD.at(id)} csrf={csrf} multipart id="upload-form" class="upload-form">
        <div
          class={error ? 'field has-error' : 'field'}
          id="upload-field"
          {...uploadChecks(limits, used)}
          data-api={props.apiUrl}
        >
          <div class="drop-zone" id="drop-zone">
            <label for="file">Выберите файлы</label>
            <span class="hint" id="file-hint">
              Можно выбрать несколько сразу
              <span class="drag-hint" hidden>
                {' '}
                или перетащить их сюда
              </span>
              .
            </span>
            <span class="error-message" id="file-error" role="alert" hidden={!error}>
              {error ? (
                <>
                  <span class="visually-hidden">Ошибка: </span>
                  {error}
                </>
              ) : null}
            </span>
            <input
              type="file"
              id="file"
              name="file"
              multiple
              accept={ACCEPT}
              aria-describedby="upload-rules file-hint file-error"
              {...(error ? { 'aria-invalid': 'true' as const } : {})}
            />
          </div>
          <div class="upload-progress" id="upload-progress" hidden>
            <progress id="upload-bar" max={100} value={0} aria-labelledby="upload-status"></progress>
            <span id="upload-status" role="status" aria-live="polite"></span>
          </div>
        </div>
        <Button>Загрузить</Button>
      </PostForm>
    </section>
  );
}

/** The files of the version, with their size, type and what became of their text. */
export function FileList({ id, files, editable }: { id: number; files: AttachmentView[]; editable: boolean }) {
  return (
    <section aria-labelledby="files-title" id="files">
      <h2 id="files-title">Файлы</h2>
      {files.length === 0 ? (
        <p id="files-empty">Файлов пока нет.</p>
      ) : (
        <ul class="material-list" id="file-list">
          {files.map((f) => (
            <li>
              <a href={f.url} class="material-name">
                {f.name}
              </a>
              <span class="meta">
                {formatSize(f.size)} · добавлен {formatDate(f.createdAt)}
                {TEXT_STATUS[f.textStatus] ? ` · ${TEXT_STATUS[f.textStatus]}` : ''}
              </span>
              {editable ? <DeleteLink id={id} attachment={f} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DeleteLink({ id, attachment }: { id: number; attachment: AttachmentView }) {
  return (
    <a class="material-delete" href={`${DELETE.at(id)}?attachment=${attachment.id}`}>
      Удалить<span class="visually-hidden"> «{attachment.name}»</span>
    </a>
  );
}

/** The video links, and a form to add one. */
export function VideoLinks(props: {
  id: number;
  csrf: string;
  links: AttachmentView[];
  editable: boolean;
  full: boolean;
  errors?: Record<string, string> | undefined;
  values?: Record<string, string | string[]> | undefined;
}) {
  const { id, csrf, links, editable, errors = {}, values = {} } = props;
  const value = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
  return (
    <section aria-labelledby="videos-title" id="videos">
      <h2 id="videos-title">Видео</h2>
      {links.length === 0 ? (
        <p>Ссылок на видео пока нет.</p>
      ) : (
        <ul class="material-list" id="video-list">
          {links.map((l) => (
            <li>
              <a href={l.url} class="material-name" rel="noopener noreferrer">
                {l.name}
              </a>
              <span class="meta">
                {PROVIDERS[l.provider ?? ''] ?? l.provider} · {l.url}
              </span>
              {editable ? <DeleteLink id={id} attachment={l} /> : null}
            </li>
          ))}
        </ul>
      )}
      {editable && !props.full ? (
        <PostForm action={ADD_LINK.at(id)} csrf={csrf} id="link-form" novalidate>
          <h3>Добавить видео</h3>
          <ErrorSummary errors={errors} labels={LINK_LABELS} />
          <Field
            id="url"
            name="url"
            type="url"
            label={LINK_LABELS.url}
            hint="Ссылка на страницу видео на RuTube, VK Видео или YouTube, начинается с https://, например https://rutube.ru/video/…"
            error={errors.url}
            value={value('url')}
          />
          <Field
            id="title"
            name="title"
            label={LINK_LABELS.title}
            hint="Как его увидят читатели, например «Занятие „Весна“ в старшей группе»"
            error={errors.title}
            value={value('title')}
          />
          <Button>Добавить видео</Button>
        </PostForm>
      ) : null}
    </section>
  );
}
