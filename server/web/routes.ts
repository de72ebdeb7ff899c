/**
 * Pages for people: the home page with search, and the permalink of a practice — the address every citation
 * gives. The API stays the contract for programs; these pages only present what it serves.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { marked } from 'marked';
import { z } from 'zod';
import type { AttachmentService } from '../attachments/service.js';
import type { RegistryService } from '../registry/service.js';
import type { SearchService } from '../search-api/service.js';
import { searchQuery } from '../search-api/schemas.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import { SECTIONS, SECTION_TITLES } from '../model/practice.js';
import { PRACTICE_VOCABULARIES, type PracticeVocabulary } from '../model/vocabularies.js';
import { html, layout, safe } from './html.js';

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

export interface WebRoutesOptions {
  attachments: Pick<AttachmentService, 'ofPublicVersion'>;
  registry: RegistryService;
  search: SearchService;
  vocabularies: VocabularyCatalogue;
}

export const webRoutes: FastifyPluginAsyncZod<WebRoutesOptions> = async (
  app,
  { attachments, registry, search, vocabularies },
) => {
  const labels = (vocabulary: PracticeVocabulary, codes: string[]) =>
    codes.map((c) => html`<span>${vocabularies.label(vocabulary, c) ?? c}</span>`);

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
        <p class="notice">Практика снята с публикации ${entry.withdrawal?.at.slice(0, 10) ?? ''}. Причина: ${entry.withdrawal?.reason ?? '—'}</p>${versions}`,
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
      <p class="meta">№ ${entry.versionLabel} · опубликовано ${p.publishedAt?.slice(0, 10) ?? ''} · ${p.organization?.name ?? ''}, ${vocabularies.label('municipalities', p.organization?.municipality ?? '') ?? ''}</p>
      <p class="meta">Авторы: ${p.authors.map((a) => `${a.fullName} (${a.position})`).join('; ')}</p>
      <p class="tags">${PRACTICE_VOCABULARIES.map((v) => labels(v, p[v]))}</p>
      ${p.keywords.length || p.startedYear ? html`<p class="meta">${p.startedYear ? `Реализуется с ${p.startedYear} года. ` : ''}${p.keywords.length ? `Ключевые слова: ${p.keywords.join(', ')}` : ''}</p>` : ''}
      <h2>Аннотация</h2>${markdown(p.summary)}
      ${sections}
      ${filesBlock}
      <h2>Как сослаться</h2><p class="citation">${entry.citation}</p>${versions}
      <p class="meta"><a href="/api/v1/registry/${entry.registryNumber}${entry.current ? '' : `/v/${entry.versionNo}`}">Данные в JSON</a></p>`,
    );
  }

  const sendPage = (reply: { type(t: string): unknown; send(b: string): unknown }, page: string) => {
    reply.type('text/html; charset=utf-8');
    return reply.send(page);
  };

  app.get(
    '/practices/:number',
    { schema: { hide: true, params: z.object({ number: z.string().max(40) }) } },
    async (request, reply) =>
      sendPage(reply, practicePage(registry.get(request.params.number, { countView: request.method === 'GET' }))),
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
      sendPage(reply, practicePage(registry.getVersion(request.params.number, request.params.n))),
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
      sendPage(reply, practicePage(registry.getVersion(request.params.number, request.params.n))),
  );

  app.get('/', { schema: { hide: true, querystring: searchQuery } }, async (request, reply) => {
    const result = await search.search(request.query);
    const q = request.query.q ?? '';
    const hits = result.hits.map(
      (h) =>
        html`<li><a href="${h.permalink ?? '#'}">${safe(h.titleHtml)}</a><div class="meta">№ ${h.registryNumber} · ${h.organization?.name ?? ''}</div><div>${safe(h.snippetHtml)}</div></li>`,
    );
    const pages = Math.ceil(result.total / result.perPage);
    const next =
      result.page < pages
        ? html`<a href="/?${new URLSearchParams({ q, page: String(result.page + 1) }).toString()}">Дальше →</a>`
        : '';
    return sendPage(
      reply,
      layout(
        q ? `Поиск: ${q}` : 'Практики',
        html`
      <h1>${q ? html`Поиск: «${q}»` : 'Новые практики'}</h1>
      ${result.notice ? html`<p class="notice">${result.notice}</p>` : ''}
      <p class="meta">Найдено: ${result.total}. <a href="/docs">API</a></p>
      ${result.suggestion ? html`<p>${result.suggestion}</p>` : ''}
      <ol class="hits" start="${(result.page - 1) * result.perPage + 1}">${hits}</ol>${next}`,
      ),
    );
  });
};
