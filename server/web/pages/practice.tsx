/**
 * The permalink of a practice — the address every citation gives — and its versions. Kept as it was before the
 * web foundation, only moved onto the shared layout; the practice page of issue 9 replaces it.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { marked } from 'marked';
import { z } from 'zod';
import type { AttachmentService } from '../../attachments/service.js';
import type { RegistryService } from '../../registry/service.js';
import { SECTIONS, SECTION_TITLES } from '../../model/practice.js';
import { PRACTICE_VOCABULARIES, type PracticeVocabulary } from '../../model/vocabularies.js';
import type { VocabularyCatalogue } from '../../vocabularies/service.js';
import { formatDate } from '../format.js';
import { html, safe, type SafeHtml } from '../html.js';
import { Raw, sendPage } from '../render.js';

/**
 * Markdown of a practice as HTML. Raw HTML and unsafe links were refused when the text was written; links out
 * are marked as the authors' own (no referrer, no endorsement).
 */
const markdown = (text: string) =>
  safe(
    marked
      .parse(text, { async: false, gfm: true })
      .replace(/<a href="(https?:)/g, '<a rel="nofollow ugc noopener noreferrer" href="$1'),
  );

export interface PracticePageOptions {
  attachments: Pick<AttachmentService, 'ofPublicVersion'>;
  registry: RegistryService;
  vocabularies: VocabularyCatalogue;
}

export const practicePages: FastifyPluginAsyncZod<PracticePageOptions> = async (
  app,
  { attachments, registry, vocabularies },
) => {
  const layout = (title: string, content: SafeHtml) => ({ title, content });
  const labels = (vocabulary: PracticeVocabulary, codes: string[]) =>
    codes.map((c) => html`<li>${vocabularies.label(vocabulary, c) ?? c}</li>`);

  function practicePage(entry: ReturnType<RegistryService['get']>) {
    const p = entry.practice;
    const versions =
      entry.versions.length > 1
        ? html`<p class="meta">Версии: ${entry.versions.map((v) => html`<a href="${v.permalink}">v${v.versionNo}</a> `)}</p>`
        : '';
    if (entry.status === 'withdrawn' || !p) {
      return layout(
        entry.title,
        html`<h1>${entry.title}</h1><p class="meta">№ ${entry.versionLabel}</p>
        <p class="notice">Практика снята с публикации ${formatDate(entry.withdrawal?.at)}. Причина: ${entry.withdrawal?.reason ?? '—'}</p>${versions}`,
      );
    }
    const sections = SECTIONS.map((key) => html`<h2>${SECTION_TITLES[key]}</h2>${markdown(p[key])}`);
    const files = attachments.ofPublicVersion(p.id, entry.versionNo);
    const filesBlock = files.length
      ? html`<h2>Материалы</h2><ul class="files">${files.map(
          (f) =>
            html`<li>${f.previewUrl ? html`<a href="${f.url}"><img src="${f.previewUrl}" alt="" loading="lazy"></a>` : ''}<a href="${f.url}"${f.kind === 'link' ? safe(' rel="noopener nofollow" target="_blank"') : ''}>${f.name}</a> <span class="meta">${f.kind === 'link' ? f.provider : `${Math.max(1, Math.round(f.size / 1024))} КБ`}</span></li>`,
        )}</ul>`
      : '';
    return layout(
      p.title,
      html`
      ${entry.current ? '' : html`<p class="notice">Это версия ${entry.versionNo}. <a href="${entry.permalink}">Действующая версия</a></p>`}
      <h1>${p.title}</h1>
      <p class="meta">№ ${entry.versionLabel} · опубликовано ${formatDate(p.publishedAt)} · ${p.organization?.name ?? ''}, ${vocabularies.label('municipalities', p.organization?.municipality ?? '') ?? ''}</p>
      <p class="meta">Авторы: ${p.authors.map((a) => `${a.fullName} (${a.position})`).join('; ')}</p>
      <ul class="tags" aria-label="Рубрики">${PRACTICE_VOCABULARIES.map((v) => labels(v, p[v]))}</ul>
      ${p.keywords.length || p.startedYear ? html`<p class="meta">${p.startedYear ? `Реализуется с ${p.startedYear} года. ` : ''}${p.keywords.length ? `Ключевые слова: ${p.keywords.join(', ')}` : ''}</p>` : ''}
      <h2>Аннотация</h2>${markdown(p.summary)}
      ${sections}
      ${filesBlock}
      <h2>Как сослаться</h2><p class="citation">${entry.citation}</p>${versions}
      <p class="meta"><a href="/api/v1/registry/${entry.registryNumber}${entry.current ? '' : `/v/${entry.versionNo}`}">Данные в JSON</a></p>`,
    );
  }

  const send = (
    request: Parameters<typeof sendPage>[0],
    reply: Parameters<typeof sendPage>[1],
    page: { title: string; content: SafeHtml },
  ) => sendPage(request, reply, { title: page.title }, <Raw html={page.content.html} />);

  app.get(
    '/practices/:number',
    { schema: { hide: true, params: z.object({ number: z.string().max(40) }) } },
    async (request, reply) =>
      send(request, reply, practicePage(registry.get(request.params.number, { countView: request.method === 'GET' }))),
  );

  // Both /practices/67-2026-0042/v2 (the permalink) and /practices/67-2026-0042/v/2 (as in the API) open a version.
  app.get(
    '/practices/:number/v/:n',
    {
      schema: {
        hide: true,
        params: z.object({ number: z.string().max(40), n: z.coerce.number().int().min(1).max(10_000) }),
      },
    },
    async (request, reply) =>
      send(request, reply, practicePage(registry.getVersion(request.params.number, request.params.n))),
  );

  app.get(
    '/practices/:number/v:n',
    {
      schema: {
        hide: true,
        params: z.object({ number: z.string().max(40), n: z.coerce.number().int().min(1).max(10_000) }),
      },
    },
    async (request, reply) =>
      send(request, reply, practicePage(registry.getVersion(request.params.number, request.params.n))),
  );
};
