/**
 * The pieces of a practice page, each a function of typed props: term lists, materials, video players that
 * load on request, the citation with its copy button, the QR code, versions and similar practices.
 */
import type { AttachmentView } from '../../attachments/service.js';
import type { ListedPractice } from '../../registry/repository.js';
import { Tags } from '../components/content.js';
import { formatDate } from '../format.js';
import { videoEmbed, videoTitle } from '../video.js';

/** A labelled list of tags: one list item each, so a screen reader pauses between «Дошкольное» and «Речевое». */
export function TermList({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div class="term-group">
      <dt>{title}</dt>
      <dd>
        <Tags items={items} />
      </dd>
    </div>
  );
}

const KB = 1024;
// A non-breaking space: «24 КБ» never splits over two lines.
const sizeOf = (bytes: number) =>
  bytes >= KB * KB
    ? `${(bytes / KB / KB).toFixed(1).replace('.', ',')}\u00a0МБ`
    : `${Math.max(1, Math.round(bytes / KB))}\u00a0КБ`;
const extensionOf = (name: string) => /\.([a-z0-9]{2,5})$/i.exec(name)?.[1]?.toUpperCase() ?? '';

/** A file: one link holding the preview (decorative, alt="") and the file's name, so the link is named by it. */
function FileItem({ file }: { file: AttachmentView }) {
  const kind = [extensionOf(file.name), sizeOf(file.size)].filter(Boolean).join(', ');
  return (
    <li class="material">
      <a href={file.url} download={file.name}>
        {file.previewUrl ? <img src={file.previewUrl} alt="" loading="lazy" width={240} height={170} /> : null}
        <span class="material-name">{file.name}</span>
      </a>
      <span class="meta"> ({kind})</span>
    </li>
  );
}

/**
 * A video: without JavaScript a plain link out; with it, the hidden button shows and swaps in the player
 * (practice.js). No request reaches the video service before the click.
 */
function VideoItem({ link }: { link: AttachmentView }) {
  const embed = videoEmbed(link.provider, link.url);
  const title = videoTitle(link.name, link.provider, link.url);
  const service = embed?.service ?? 'внешнем сайте';
  return (
    <li class="material video" data-embed={embed?.embedUrl} data-title={title}>
      <a href={link.url} rel="noopener nofollow" target="_blank">
        {title}
        <span class="meta">
          {title.endsWith(service) ? ' (откроется в новой вкладке)' : ` — ${service}, откроется в новой вкладке`}
        </span>
      </a>
      {embed ? (
        <button type="button" class="button secondary video-play" hidden>
          Смотреть здесь<span class="visually-hidden">: {title}</span>
        </button>
      ) : null}
    </li>
  );
}

export function Materials({ items }: { items: AttachmentView[] }) {
  if (items.length === 0) return null;
  const files = items.filter((a) => a.kind === 'file');
  const videos = items.filter((a) => a.kind === 'link');
  return (
    <section aria-labelledby="materials">
      <h2 id="materials">Материалы</h2>
      {files.length ? (
        <ul class="materials">
          {files.map((f) => (
            <FileItem file={f} />
          ))}
        </ul>
      ) : null}
      {videos.length ? (
        <ul class="materials videos">
          {videos.map((v) => (
            <VideoItem link={v} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The ready citation: selectable text always, a copy button once practice.js runs. */
export function Citation({ text, number }: { text: string; number: string }) {
  return (
    <section aria-labelledby="cite">
      <h2 id="cite">Как сослаться</h2>
      <p class="citation" id="citation-text">
        {text}
      </p>
      <p class="copy-row">
        <button type="button" class="button copy-citation" data-copy="citation-text" hidden>
          Скопировать библиографическую ссылку
        </button>
        <span class="copy-status" role="status" aria-live="polite"></span>
      </p>
      <p class="meta">
        Для менеджеров ссылок: <a href={`/practices/${number}/cite.bib`}>BibTeX</a> ·{' '}
        <a href={`/practices/${number}/cite.ris`}>RIS</a>
      </p>
    </section>
  );
}

/** The QR code of the permalink, drawn by the bank (see qr.ts). */
export function QrCode({ number, permalink }: { number: string; permalink: string }) {
  return (
    <figure class="qr">
      <img
        src={`/practices/${number}/qr.svg`}
        alt={`QR-код постоянной ссылки на практику № ${number}`}
        width={148}
        height={148}
      />
      <figcaption>
        Постоянная ссылка: <a href={permalink}>{permalink}</a>
      </figcaption>
    </figure>
  );
}

export interface VersionLink {
  versionNo: number;
  publishedAt: string | null;
  permalink: string;
}

/** Every published version; the one in force and the one on screen are both marked. */
export function Versions({ versions, shown, inForce }: { versions: VersionLink[]; shown: number; inForce: number }) {
  if (versions.length < 2) return null;
  return (
    <section aria-labelledby="versions">
      <h2 id="versions">Версии</h2>
      <ol class="versions">
        {versions.map((v) => (
          <li>
            <a href={v.permalink} aria-current={v.versionNo === shown ? 'page' : undefined}>
              Версия {v.versionNo}
            </a>
            {v.publishedAt ? ` от ${formatDate(v.publishedAt)}` : ''}
            {v.versionNo === inForce ? <strong> — действующая</strong> : null}
            {v.versionNo === shown && v.versionNo !== inForce ? ' — открыта сейчас' : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function Similar({ items }: { items: ListedPractice[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="similar">
      <h2 id="similar">Похожие практики</h2>
      <ul class="similar">
        {items.map((p) => (
          <li>
            <a href={`/practices/${p.registryNumber}`}>{p.title}</a>
            <span class="meta">
              {' '}
              <span class="nowrap">№ {p.registryNumber}</span>
              {p.authors.length ? ` · ${p.authors.join(', ')}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
