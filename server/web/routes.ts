/**
 * Pages for people: the home page with search, and the permalink of a practice — the address every citation
 * gives. The API stays the contract for programs; these pages only present what it serves.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AttachmentService } from '../attachments/service.js';
import type { RegistryService } from '../registry/service.js';
import type { SearchService } from '../search/service.js';
import { searchQuery } from '../search/schemas.js';
import type { VocabularyCatalogue } from '../vocabularies/service.js';
import type { Db } from '../db/client.js';
import { createOrganizationProfiles } from '../organizations/profiles.js';
import { assetRoutes } from './assets.js';
import { html, layout, safe } from './html.js';
import { municipalityPages } from './pages/municipality.js';
import { organizationPages } from './pages/organizations.js';
import { practicePages } from './pages/practice.js';

export interface WebRoutesOptions {
  db: Db;
  attachments: Pick<AttachmentService, 'ofPublicVersion'>;
  registry: RegistryService;
  search: SearchService;
  vocabularies: VocabularyCatalogue;
}

export const webRoutes: FastifyPluginAsyncZod<WebRoutesOptions> = async (app, options) => {
  const { search } = options;
  await app.register(assetRoutes);
  await app.register(practicePages, options);
  const profiles = createOrganizationProfiles(options);
  await app.register(organizationPages, { profiles, vocabularies: options.vocabularies });
  await app.register(municipalityPages, { profiles });

  const sendPage = (reply: { type(t: string): unknown; send(b: string): unknown }, page: string) => {
    reply.type('text/html; charset=utf-8');
    return reply.send(page);
  };

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
