/**
 * What the bank gives other programs and reports, beside pages: the Atom feed of any search, the sitemap and
 * robots.txt for search engines, a practice's reference as BibTeX and RIS, and «Список для отчёта» — the ГОСТ
 * citations of a whole selection, numbered, as a page to copy from and as a text file.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PUBLIC_READ } from '../../access/routes.js';
import { contentDisposition } from '../../attachments/names.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { recordsOf } from '../../exports/records.js';
import type { Selection } from '../../exports/selection.js';
import { atomFeed } from '../../feeds/atom.js';
import { bibtexEntry, risRecord } from '../../feeds/citations.js';
import { sitemapIndex, sitemapPart, sitemapPartCount } from '../../feeds/sitemap.js';
import { searchQuery } from '../../search-api/schemas.js';
import type { Services } from '../../services.js';
import { ADMIN } from './admin/paths.js';
import { WORKSPACE } from './workspace/paths.js';
import { asset } from '../assets.js';
import { count, formatNumber, PRACTICES } from '../format.js';
import { SITE_NAME } from '../layout.js';
import { sendPage } from '../render.js';
import { feedHref, searchHref, selectionParams, viewOf } from './search-url.js';

/** Newest practices per feed, as the issue asks: enough for a reader polling daily. */
export const FEED_SIZE = 50;
/** Citations a list for a report holds: a report cites tens, a page of thousands helps nobody. */
export const REPORT_LIST_MAX = 1000;

const wholeSearch = searchQuery.omit({ page: true, perPage: true });
const reportQuery = wholeSearch.extend({
  organization: z.coerce.number({ error: 'Номер организации — целое число' }).int().positive().optional(),
  collection: z
    .string()
    .regex(/^[a-z0-9-]{1,90}$/, 'Адрес подборки — латинские буквы, цифры и дефисы')
    .optional(),
});
const numberParam = z.object({ number: z.string().max(40) });

