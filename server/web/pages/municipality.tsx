/**
 * A municipality's page `/municipalities/:code`: how many of its practices serve each level of education,
 * its newest practices (through public search, so only published ones) and its organisations, busiest first.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OrganizationProfiles } from '../../organizations/profiles.js';
import { asset } from '../assets.js';
import { count, formatDate, ORGANIZATIONS, PRACTICES } from '../format.js';
import { sendPage } from '../render.js';
import { Pager, queryString } from './listing.js';

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
  app.get('/municipalities/:code', { schema: { hide: true, params, querystring: query } }, async (request, reply) => {
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
        <nav aria-label="Вы здесь" class="breadcrumbs">
          <a href="/organizations">Организации</a>
        </nav>
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
                  <a href={`/${queryString({ municipality: m.code, level: l.value })}`}>{l.label}</a>: {l.count}
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
                      № {h.registryNumber}
                      {h.organization ? ` · ${h.organization.shortName ?? h.organization.name}` : ''}
                      {h.publishedAt ? ` · ${formatDate(h.publishedAt)}` : ''}
                    </span>
                  </li>
                ))}
              </ol>
              <Pager
                page={m.practices.page}
                pages={m.practices.pages}
                href={(n) => `${base}${queryString({ page: n === 1 ? undefined : n })}`}
              />
              <p>
                <a href={searchAll}>Искать среди практик района с фильтрами</a>
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
              <div class="table-scroll">
                <table class="listing">
                  <caption class="visually-hidden">Организации: {m.label}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Название</th>
                      <th scope="col">Тип</th>
                      <th scope="col">Практик</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.organizations.items.map((o) => (
                      <tr>
                        <td>
                          <a href={`/organizations/${o.id}`}>{o.name}</a>
                        </td>
                        <td data-label="Тип">{o.typeLabel}</td>
                        <td data-label="Практик">{o.practices}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {m.organizations.total > m.organizations.items.length ? (
                <p>
                  <a href={`/organizations${queryString({ municipality: m.code })}`}>
                    Все {count(m.organizations.total, ORGANIZATIONS)} района в справочнике
                  </a>
                </p>
              ) : null}
            </>
          )}
        </section>
      </>,
    );
  });
};
