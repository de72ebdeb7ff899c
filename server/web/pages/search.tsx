/**
 * The search page at `/`: the box, facets with counts, chosen filters as chips, sort, numbered pages. It is one
 * GET form and plain links, so it all works without JavaScript; `search.js` only applies a facet on change.
 */
import { VOCABULARY_MODEL } from '../../model/vocabularies.js';
import { PUBLIC_READ } from '../../access/routes.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SORTS } from '../../../search/port.js';
import { AppError } from '../../errors.js';
import type { RegistryService } from '../../registry/service.js';
import { searchQuery, type SearchResult } from '../../search-api/schemas.js';
import type { SearchService } from '../../search-api/service.js';
import type { VocabularyCatalogue } from '../../vocabularies/service.js';
import { Chips, Notice, Tags, type Chip } from '../components/content.js';
import { Pagination } from '../components/navigation.js';
import { searchFacets } from '../facets.js';
import { count, formatDate, formatNumber, isoDate, PAGES, PRACTICES } from '../format.js';
import { SearchBox } from '../layout.js';
import { Raw, sendPage } from '../render.js';
import { asset } from '../assets.js';
import { searchOf, SubscribeForm } from './subscriptions.js';
import { FacetPanel } from './search-facets.js';
import { EXPORT_MAX_ROWS } from '../../exports/service.js';
import {
  chosenCount,
  exportHref,
  feedHref,
  FILTERS,
  pageHref,
  registryNumberIn,
  reportListHref,
  viewOf,
  withoutFilter,
  withoutFilters,
  type SearchView,
} from './search-url.js';

const SORT_LABELS: Record<(typeof SORTS)[number], string> = {
  relevance: 'по релевантности',
  newest: 'сначала новые',
  views: 'самые просматриваемые',
  adoptions: 'по числу внедрений',
};

export interface SearchPageOptions {
  registry: Pick<RegistryService, 'get'>;
  search: Pick<SearchService, 'search'>;
  vocabularies: Pick<VocabularyCatalogue, 'label'>;
}

type Hit = SearchResult['hits'][number];

/** Whether an organisation's name already says its town («СШ № 2 г. Десногорска» and «город Десногорск»). */
function namesPlace(name: string, municipality: string): boolean {
  const word = municipality.replace(/^город\s+|\s+(район|муниципальный округ)$/gi, '').trim();
  return word.length >= 4 && name.toLowerCase().includes(word.slice(0, 5).toLowerCase());
}

