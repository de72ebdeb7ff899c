/**
 * The public statistics (`/stats`, linked from every page's footer): published practices by municipality (all 27,
 * so each sees its own row), level, subject, technology and year, views and downloads by month — each as a chart,
 * a table and a CSV (`/stats/<name>.csv`). Only public counts: nothing about drafts, reviews or reviewers.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PUBLIC_READ } from '../../access/routes.js';
import { PUBLIC_STATS, type StatsService } from '../../stats/service.js';
import { count, PRACTICES } from '../format.js';
import { sendPage } from '../render.js';
import { ADMIN } from './admin/paths.js';
import { sendStatsTable, STATS_FORMATS, StatsSection, statsStyles, type StatsFormat } from './stats-parts.js';

/** The public statistics' addresses. */
export const STATS = {
  page: '/stats',
  file: (name: string, format: StatsFormat) => `/stats/${name}.${format}`,
} as const;

export const statsPages: FastifyPluginAsyncZod<{ stats: StatsService }> = async (app, { stats }) => {
  app.get(STATS.page, { config: PUBLIC_READ, schema: { hide: true } }, async (request, reply) => {
    const tables = PUBLIC_STATS.map((name) => ({ name, table: stats.table(name) }));
    const isAdmin = request.session?.user.roles.includes('admin') ?? false;
    return sendPage(
      request,
      reply,
      {
        title: 'Статистика',
        head: statsStyles,
        description: 'Статистика банка инновационных практик: практики по муниципалитетам, уровням, предметам, годам',
      },
      <div class="stats">
        <h1>Статистика банка</h1>
        <p class="lead">
          В банке {count(stats.publishedCount(), PRACTICES)}, прошедших экспертизу СОИРО. Каждая таблица скачивается в
          CSV. Практики и внедрения по муниципалитетам — и на <a href="/map">карте области</a>.
          {isAdmin ? (
            <>
              {' '}
              Подробная статистика с модерацией — в <a href={ADMIN.stats}>администрировании</a>.
            </>
          ) : null}
        </p>
        <nav class="stats-toc" aria-label="Разделы статистики">
          <ul>
            {tables.map(({ name, table }) => (
              <li>
                <a href={`#stat-${name}`}>{table.title}</a>
              </li>
            ))}
          </ul>
        </nav>
        {tables.map(({ name, table }) => (
          <StatsSection name={name} table={table} href={(format) => STATS.file(name, format)} />
        ))}
      </div>,
    );
  });

  for (const name of PUBLIC_STATS)
    for (const format of STATS_FORMATS)
      app.get(STATS.file(name, format), { config: PUBLIC_READ, schema: { hide: true } }, async (_request, reply) =>
        sendStatsTable(reply, name, stats.table(name), format),
      );
};