export const outputPages: FastifyPluginAsyncZod<{ db: Db; services: Services; config: Config }> = async (
  app,
  { db, services, config },
) => {
  const { search, registry, outputs } = services;
  const base = config.baseUrl;

  app.get(
    '/feed.atom',
    { config: PUBLIC_READ, schema: { hide: true, querystring: wholeSearch } },
    async (request, reply) => {
      const result = await search.search({ ...request.query, sort: 'newest', page: 1, perPage: FEED_SIZE });
      const view = viewOf({ ...request.query, page: 1, perPage: FEED_SIZE }, false);
      const what = outputs.selections.describe({ kind: 'search', query: request.query });
      const xml = atomFeed({
        selfUrl: base + feedHref(view),
        pageUrl: base + searchHref({ ...view, sort: 'newest' }),
        title: `Новые практики: ${what} — ${SITE_NAME}`,
        subtitle: `${FEED_SIZE} последних опубликованных практик, подходящих под выбранный поиск`,
        publisher: 'ГАУ ДПО «Смоленский областной институт развития образования»',
        entries: outputs.loadRecords(result.hits.map((h) => h.id)),
        emptyUpdated: new Date(0),
      });
      return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
    },
  );

  app.get('/sitemap.xml', { config: PUBLIC_READ, schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/xml; charset=utf-8').send(sitemapIndex(base, sitemapPartCount(db))),
  );

  app.get(
    '/sitemap-:part(^\\d+).xml',
    { config: PUBLIC_READ, schema: { hide: true, params: z.object({ part: z.coerce.number().int().min(1) }) } },
    async (request, reply) => {
      if (request.params.part > sitemapPartCount(db)) throw new AppError('NOT_FOUND');
      return reply
        .type('application/xml; charset=utf-8')
        .send(Readable.from(sitemapPart(db, base, request.params.part)));
    },
  );

  app.get('/robots.txt', { config: PUBLIC_READ, schema: { hide: true } }, async (_request, reply) => {
    // The workspace, the admin area and the API's writing paths are nobody's search result; exports and lists
    // for reports cost the server a whole result each, and a crawler would fetch one per filter combination.
    const closed = [
      WORKSPACE.my,
      WORKSPACE.moderation,
      WORKSPACE.account,
      WORKSPACE.notifications,
      WORKSPACE.login,
      WORKSPACE.register,
      WORKSPACE.passwordReset,
      ADMIN.home,
      '/api/v1/auth/',
      '/api/v1/practices',
      '/api/v1/moderation/',
      '/api/v1/notifications',
      '/api/v1/tokens',
      '/api/v1/search/export',
      '/api/v1/organizations/*/practices/export',
      '/report-list',
    ];
    const text = ['User-agent: *', ...closed.map((path) => `Disallow: ${path}`), '', `Sitemap: ${base}/sitemap.xml`];
    return reply.type('text/plain; charset=utf-8').send(text.join('\n') + '\n');
  });

  /** The current published practice under a number as a record; a withdrawn one has no reference to give. */
  function recordOf(number: string) {
    const entry = registry.get(number, { countView: false });
    const record = entry.practice ? outputs.loadRecords([entry.practice.id])[0] : undefined;
    if (!record) throw new AppError('REGISTRY_NUMBER_NOT_FOUND');
    return record;
  }

  for (const [suffix, type, write] of [
    ['bib', 'application/x-bibtex; charset=utf-8', bibtexEntry],
    ['ris', 'application/x-research-info-systems; charset=utf-8', risRecord],
  ] as const) {
    app.get(
      `/practices/:number/cite.${suffix}`,
      { config: PUBLIC_READ, schema: { hide: true, params: numberParam } },
      async (request, reply) => {
        const record = recordOf(request.params.number);
        return reply
          .type(type)
          .header('content-disposition', contentDisposition(`${record.registryNumber}.${suffix}`, false))
          .send(write(record, new Date()));
      },
    );
  }

  /** The selection a list for a report is asked for, its description and where to go back. */
  function reportSelection(query: z.output<typeof reportQuery>) {
    const { organization, collection, ...rest } = query;
    const view = viewOf({ ...rest, page: 1, perPage: 20 }, false);
    if (collection !== undefined) {
      const selection: Selection = { kind: 'collection', slug: collection };
      return {
        selection,
        what: outputs.selections.describe(selection),
        back: `/collections/${collection}`,
        txtHref: `/report-list.txt?collection=${collection}`,
      };
    }
    const selection: Selection =
      organization !== undefined ? { kind: 'organization', id: organization } : { kind: 'search', query: rest };
    const params = organization !== undefined ? `organization=${organization}` : selectionParams(view);
    return {
      selection,
      what: outputs.selections.describe(selection),
      back: organization !== undefined ? `/organizations/${organization}` : searchHref(view),
      txtHref: `/report-list.txt${params ? `?${params}` : ''}`,
    };
  }

  /** The citations of the selection, at most `REPORT_LIST_MAX`, and whether there were more. */
  async function citations(selection: Selection): Promise<{ items: string[]; more: boolean }> {
    const items: string[] = [];
    const ids = await outputs.selections.ids(selection);
    for await (const chunk of recordsOf(ids, outputs.loadRecords, REPORT_LIST_MAX + 1))
      items.push(...chunk.map((r) => r.citation));
    return { items: items.slice(0, REPORT_LIST_MAX), more: items.length > REPORT_LIST_MAX };
  }

  app.get(
    '/report-list',
    { config: PUBLIC_READ, schema: { hide: true, querystring: reportQuery } },
    async (request, reply) => {
      const { selection, what, back, txtHref } = reportSelection(request.query);
      const { items, more } = await citations(selection);
      return sendPage(
        request,
        reply,
        {
          title: 'Список для отчёта',
          head: <link rel="stylesheet" href={asset('pages.css')} />,
          scripts: ['clipboard.js', 'report-list.js'],
        },
        <article class="report-list">
          <h1>Список для отчёта</h1>
          <p class="meta">
            {what}: {count(items.length, PRACTICES)}
            {more ? ` — показаны первые ${formatNumber(REPORT_LIST_MAX)}, уточните поиск` : ''}.
          </p>
          <p>
            Библиографические ссылки по ГОСТ Р 7.0.100-2018, пронумерованные: выделите список и скопируйте его в отчёт
            или скачайте текстовым файлом.
          </p>
          <p class="copy-row">
            <a class="button secondary" href={txtHref}>
              Скачать .txt
            </a>{' '}
            <button type="button" class="button copy-list" data-copy="report-items" hidden>
              Скопировать
            </button>
            <span class="copy-status" role="status" aria-live="polite"></span>
          </p>
          {items.length === 0 ? (
            <p>Под выбранный поиск не подходит ни одна практика.</p>
          ) : (
            <ol class="citations" id="report-items">
              {items.map((text) => (
                <li>{text}</li>
              ))}
            </ol>
          )}
          <p>
            <a href={back}>Вернуться к практикам</a>
          </p>
        </article>,
      );
    },
  );

  app.get(
    '/report-list.txt',
    { config: PUBLIC_READ, schema: { hide: true, querystring: reportQuery } },
    async (request, reply) => {
      const { selection, what } = reportSelection(request.query);
      const { items } = await citations(selection);
      const text = items.map((c, i) => `${i + 1}. ${c}`).join('\r\n');
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', contentDisposition(`Список для отчёта — ${what}.txt`, false))
        .send(`\uFEFF${text}\r\n`);
    },
  );
};
