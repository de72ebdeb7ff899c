/**
 * The registry of innovation platforms for everyone: `/platforms` (filters by level, theme words, municipality and
 * status; a GET form, paged) and `/platforms/:id` (the organisation, the order, the period, the status, the
 * practices and the yearly reports). Keepers (moderators, admins) see links to their forms.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PUBLIC_READ } from '../../../access/routes.js';
import type { PlatformService } from '../../../platforms/service.js';
import type { VocabularyCatalogue } from '../../../vocabularies/service.js';
import { asset } from '../../assets.js';
import { ButtonLink } from '../../components/forms.js';
import { Breadcrumbs, Pagination } from '../../components/navigation.js';
import { count, formatDate, formatNumber, type Forms } from '../../format.js';
import { sendPage } from '../../render.js';
import { queryString } from '../listing.js';
import { periodOf, PlatformFilters, PlatformTable } from './parts.js';
import { PLATFORMS } from './paths.js';

export const PLATFORM_FORMS: Forms = { one: 'площадка', few: 'площадки', many: 'площадок' };
export const platformStyles = <link rel="stylesheet" href={asset('pages.css')} />;

/** Whether the signed-in person keeps the registry (sees the links to the forms). */
export const keepsPlatforms = (request: FastifyRequest) =>
  request.session?.user.roles.some((r) => r === 'moderator' || r === 'admin') ?? false;

const listQuery = z.object({
  q: z.string().max(200, 'Запрос не длиннее 200 символов').optional(),
  level: z.enum(['federal', 'regional', 'municipal', ''], { error: 'Такого уровня нет' }).optional(),
  status: z.enum(['active', 'completed', 'terminated', ''], { error: 'Такого статуса нет' }).optional(),
  municipality: z.string().max(64).optional(),
  page: z.coerce
    .number({ error: 'Номер страницы — целое число' })
    .int('Номер страницы — целое число')
    .min(1, 'Страницы нумеруются с 1')
    .max(10_000, 'Такой страницы нет')
    .default(1),
});

const idParams = z.object({
  id: z.coerce
    .number({ error: 'Номер площадки — целое число, например /platforms/3' })
    .int('Номер площадки — целое число, например /platforms/3')
    .positive('Номер площадки — целое положительное число')
    .max(2 ** 31),
});

const megabytes = (size: number) => `${formatNumber(Math.max(0.1, Math.round(size / 104857.6) / 10))} МБ`;

