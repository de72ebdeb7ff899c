/**
 * Collections for everyone: `/collections` (published ones, newest first, by event and year) and one page per
 * collection — its cover, its event, its practices in the keepers' order as search-result cards with their notes,
 * an export, a list for a report and an Atom feed. A collection's keepers see its draft and withdrawn practices
 * marked; everyone else gets 404 for a draft and never sees a withdrawn practice.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PUBLIC_READ } from '../../access/routes.js';
import type { ItemRow } from '../../collections/repository.js';
import { listQuery, slugParam } from '../../collections/schemas.js';
import type { ListedCollection } from '../../collections/service.js';
import { collectionPath } from '../../collections/views.js';
import type { Config } from '../../config.js';
import type { PracticeRecord } from '../../exports/records.js';
import { atomFeed } from '../../feeds/atom.js';
import type { Services } from '../../services.js';
import { Notice, Tags } from '../components/content.js';
import { count, formatDate, isoDate, PRACTICES } from '../format.js';
import { SITE_NAME } from '../layout.js';
import { sendPage } from '../render.js';
import { WORKSPACE } from './workspace/paths.js';
import { queryString } from './listing.js';

const COLLECTIONS = { one: 'подборка', few: 'подборки', many: 'подборок' };

/** A collection's event in one line: «Форум руководителей МО, 14 марта 2026 г., Смоленск». */
export function eventLine(c: { eventName: string | null; eventDate: string | null; eventPlace: string | null }) {
  if (!c.eventName) return null;
  return [c.eventName, c.eventDate ? formatDate(c.eventDate) : null, c.eventPlace].filter(Boolean).join(', ');
}

/** Paragraphs of plain text, as a keeper typed them. */
const Paragraphs = ({ text }: { text: string }) => (
  <>
    {text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => (
        <p>{p}</p>
      ))}
  </>
);

function CollectionCard({ c }: { c: ListedCollection }) {
  const event = eventLine(c);
  return (
    <li>
      <h2>
        <a href={collectionPath(c.slug)}>{c.title}</a>
      </h2>
      <p class="meta">
        {count(c.practiceCount, PRACTICES)}
        {event ? ` · ${event}` : ''}
        {c.publishedAt ? (
          <>
            {' · опубликована '}
            <time datetime={isoDate(c.publishedAt)}>{formatDate(c.publishedAt)}</time>
          </>
        ) : null}
      </p>
      {c.lead ? <p>{c.lead}</p> : null}
    </li>
  );
}

/** A practice of the collection as a search result, with the keepers' note under it. */
function PracticeCard({ r, note }: { r: PracticeRecord; note: string }) {
  const org = [r.organization, r.municipality].filter(Boolean).join(' · ');
  return (
    <li>
      <h2>
        <a href={`/practices/${r.registryNumber}`}>{r.title}</a>
      </h2>
      <p class="meta">
        № {r.registryNumber}
        {org ? ` · ${org}` : ''}
        {' · '}
        <time datetime={isoDate(r.publishedAt)}>{formatDate(r.publishedAt)}</time>
      </p>
      {note ? (
        <p class="collection-note">
          <strong>Примечание составителя:</strong> {note}
        </p>
      ) : null}
      <p>{r.summary.length > 300 ? `${r.summary.slice(0, 300).trimEnd()}…` : r.summary}</p>
      <Tags label="Уровень образования" items={r.terms.levels} />
    </li>
  );
}

/** A practice that left the public page (withdrawn): only its keepers see it, marked. */
function HiddenCard({ item }: { item: ItemRow }) {
  return (
    <li class="collection-hidden">
      <h2>{item.title}</h2>
      <p class="meta">
        {item.registryNumber ? `№ ${item.registryNumber} · ` : ''}
        <strong>снята с публикации</strong> — посетители её в подборке не видят
      </p>
    </li>
  );
}