export const searchPage: FastifyPluginAsyncZod<SearchPageOptions> = async (app, { registry, search, vocabularies }) => {
  /** Whether a registry number names a published practice (or a withdrawn one, whose page says so). */
  function exists(number: string): boolean {
    try {
      registry.get(number, { countView: false });
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'REGISTRY_NUMBER_NOT_FOUND') return false;
      throw error;
    }
  }

  function Result({ hit }: { hit: Hit }) {
    const href = hit.registryNumber ? `/practices/${hit.registryNumber}` : undefined;
    const org = hit.organization;
    const municipality = org ? vocabularies.label('municipalities', org.municipality) : undefined;
    return (
      <li>
        <h2>
          <a href={href}>
            <Raw as="span" html={hit.titleHtml} />
          </a>
        </h2>
        <p class="meta">
          {hit.registryNumber ? `№ ${hit.registryNumber}` : null}
          {org ? ` · ${org.shortName ?? org.name}` : null}
          {municipality && !namesPlace(org?.name ?? '', municipality) ? ` · ${municipality}` : null}
          {hit.publishedAt ? (
            <>
              {' · '}
              <time datetime={isoDate(hit.publishedAt)}>{formatDate(hit.publishedAt)}</time>
            </>
          ) : null}
        </p>
        <Raw as="p" html={hit.snippetHtml} />
        <Tags
          label={VOCABULARY_MODEL.levels.title}
          items={hit.levels.map((c) => vocabularies.label('levels', c) ?? c)}
        />
      </li>
    );
  }

  /** The whole result as a file, a list of citations and a feed: the same selection, every page of it. */
  function Downloads({ view, total }: { view: SearchView; total: number }) {
    return (
      <p class="downloads">
        {total > EXPORT_MAX_ROWS
          ? `Скачать первые ${formatNumber(EXPORT_MAX_ROWS)} из ${formatNumber(total)}: `
          : 'Скачать все найденные: '}
        <a href={exportHref(view, 'xlsx')}>Excel</a>
        {' · '}
        <a href={exportHref(view, 'csv')}>CSV</a>
        {' · '}
        <a href={reportListHref(view)}>Список для отчёта</a>
        {' · '}
        <a href={feedHref(view)}>Лента Atom</a>
      </p>
    );
  }

  function chipsOf(view: SearchView, result: SearchResult): Chip[] {
    const labels = new Map(searchFacets().map((f) => [f.param, f.label]));
    return FILTERS.flatMap((param) =>
      (view.filters[param] ?? []).map((value) => ({
        group: labels.get(param) ?? param,
        label: result.facets[param]?.find((v) => v.value === value)?.label ?? value,
        removeHref: withoutFilter(view, param, value),
      })),
    );
  }

  app.get('/', { config: PUBLIC_READ, schema: { hide: true, querystring: searchQuery } }, async (request, reply) => {
    const query = request.query;
    const typed = registryNumberIn(query.q ?? '');
    if (typed && exists(typed.number))
      return reply.redirect(`/practices/${typed.number}${typed.version ? `/v${typed.version}` : ''}`, 303);

    const view = viewOf(query, new URL(request.url, 'http://bank').searchParams.has('perPage'));
    const result = await search.search(query);
    const pages = Math.max(1, Math.ceil(result.total / result.perPage));
    const beyondEnd = result.total > 0 && result.page > pages;
    const chosen = chosenCount(view);
    const title = view.q ? `Поиск: «${view.q}»` : chosen > 0 ? 'Практики по фильтрам' : 'Новые практики';
    // A number that opened nothing: the search answers it from the registry, saying there is no such practice.
    const status = beyondEnd || typed ? 404 : 200;
    const first = (result.page - 1) * result.perPage + 1;

    return sendPage(
      request,
      reply,
      {
        title,
        query: false,
        scripts: ['search.js', 'suggest.js'],
        // The home page is this page too: a feed reader given the bank's address finds the feed of new practices.
        head: (
          <>
            <link
              rel="alternate"
              type="application/atom+xml"
              title={`Новые практики: ${title}`}
              href={feedHref(view)}
            />
            <link rel="stylesheet" href={asset('subscriptions.css')} />
          </>
        ),
      },
      <>
        <form class="search-page" action="/" method="get" id="search-form">
          {/* Results come first in the page and the sixty checkboxes after them, so a phone shows results at once,
            with or without JavaScript; on a wide screen site.css puts the filters in the left column. */}
          <div class="search-main">
            <h1 id="results" tabindex={-1}>
              {title}
            </h1>
            <SearchBox query={view.q} id="q" inForm />
            <a class="to-filters" href="#filters">
              Перейти к фильтрам
            </a>
            {view.perPage !== undefined ? <input type="hidden" name="perPage" value={view.perPage} /> : null}
            <Chips items={chipsOf(view, result)} clearHref={withoutFilters(view)} />
            {result.notice ? <Notice>{result.notice}</Notice> : null}
            {beyondEnd ? (
              <Notice kind="warning">
                <p>
                  Страницы {result.page} здесь нет: найдено {count(result.total, PRACTICES)}, это {count(pages, PAGES)}.
                </p>
                <p>
                  <a href={pageHref(view, pages)}>Перейти на последнюю страницу</a> ·{' '}
                  <a href={pageHref(view, 1)}>На первую</a>
                </p>
              </Notice>
            ) : result.total === 0 ? (
              <Notice kind="warning">
                <p>{result.suggestion ?? 'Ничего не найдено.'}</p>
              </Notice>
            ) : (
              <>
                <div class="results-bar">
                  <p role="status">
                    Найдено: {count(result.total, PRACTICES)}
                    {pages > 1 ? `, страница ${formatNumber(result.page)} из ${formatNumber(pages)}` : ''}
                  </p>
                  <div class="sort">
                    <label for="sort">Сортировка</label>
                    <select id="sort" name="sort">
                      {(Object.keys(SORT_LABELS) as (keyof typeof SORT_LABELS)[]).map((s) => (
                        <option value={s} selected={s === result.sort}>
                          {SORT_LABELS[s]}
                        </option>
                      ))}
                    </select>
                    <button class="button secondary no-js-only" type="submit">
                      Показать
                    </button>
                  </div>
                </div>
                <Downloads view={view} total={result.total} />
                <ol class="hits" start={first}>
                  {result.hits.map((hit) => (
                    <Result hit={hit} />
                  ))}
                </ol>
                <Pagination page={result.page} pages={pages} href={(p) => pageHref(view, p)} />
              </>
            )}
          </div>
          <div class="filters-column">
            <FacetPanel facets={result.facets} chosen={chosen} />
          </div>
        </form>
        {/* Forms cannot nest: the subscription's own form follows the search's, under the results. */}
        <SubscribeForm
          search={searchOf(view)}
          csrf={app.formToken(request, reply)}
          email={request.session?.user.email}
        />
      </>,
      status,
    );
  });
};