export const platformPublicPages: FastifyPluginAsyncZod<{
  platforms: PlatformService;
  vocabularies: VocabularyCatalogue;
}> = async (app, { platforms, vocabularies }) => {
  const municipalities = () => vocabularies.terms('municipalities').map((t) => ({ value: t.code, label: t.label }));

  app.get(
    PLATFORMS.list,
    { config: PUBLIC_READ, schema: { hide: true, querystring: listQuery } },
    async (request, reply) => {
      const q = request.query.q?.trim() || undefined;
      const level = request.query.level || undefined;
      const status = request.query.status || undefined;
      const municipality = request.query.municipality || undefined;
      const result = platforms.list({ q, level, status, municipality, page: request.query.page, perPage: 20 });
      const keep = (n: number) =>
        PLATFORMS.list + queryString({ q, level, status, municipality, page: n === 1 ? undefined : n });
      const past = result.total > 0 && result.page > result.pages;
      return sendPage(
        request,
        reply,
        {
          title: 'Инновационные площадки',
          head: platformStyles,
          description: 'Реестр федеральных, региональных и муниципальных инновационных площадок Смоленской области',
        },
        <>
          <h1>Инновационные площадки</h1>
          <p>
            Образовательные организации Смоленской области, которым приказом присвоен статус федеральной, региональной
            или муниципальной инновационной площадки, их темы, сроки, практики и отчёты.
          </p>
          {keepsPlatforms(request) ? (
            <p class="actions">
              <ButtonLink href={PLATFORMS.create}>Добавить площадку</ButtonLink>{' '}
              <ButtonLink href={PLATFORMS.import} variant="secondary">
                Загрузить из таблицы
              </ButtonLink>
            </p>
          ) : null}
          <PlatformFilters values={{ q, level, status, municipality }} municipalities={municipalities()} />
          {result.total === 0 ? (
            <p role="status">Площадок не найдено. Уберите часть условий или проверьте написание слов.</p>
          ) : past ? (
            <p role="status">
              Страницы {result.page} нет: найдено {count(result.total, PLATFORM_FORMS)} на {result.pages} стр.{' '}
              <a href={keep(1)}>К первой странице</a>
            </p>
          ) : (
            <>
              <p class="meta" role="status">
                Найдено: {count(result.total, PLATFORM_FORMS)}
              </p>
              <PlatformTable items={result.items} caption="Инновационные площадки" />
            </>
          )}
          <Pagination page={Math.min(result.page, result.pages)} pages={result.pages} href={keep} />
        </>,
        past ? 404 : 200,
      );
    },
  );

  app.get(
    '/platforms/:id',
    { config: PUBLIC_READ, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const p = platforms.get(request.params.id);
      const order = p.files.find((f) => f.kind === 'order');
      const reports = p.files.filter((f) => f.kind === 'report');
      const years = [...new Set(reports.map((r) => r.year!))];
      const org = p.organization;
      return sendPage(
        request,
        reply,
        { title: p.theme, head: platformStyles, description: `${p.levelLabel} инновационная площадка: ${p.theme}` },
        <>
          <Breadcrumbs
            items={[
              { label: 'Главная', href: '/' },
              { label: 'Инновационные площадки', href: PLATFORMS.list },
              { label: org.shortName ?? org.name },
            ]}
          />
          <p class="meta">{p.levelLabel} инновационная площадка</p>
          <h1>{p.theme}</h1>
          {p.demo ? (
            <p class="notice" role="note">
              Демонстрационная запись: площадка добавлена в учебный каталог банка, чтобы показать, как выглядит реестр.
              Приказа с такими реквизитами нет.
            </p>
          ) : null}
          {keepsPlatforms(request) ? (
            <p class="actions">
              <ButtonLink href={PLATFORMS.edit(p.id)} variant="secondary">
                Изменить площадку, практики и отчёты
              </ButtonLink>
            </p>
          ) : null}
          <dl class="facts">
            <div>
              <dt>Организация</dt>
              <dd>
                <a href={`/organizations/${org.id}`}>{org.name}</a>
              </dd>
            </div>
            <div>
              <dt>Муниципалитет</dt>
              <dd>
                <a href={`/municipalities/${org.municipality}`}>{org.municipalityLabel}</a>
              </dd>
            </div>
            <div>
              <dt>Статус</dt>
              <dd>{p.statusLabel}</dd>
            </div>
            <div>
              <dt>Период работы</dt>
              <dd>{periodOf(p)}</dd>
            </div>
            <div>
              <dt>Приказ</dt>
              <dd>
                № {p.order.number} от {formatDate(p.order.date)}, {p.order.issuer}
                {order ? (
                  <>
                    {' '}
                    (<a href={order.url}>текст приказа</a>, {megabytes(order.size)})
                  </>
                ) : null}
              </dd>
            </div>
          </dl>
          {p.description ? <p>{p.description}</p> : null}
          <h2>Практики площадки</h2>
          {p.practices.length === 0 ? (
            <p>Практики площадки ещё не опубликованы в банке.</p>
          ) : (
            <ul>
              {p.practices.map((practice) => (
                <li>
                  <a href={practice.url}>{practice.title}</a> <span class="meta nowrap">{practice.registryNumber}</span>
                </li>
              ))}
            </ul>
          )}
          <h2>Отчёты</h2>
          {years.length === 0 ? (
            <p>Отчёты площадки ещё не загружены.</p>
          ) : (
            <dl class="facts">
              {years.map((year) => (
                <div>
                  <dt>{year} год</dt>
                  <dd>
                    <ul>
                      {reports
                        .filter((r) => r.year === year)
                        .map((r) => (
                          <li>
                            <a href={r.url}>{r.name}</a> <span class="meta">{megabytes(r.size)}</span>
                          </li>
                        ))}
                    </ul>
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </>,
      );
    },
  );
};
