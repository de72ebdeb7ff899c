/**
 * The organisation pages: `/organizations/:id` (details and a table of its published practices, what a school
 * cites in its report) and the directory `/organizations` (by name, municipality and type). A merged entry's
 * old address moves permanently to the one it was merged into.
 */
import { VOCABULARY_MODEL } from '../../model/vocabularies.js';
import { PUBLIC_READ } from '../../access/routes.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OrganizationProfiles } from '../../organizations/profiles.js';
import type { VocabularyCatalogue } from '../../vocabularies/service.js';
import { asset } from '../assets.js';
import { count, ORGANIZATIONS, PRACTICES } from '../format.js';
import { sendPage } from '../render.js';
import { Table } from '../components/content.js';
import { Breadcrumbs, Pagination } from '../components/navigation.js';
import { PracticeTable, queryString } from './listing.js';
import { OrganizationPlatforms } from './platforms/parts.js';

export interface OrganizationPageOptions {
  profiles: OrganizationProfiles;
  vocabularies: VocabularyCatalogue;
}

const page = z.coerce
  .number({ error: 'Номер страницы — целое число' })
  .int('Номер страницы — целое число')
  .min(1, 'Страницы нумеруются с 1')
  .max(10_000, 'Такой страницы нет')
  .default(1);

const idParams = z.object({
  id: z.coerce
    .number({ error: 'Номер организации — целое число, например /organizations/12' })
    .int('Номер организации — целое число, например /organizations/12')
    .positive('Номер организации — целое положительное число')
    .max(2 ** 31),
});

const directoryQuery = z.object({
  q: z.string().max(200, 'Запрос не длиннее 200 символов').optional(),
  municipality: z.string().max(64).optional(),
  type: z.string().max(64).optional(),
  page,
});

const styles = <link rel="stylesheet" href={asset('pages.css')} />;

export const organizationPages: FastifyPluginAsyncZod<OrganizationPageOptions> = async (
  app,
  { profiles, vocabularies },
) => {
  app.get(
    '/organizations/:id',
    { config: PUBLIC_READ, schema: { hide: true, params: idParams, querystring: z.object({ page }) } },
    async (request, reply) => {
      const found = profiles.organization(request.params.id, request.query.page);
      if (found.movedTo !== null) return reply.redirect(`/organizations/${found.movedTo}`, 301);
      const { organization: o, practices } = found;
      return sendPage(
        request,
        reply,
        { title: o.name, head: styles, description: `${o.name}: опубликованные практики` },
        <>
          <Breadcrumbs
            items={[
              { label: 'Главная', href: '/' },
              { label: 'Организации', href: '/organizations' },
              { label: o.municipalityLabel, href: `/municipalities/${o.municipality}` },
              { label: o.shortName ?? o.name },
            ]}
          />
          <h1>{o.name}</h1>
          <dl class="facts">
            {o.shortName ? (
              <div>
                <dt>Краткое название</dt>
                <dd>{o.shortName}</dd>
              </div>
            ) : null}
            <div>
              <dt>Тип</dt>
              <dd>{o.typeLabel}</dd>
            </div>
            <div>
              <dt>{VOCABULARY_MODEL.municipalities.singular}</dt>
              <dd>
                <a href={`/municipalities/${o.municipality}`}>{o.municipalityLabel}</a>
              </dd>
            </div>
            {o.inn ? (
              <div>
                <dt>ИНН</dt>
                <dd>{o.inn}</dd>
              </div>
            ) : null}
          </dl>
          <OrganizationPlatforms items={request.server.bank.services.platforms.ofOrganization(o.id)} />
          <h2>Опубликованные практики</h2>
          {practices.total === 0 ? (
            <p>У организации пока нет опубликованных практик.</p>
          ) : practices.page > practices.pages ? (
            <p role="status">
              Страницы {practices.page} нет: в реестре {count(practices.total, PRACTICES)} организации.{' '}
              <a href={`/organizations/${o.id}`}>К первой странице</a>
            </p>
          ) : (
            <>
              <p class="meta">В реестре {count(practices.total, PRACTICES)}.</p>
              <p class="downloads">
                Скачать все практики организации:{' '}
                <a href={`/api/v1/organizations/${o.id}/practices/export?format=xlsx`}>Excel</a> ·{' '}
                <a href={`/api/v1/organizations/${o.id}/practices/export?format=csv`}>CSV</a> ·{' '}
                <a href={`/report-list?organization=${o.id}`}>Список для отчёта</a>
              </p>
              <PracticeTable
                items={practices.items}
                vocabularies={vocabularies}
                caption={`Практики организации «${o.shortName ?? o.name}»`}
              />
              <Pagination
                page={practices.page}
                pages={practices.pages}
                href={(n) => `/organizations/${o.id}${queryString({ page: n === 1 ? undefined : n })}`}
              />
            </>
          )}
        </>,
      );
    },
  );

  app.get(
    '/organizations',
    { config: PUBLIC_READ, schema: { hide: true, querystring: directoryQuery } },
    async (request, reply) => {
      const query = { ...request.query, q: request.query.q?.trim() || undefined };
      const result = profiles.directory(query);
      const { municipalities, types } = profiles.choices();
      const keep = (n: number) =>
        `/organizations${queryString({ q: query.q, municipality: query.municipality, type: query.type, page: n === 1 ? undefined : n })}`;
      return sendPage(
        request,
        reply,
        {
          title: 'Организации',
          head: styles,
          description: 'Справочник образовательных организаций Смоленской области',
        },
        <>
          <h1>Организации</h1>
          <form class="filters" action="/organizations" method="get" role="search" aria-label="Поиск организаций">
            <div>
              <label for="org-q">Название</label>
              <input id="org-q" name="q" type="search" value={query.q ?? ''} maxLength={200} />
            </div>
            <div>
              <label for="org-municipality">{VOCABULARY_MODEL.municipalities.singular}</label>
              <select id="org-municipality" name="municipality">
                <option value="">Все</option>
                {municipalities.map((m) => (
                  <option value={m.value} selected={m.value === query.municipality}>
                    {m.label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="org-type">Тип</label>
              <select id="org-type" name="type">
                <option value="">Все</option>
                {types.map((t) => (
                  <option value={t.value} selected={t.value === query.type}>
                    {t.label}
                  </option>
                ))}
              </select>
            </div>
            <button class="button" type="submit">
              Найти
            </button>
          </form>
          {result.total === 0 ? (
            <p role="status">Организаций не найдено. Уберите часть условий или проверьте написание названия.</p>
          ) : result.page > result.pages ? (
            <p role="status">
              Страницы {result.page} нет: найдено {count(result.total, ORGANIZATIONS)} на {result.pages} стр.{' '}
              <a href={keep(1)}>К первой странице</a>
            </p>
          ) : (
            <>
              <p class="meta" role="status">
                Найдено: {count(result.total, ORGANIZATIONS)}
              </p>
              <Table
                caption="Организации"
                rows={result.items}
                columns={[
                  { header: 'Название', rowHeader: true, cell: (o) => <a href={`/organizations/${o.id}`}>{o.name}</a> },
                  { header: 'Тип', cell: (o) => o.typeLabel },
                  { header: VOCABULARY_MODEL.municipalities.singular, cell: (o) => o.municipalityLabel },
                  { header: 'Практик', cell: (o) => o.practices },
                ]}
              />
            </>
          )}
          <Pagination page={Math.min(result.page, result.pages)} pages={result.pages} href={keep} />
        </>,
        // A page past the end is not there, as on the search page; the notice above links back.
        result.total > 0 && result.page > result.pages ? 404 : 200,
      );
    },
  );
};
