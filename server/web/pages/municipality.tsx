/**
 * A municipality's page `/municipalities/:code`: how many of its practices serve each level of education,
 * its newest practices (through public search, so only published ones) and its organisations, busiest first.
 */
import { PUBLIC_READ } from '../../access/routes.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OrganizationProfiles } from '../../organizations/profiles.js';
import { asset } from '../assets.js';
import { count, formatDate, ORGANIZATIONS, PRACTICES } from '../format.js';
import { sendPage } from '../render.js';
import { Table } from '../components/content.js';
import { Breadcrumbs, Pagination } from '../components/navigation.js';
import { queryString } from './listing.js';

const params = z.object({
  code: z
    .string()
    .max(64, 'Код муниципального образования не длиннее 64 символов')
    .regex(/^[a-z0-9_-]+$/, 'Код муниципального образования — латинские буквы, например /municipalities/smolensk'),
});
const query = z.object({
  page: z.coerce
    .number({ error: 'Номер страницы — целое число' })
    .int('Номер страницы — целое число')
    .min(1, 'Страницы нумеруются с 1')
    .max(500, 'Такой страницы нет')
    .default(1),
});

export const municipalityPages: FastifyPluginAsyncZod<{ profiles: OrganizationProfiles }> = async (
  app,
  { profiles },
) => {
  app.get(
    '/municipalities/:code',
    { config: PUBLIC_READ, schema: { hide: true, params, querystring: query } },
    async (request, reply) => {
      const m = await profiles.municipality(request.params.code, request.query.page);
      const base = `/municipalities/${m.code}`;
      const searchAll = `/${queryString({ municipality: m.code })}`;
      return sendPage(
        request,
        reply,
        {
          title: m.label,
          head: <link rel="stylesheet" href={asset('pages.css')} />,
          description: `${m.label}: практики и организации в банке инновационных практик`,
        },
        <>
          <Breadcrumbs
            items={[
              { label: 'Главная', href: '/' },
              { label: 'Организации', href: '/organizations' },
              { label: m.label },
            ]}
          />
          <h1>{m.label}</h1>
          <p class="meta">
            В банке {count(m.practices.total, PRACTICES)} и {count(m.organizations.total, ORGANIZATIONS)}.
          </p>
          {m.levels.length ? (
            <section aria-labelledby="levels">
              <h2 id="levels">Практики по уровням образования</h2>
              <ul class="counts">
                {m.levels.map((l) => (
                  <li>
                    <a href={`/${queryString({ municipality: m.code, level: l.value })}`}>{l.label}</a>
                    {`:\u00a0${l.count}`}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="practices">
            <h2 id="practices">Практики</h2>
            {m.practices.total === 0 ? (
              <p>Опубликованных практик пока нет.</p>
            ) : m.practices.page > m.practices.pages ? (
              <p role="status">
                Страницы {m.practices.page} нет. <a href={base}>К первой странице</a>
              </p>
            ) : (
              <>
                <ol class="similar" start={(m.practices.page - 1) * 20 + 1}>
                  {m.practices.items.map((h) => (
                    <li>
                      <a href={`/practices/${h.registryNumber}`}>{h.title}</a>
                      <span class="meta">
                        {' '}
                        <span class="nowrap">№ {h.registryNumber}</span>
                        {h.organization ? ` · ${h.organization.shortName ?? h.organization.name}` : ''}
                        {h.publishedAt ? ` · ${formatDate(h.publishedAt)}` : ''}
                      </span>
                    </li>
                  ))}
                </ol>
                <Pagination
                  page={m.practices.page}
                  pages={m.practices.pages}
                  href={(n) => `${base}${queryString({ page: n === 1 ? undefined : n })}`}
                />
                <p>
                  <a href={searchAll}>Искать среди практик района с фильтрами</a>
                </p>
                <p class="downloads">
                  Скачать все практики:{' '}
                  <a
                    href={`/api/v1/search/export${queryString({ format: 'xlsx', municipality: m.code, sort: 'newest' })}`}
                  >
                    Excel
                  </a>{' '}
                  ·{' '}
                  <a
                    href={`/api/v1/search/export${queryString({ format: 'csv', municipality: m.code, sort: 'newest' })}`}
                  >
                    CSV
                  </a>{' '}
                  ·{' '}
                  <a href={`/report-list${queryString({ municipality: m.code, sort: 'newest' })}`}>Список для отчёта</a>
                </p>
              </>
            )}
          </section>
          <section aria-labelledby="organizations">
            <h2 id="organizations">Организации</h2>
            {m.organizations.total === 0 ? (
              <p>В справочнике пока нет организаций этого муниципального образования.</p>
            ) : (
              <>
                <Table
                  caption={`Организации: ${m.label}`}
                  rows={m.organizations.items}
                  columns={[
                    {
                      header: 'Название',
                      rowHeader: true,
                      cell: (o) => <a href={`/organizations/${o.id}`}>{o.name}</a>,
                    },
                    { header: 'Тип', cell: (o) => o.typeLabel },
                    { header: 'Практик', cell: (o) => o.practices },
                  ]}
                />
                {m.organizations.total > m.organizations.items.length ? (
                  <p>
                    <a href={`/organizations${queryString({ municipality: m.code })}`}>
                      Все организации района в справочнике ({m.organizations.total})
                    </a>
                  </p>
                ) : null}
              </>
            )}
          </section>
        </>,
      );
    },
  );
};
