/**
 * The administrators' statistics (`/admin/stats`): everything the public page shows, and practices in every
 * state, the moderators' queue and its age, days from submission to decision, decisions per reviewer — each as
 * a chart, a table and a CSV (`/admin/stats/<name>.csv`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ADMIN_STATS, type AdminStat, type StatsService } from '../../../stats/service.js';
import { sendPage } from '../../render.js';
import { sendStatsTable, STATS_FORMATS, StatsSection, statsStyles, type StatsFormat } from '../stats-parts.js';
import { ADMINS_ONLY } from './home.js';
import { AdminNav, adminStyles, availableSections } from './nav.js';
import { ADMIN } from './paths.js';

const fileHref = (name: string, format: StatsFormat) => `${ADMIN.stats}/${name}.${format}`;

/** The page's groups, each a heading over its tables. */
const GROUPS: { title: string; tables: AdminStat[] }[] = [
  { title: 'Практики', tables: ['states', 'municipalities', 'levels', 'subjects', 'technologies', 'years'] },
  { title: 'Просмотры и скачивания', tables: ['views', 'downloads'] },
  { title: 'Модерация', tables: ['queue', 'decision-times', 'reviewers'] },
];

export const adminStatsPage: FastifyPluginAsyncZod<{ stats: StatsService }> = async (app, { stats }) => {
  app.get(ADMIN.stats, { config: ADMINS_ONLY, schema: { hide: true } }, async (request, reply) =>
    sendPage(
      request,
      reply,
      {
        title: 'Статистика — администрирование',
        head: (
          <>
            {adminStyles}
            {statsStyles}
          </>
        ),
      },
      <div class="admin stats">
        <h1>Статистика</h1>
        <AdminNav sections={availableSections(request)} current={ADMIN.stats} />
        <nav class="stats-toc" aria-label="Разделы статистики">
          <ul>
            {GROUPS.map((group) => (
              <li>
                <a href={`#group-${GROUPS.indexOf(group)}`}>{group.title}</a>
              </li>
            ))}
          </ul>
        </nav>
        {GROUPS.map((group, i) => (
          <section class="stats-group" aria-labelledby={`group-${i}`}>
            <h2 id={`group-${i}`}>{group.title}</h2>
            {group.tables.map((name) => (
              <StatsSection name={name} table={stats.table(name)} href={(format) => fileHref(name, format)} level={3} />
            ))}
          </section>
        ))}
      </div>,
    ),
  );

  for (const name of ADMIN_STATS)
    for (const format of STATS_FORMATS)
      app.get(fileHref(name, format), { config: ADMINS_ONLY, schema: { hide: true } }, async (_request, reply) =>
        sendStatsTable(reply, name, stats.table(name), format),
      );
};