export const collectionPages: FastifyPluginAsyncZod<{ services: Services; config: Config }> = async (
  app,
  { services, config },
) => {
  const { collections, outputs } = services;
  const feedPath = (slug: string) => `${collectionPath(slug)}/feed.atom`;

  app.get(
    '/collections',
    { config: PUBLIC_READ, schema: { hide: true, querystring: listQuery } },
    async (request, reply) => {
      const { event, year } = request.query;
      const items = collections.list({ event: event || undefined, year });
      const facets = collections.facets();
      const keeps = collections.keepsCollections(request.principal);
      return sendPage(
        request,
        reply,
        { title: 'Подборки практик' },
        <div class="collections">
          <h1>Подборки практик</h1>
          <p>
            Подборки составляют кураторы методических объединений и специалисты СОИРО: лучшие практики по теме,
            материалы форумов и конференций.
          </p>
          {keeps ? (
            <p>
              <a href={WORKSPACE.curation}>Мои подборки: создать и изменить</a>
            </p>
          ) : null}
          <form method="get" action="/collections" class="collection-filters">
            <div class="field">
              <label for="event">Мероприятие</label>
              <select id="event" name="event">
                <option value="">Все подборки</option>
                {facets.events.map((e) => (
                  <option value={e} selected={e === event}>
                    {e}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="year">Год</label>
              <select id="year" name="year">
                <option value="">Все годы</option>
                {facets.years.map((y) => (
                  <option value={y} selected={y === year}>
                    {y}
                  </option>
                ))}
              </select>
            </div>
            <button class="button secondary" type="submit">
              Показать
            </button>
          </form>
          <p role="status">Найдено: {count(items.length, COLLECTIONS)}</p>
          {items.length === 0 ? (
            <p>Подборок с такими условиями пока нет.</p>
          ) : (
            <ol class="hits">
              {items.map((c) => (
                <CollectionCard c={c} />
              ))}
            </ol>
          )}
        </div>,
      );
    },
  );

  app.get(
    '/collections/:slug',
    { config: PUBLIC_READ, schema: { hide: true, params: slugParam } },
    async (request, reply) => {
      const { collection: c, items, keeps } = collections.get(request.principal, { slug: request.params.slug });
      const records = new Map(
        outputs.loadRecords(items.filter((i) => i.isPublic).map((i) => i.practiceId)).map((r) => [r.id, r]),
      );
      const shown = items.filter((i) => records.has(i.practiceId));
      const event = eventLine(c);
      const slug = c.slug;
      return sendPage(
        request,
        reply,
        {
          title: c.title,
          description: c.lead || undefined,
          head: c.publishedAt ? (
            <link rel="alternate" type="application/atom+xml" title={`Подборка «${c.title}»`} href={feedPath(slug)} />
          ) : undefined,
        },
        <article class="collection">
          {c.publishedAt === null ? (
            <Notice kind="warning">
              <p>Это черновик: подборку видят только кураторы и модераторы, пока её не опубликуют.</p>
            </Notice>
          ) : null}
          <p class="meta">
            <a href="/collections">Все подборки</a>
          </p>
          <h1>{c.title}</h1>
          {c.lead ? <p class="lead">{c.lead}</p> : null}
          {event ? (
            <p class="collection-event">
              <strong>Мероприятие:</strong> {event}
            </p>
          ) : null}
          <Paragraphs text={c.description} />
          {keeps ? (
            <p>
              <a href={WORKSPACE.curatedCollection(c.id)}>Изменить подборку</a>
            </p>
          ) : null}
          <p class="meta">В подборке {count(shown.length, PRACTICES)}.</p>
          {c.publishedAt && shown.length > 0 ? (
            <p class="downloads">
              {'Скачать подборку: '}
              <a href={`/api/v1/collections/${slug}/export?format=xlsx`}>Excel</a>
              {' · '}
              <a href={`/api/v1/collections/${slug}/export?format=csv`}>CSV</a>
              {' · '}
              <a href={`/report-list${queryString({ collection: slug })}`}>Список для отчёта</a>
              {' · '}
              <a href={feedPath(slug)}>Лента Atom</a>
            </p>
          ) : null}
          <ol class="hits">
            {items.map((item) => {
              const r = records.get(item.practiceId);
              return r ? <PracticeCard r={r} note={item.note} /> : <HiddenCard item={item} />;
            })}
          </ol>
        </article>,
      );
    },
  );

  app.get(
    '/collections/:slug/feed.atom',
    { config: PUBLIC_READ, schema: { hide: true, params: z.object({ slug: slugParam.shape.slug }) } },
    async (request, reply) => {
      const { collection: c, ids } = collections.publicIds(request.params.slug);
      const base = config.baseUrl;
      const xml = atomFeed({
        selfUrl: base + feedPath(c.slug),
        pageUrl: base + collectionPath(c.slug),
        title: `Подборка «${c.title}» — ${SITE_NAME}`,
        subtitle: c.lead || `Практики подборки «${c.title}» в порядке, выбранном составителями`,
        publisher: 'ГАУ ДПО «Смоленский областной институт развития образования»',
        entries: outputs.loadRecords(ids),
        emptyUpdated: new Date(c.publishedAt ?? c.updatedAt),
      });
      return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
    },
  );
};

/** «Входит в подборки»: the published collections a practice is in, on its public page. */
export function InCollections({ items }: { items: { slug: string; title: string; eventName: string | null }[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="in-collections">
      <h2 id="in-collections">Входит в подборки</h2>
      <ul class="similar">
        {items.map((c) => (
          <li>
            <a href={collectionPath(c.slug)}>{c.title}</a>
            {c.eventName ? <span class="meta"> · {c.eventName}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
